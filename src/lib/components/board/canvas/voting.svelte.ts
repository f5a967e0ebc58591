import { m } from '$lib/paraglide/messages.js';
import type { BoardNote } from '$lib/board';
import { myVoting, noteVoting, unvote, voteFor, type MyVoting, type NoteVoting } from '../votes';
import { noteExcerpt } from '../board-labels';
import type { BoardSession } from '$lib/client/board-session.svelte';

/**
 * Dot voting on the canvas (reactive): where I stand in the round, each note's dots as I may see
 * them, and my dots cast or taken back, each announced to screen readers (`status`).
 */
export class CanvasVoting {
	readonly #session: BoardSession;
	/** What the last cast or retracted dot did, for a live region. */
	status = $state('');
	readonly mine = $derived.by((): MyVoting | null => myVoting(this.#session));

	constructor(session: BoardSession) {
		this.#session = session;
	}

	/** One note's dots, or null when it takes none and has none. */
	of(note: BoardNote): NoteVoting | null {
		return noteVoting(this.#session, this.mine, note);
	}

	cast(id: string): void {
		const note = this.#session.notes.get(id);
		if (!note || !voteFor(this.#session, id)) return;
		const left = myVoting(this.#session)?.left ?? 0;
		this.status = m.board_vote_cast_announce({ left, text: noteExcerpt(note.text) });
	}

	retract(id: string): void {
		const note = this.#session.notes.get(id);
		if (!note || !unvote(this.#session, id)) return;
		const left = myVoting(this.#session)?.left ?? 0;
		this.status = m.board_vote_removed_announce({ left, text: noteExcerpt(note.text) });
	}
}
