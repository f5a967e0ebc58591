import { activeFilterCount, findNotes, NO_FILTERS, type BoardSection, type FindFilters, type FindResult } from '$lib/board';
import type { BoardSession } from './board-session.svelte';

const INACTIVE: FindResult = { active: false, ids: [], matches: new Set(), sections: new Set() };

/**
 * Search and filters on one board, shared by the find bar and the views (the canvas dims what
 * does not match and goes to a result; the list shows only the matches). It reads the session's
 * notes, so it searches only what this client holds: others' private notes never reach it.
 */
export class BoardFind {
	open = $state(false);
	query = $state('');
	filters = $state<FindFilters>({ ...NO_FILTERS });
	/**
	 * The last "go to" asked for: the view showing the board brings that note into view, and
	 * moves keyboard focus to it when `focus` (Enter, the arrows; not while the query is typed).
	 */
	jump = $state<{ id: string; seq: number; focus: boolean } | null>(null);
	/** Asks the find bar to put keyboard focus in its field (it opened, or was asked again). */
	focusSeq = $state(0);

	readonly #session: BoardSession;
	readonly #sectionTitle: (section: BoardSection) => string;

	constructor(session: BoardSession, sectionTitle: (section: BoardSection) => string) {
		this.#session = session;
		this.#sectionTitle = sectionTitle;
	}

	readonly result: FindResult = $derived.by(() => {
		// Nothing asked: nothing read, so a busy board's changes cost the views nothing here.
		if (this.query.trim() === '' && activeFilterCount(this.filters) === 0) return INACTIVE;
		const session = this.#session;
		const votes = session.votes;
		const round = session.facilitation.voting;
		return findNotes(session.notes.values(), this.query, this.filters, {
			sections: session.sections.map((s) => ({ id: s.id, title: this.#sectionTitle(s) })),
			dots: (id) => {
				let total = 0;
				for (const count of votes.get(id)?.values() ?? []) if (count > 0) total += count;
				return total;
			},
			revealed: round?.status === 'revealed'
		});
	});

	get filterCount(): number {
		return activeFilterCount(this.filters);
	}

	/** Search or a filter is on: the views dim or leave out what does not match. */
	get active(): boolean {
		return this.result.active;
	}

	/** The note gone to, while it still matches. */
	get currentId(): string | null {
		const id = this.jump?.id;
		return id && this.result.matches.has(id) ? id : null;
	}

	/** Its place among the results, from 1 (0: none gone to yet). */
	get position(): number {
		const id = this.currentId;
		return id ? this.result.ids.indexOf(id) + 1 : 0;
	}

	/** How a note shows while finding: the current result, another match, dimmed, or as usual. */
	state(noteId: string): 'current' | 'match' | 'dim' | null {
		if (!this.result.active) return null;
		if (noteId === this.currentId) return 'current';
		return this.result.matches.has(noteId) ? 'match' : 'dim';
	}

	/** Opens the bar (if it is not) and puts keyboard focus in its field. */
	show(): void {
		this.open = true;
		this.focusSeq += 1;
	}

	/** Shows the best result without taking focus from the field (as the query is typed). */
	first(): void {
		const id = this.result.ids[0];
		this.jump = id ? { id, seq: (this.jump?.seq ?? 0) + 1, focus: false } : null;
	}

	next(): void {
		this.#go(1);
	}

	previous(): void {
		this.#go(-1);
	}

	#go(step: 1 | -1): void {
		const ids = this.result.ids;
		if (ids.length === 0) return;
		// From the note gone to (wherever a new ranking put it), else from the start.
		const at = this.position - 1;
		const from = at >= 0 ? at : step === 1 ? -1 : 0;
		const index = (from + step + ids.length) % ids.length;
		this.jump = { id: ids[index]!, seq: (this.jump?.seq ?? 0) + 1, focus: true };
	}

	/** The query or the filters changed: the next "go to" starts from the first result. */
	restart(): void {
		this.jump = null;
	}

	clearFilters(): void {
		this.filters = { ...NO_FILTERS };
		this.restart();
	}

	/** Closes the bar and clears the query and the filters: every note as usual again. */
	close(): void {
		this.open = false;
		this.query = '';
		this.clearFilters();
	}
}
