import * as Y from 'yjs';
import { boardRoots } from '../../board/schema.ts';
import { NoteIndex } from '../../board/note-index.ts';
import { isLocked } from '../../board/facilitation.ts';
import { checkVoteChanges, readVotes, readVotingRound, type VoteState } from '../../board/voting.ts';
import { expectedVoterId } from './voters.ts';

/** Who sent an update, as far as the board's rules care. */
export interface Author {
	user: { id: string };
	/** Project facilitators and admins: they control voting, the timer, the lock and focus. */
	canFacilitate: boolean;
}

/**
 * The board's rules, applied to every update an editor sends: only facilitators change `meta`
 * (voting round, timer, lock, focus); on a locked board only facilitators change notes and
 * sections; every dot is the sender's own and keeps the round's rules (voting.ts).
 *
 * An update is applied first and what breaks a rule is then undone by the server (a Yjs undo of
 * just that update, in the scope it broke), rather than the update being dropped: a dropped
 * update would leave the sender's copy ahead of everyone's for good, and every later edit of
 * theirs that builds on it unappliable. Applied and undone, the sender converges with everyone
 * (they receive the undo too) and nothing that keeps the rules is lost.
 */
export class BoardGuard {
	readonly #doc: Y.Doc;
	readonly #boardId: string;
	readonly #voterKey: Uint8Array;
	/** The votes as they were after the last transaction (plain values, few). */
	#votes: VoteState;
	#index: NoteIndex | null = null;
	#onTransaction: (tr: Y.Transaction) => void;

	constructor(doc: Y.Doc, boardId: string, voterKey: Uint8Array) {
		this.#doc = doc;
		this.#boardId = boardId;
		this.#voterKey = voterKey;
		this.#votes = readVotes(doc);
		const { votes } = boardRoots(doc);
		this.#onTransaction = (tr) => {
			if (tr.changedParentTypes.has(votes as Y.AbstractType<any>)) this.#votes = readVotes(doc);
		};
		doc.on('afterTransaction', this.#onTransaction);
	}

	/** Applies `update` from `author`, then undoes what breaks the rules. True if anything was undone. */
	apply(author: Author, update: Uint8Array): boolean {
		const doc = this.#doc;
		const roots = boardRoots(doc);
		const track = { trackedOrigins: new Set<unknown>([author]), captureTimeout: 0 };
		const guards: Y.UndoManager[] = [];
		const guard = (scope: Y.AbstractType<any>[]) => {
			const manager = new Y.UndoManager(scope, track);
			guards.push(manager);
			return manager;
		};
		const notes = !author.canFacilitate && isLocked(doc) ? guard([roots.noteOps, roots.sections] as Y.AbstractType<any>[]) : null;
		const meta = author.canFacilitate ? null : guard([roots.meta] as Y.AbstractType<any>[]);
		const votes = guard([roots.votes] as Y.AbstractType<any>[]);
		const votesBefore = this.#votes;
		try {
			Y.applyUpdate(doc, update, author);
			let undone = false;
			for (const manager of [notes, meta]) {
				if (manager && manager.undoStack.length > 0) {
					manager.undo();
					undone = true;
				}
			}
			if (votes.undoStack.length > 0) {
				const round = readVotingRound(doc);
				const voterId = round ? expectedVoterId(this.#voterKey, this.#boardId, author.user.id, round) : null;
				const index = (this.#index ??= new NoteIndex(doc));
				const check = checkVoteChanges(votesBefore, this.#votes, { voterId, canFacilitate: author.canFacilitate }, round, (id) => index.notes.get(id));
				if (!check.ok) {
					votes.undo();
					undone = true;
				}
			}
			return undone;
		} finally {
			for (const manager of guards) manager.destroy();
		}
	}

	destroy(): void {
		this.#doc.off('afterTransaction', this.#onTransaction);
		this.#index?.destroy();
	}
}
