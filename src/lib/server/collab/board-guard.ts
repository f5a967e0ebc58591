import * as Y from 'yjs';
import { boardRoots, type BoardNote, type BoardRoots } from '../../board/schema.ts';
import { NoteIndex } from '../../board/note-index.ts';
import { readVotes, type VoteState } from '../../board/voting.ts';
import type { BoardNotice } from '../../board/notices.ts';
import type { BoardChange } from './update-analysis.ts';
import { applyOwnBytes } from './own-bytes.ts';
import type { BoardRule, RuleAuthor, RuleBoard, RuleCheck, RuleRoot } from './rules/rule.ts';

export type { RuleAuthor as Author } from './rules/rule.ts';

export interface GuardOptions {
	rules: readonly BoardRule[];
	/** The largest a board may grow, in bytes of its stored state. */
	maxBoardBytes: number;
	now?: () => number;
}

export interface GuardOutcome {
	/** Something was undone: the sender must receive the result too. */
	undone: boolean;
	/** Why, for the sender (one per broken rule). */
	notices: BoardNotice[];
	/** Notes the update deleted (as they were before it). */
	deleted: BoardNote[];
}

/** Deleted notes remembered for an undo of their deletion (rules/authorship.ts). */
const REMEMBERED_DELETIONS = 5000;

/**
 * Applies every update an editor sends under the board's rules (rules/), on one loaded board.
 *
 * An update is applied first and what breaks a rule is then undone by the server (a Yjs undo of
 * just that update, in the roots the rule watches), rather than the update being dropped: a
 * dropped update would leave the sender's copy ahead of everyone's for good, and every later
 * edit of theirs that builds on it unappliable. Applied and undone, the sender converges with
 * everyone (they receive the undo too) and nothing that keeps the rules is lost.
 *
 * What an undo or a deletion removed is then garbage-collected at once: the undo managers keep
 * deleted items' content while they live, and it would otherwise stay in memory and in every
 * snapshot until the board is next loaded.
 */
export class BoardGuard {
	readonly #doc: Y.Doc;
	readonly #roots: BoardRoots;
	readonly #options: GuardOptions;
	readonly #board: RuleBoard;
	/** The votes as they were after the last transaction (plain values, few). */
	#votes: VoteState;
	/** While an update is applied: the votes before it. */
	#votesBefore: VoteState | null = null;
	readonly #index: NoteIndex;
	readonly #deleted = new Map<string, BoardNote>();
	readonly #undoManagers = new Map<RuleRoot, Y.UndoManager>();
	/** The stored state's size: measured (`exact`), or measured plus every update since. */
	#size = { bytes: 0, exact: true };
	readonly #onTransaction: (tr: Y.Transaction) => void;
	readonly #onUpdate: (update: Uint8Array) => void;

	constructor(doc: Y.Doc, boardId: string, voterKey: Uint8Array, options: GuardOptions) {
		this.#doc = doc;
		this.#roots = boardRoots(doc);
		this.#options = options;
		this.#votes = readVotes(doc);
		this.#index = new NoteIndex(doc);
		const votes = this.#roots.votes as Y.AbstractType<any>;
		this.#onTransaction = (tr) => {
			if (tr.changedParentTypes.has(votes)) this.#votes = readVotes(doc);
		};
		this.#onUpdate = (update) => {
			this.#size.bytes += update.byteLength;
			this.#size.exact = false;
		};
		doc.on('afterTransaction', this.#onTransaction);
		doc.on('update', this.#onUpdate);
		const now = options.now ?? Date.now;
		this.#board = {
			boardId,
			doc,
			roots: this.#roots,
			notes: this.#index,
			votesBefore: () => this.#votesBefore ?? this.#votes,
			voterKey,
			deletedNote: (id) => this.#deleted.get(id),
			wouldOverflow: (bytes) => this.#wouldOverflow(bytes),
			now
		};
	}

	/** The notes, kept up to date. */
	get notes(): NoteIndex {
		return this.#index;
	}

	/** Applies `update` from `author` (analysed as `change`), then undoes what breaks the rules. */
	apply(author: RuleAuthor, update: Uint8Array, change: BoardChange): GuardOutcome {
		const doc = this.#doc;
		const board = this.#board;
		// A rule is judged only where the update writes (the analysis knows): elsewhere it cannot be broken.
		const touched = (root: RuleRoot) => change.roots.has(root);
		const checks: RuleCheck[] = [];
		for (const rule of this.#options.rules) {
			const check = rule.check(board, change, author);
			if (check !== null && check.scope.some(touched)) checks.push(check);
		}
		// What the update does to a root a check watches is recorded by that root's undo manager,
		// which tracks this author only for the length of this call.
		const managers = new Map<RuleRoot, Y.UndoManager>();
		for (const check of checks) {
			for (const root of check.scope) {
				if (!touched(root) || managers.has(root)) continue;
				const manager = this.#undoManager(root);
				manager.trackedOrigins.add(author);
				managers.set(root, manager);
			}
		}
		const before = new Map<string, BoardNote>();
		for (const id of change.notesTouchedByDeletion) {
			const note = this.#index.notes.get(id);
			if (note) before.set(id, note);
		}
		const sizeBefore = { ...this.#size };
		this.#votesBefore = this.#votes;
		const deleteSets: ReturnType<typeof Y.createDeleteSet>[] = [];
		const collect = (tr: Y.Transaction) => deleteSets.push(tr.deleteSet);
		doc.on('afterTransaction', collect);
		try {
			applyOwnBytes(doc, update, author);
			const changed = (root: RuleRoot) => (managers.get(root)?.undoStack.length ?? 0) > 0;
			const notices: BoardNotice[] = [];
			const undo = new Set<RuleRoot>();
			for (const check of checks) {
				if (!check.scope.some(changed)) continue;
				const notice = check.judge(changed);
				if (notice === null) continue;
				if (!notices.includes(notice)) notices.push(notice);
				for (const root of check.scope) undo.add(root);
			}
			for (const root of undo) if (changed(root)) managers.get(root)!.undo();
			// A refused addition leaves only tombstones: the size is what it was.
			if (notices.includes('board-full')) this.#size = sizeBefore;
			const deleted: BoardNote[] = [];
			for (const [id, note] of before) {
				if (this.#index.notes.has(id)) continue;
				deleted.push(note);
				this.#remember(note);
			}
			return { undone: undo.size > 0, notices, deleted };
		} finally {
			this.#votesBefore = null;
			doc.off('afterTransaction', collect);
			for (const manager of managers.values()) {
				manager.trackedOrigins.delete(author);
				// Clearing releases what the stacks kept from garbage collection (deleted items), in a
				// transaction of its own that every observer of the board sees: only worth it when a
				// stack holds deletions, which most updates (an added or edited note) do not. Other
				// items (insertions) are not kept from anything: dropping them is enough.
				if (manager.undoStack.some(holdsDeletions) || manager.redoStack.some(holdsDeletions)) manager.clear();
				manager.undoStack.length = 0;
				manager.redoStack.length = 0;
			}
			for (const ds of deleteSets) Y.tryGc(ds, doc.store, doc.gcFilter);
		}
	}

	destroy(): void {
		for (const manager of this.#undoManagers.values()) manager.destroy();
		this.#doc.off('afterTransaction', this.#onTransaction);
		this.#doc.off('update', this.#onUpdate);
		this.#index.destroy();
	}

	#remember(note: BoardNote): void {
		this.#deleted.delete(note.id);
		this.#deleted.set(note.id, note);
		if (this.#deleted.size > REMEMBERED_DELETIONS) this.#deleted.delete(this.#deleted.keys().next().value!);
	}

	/**
	 * The undo manager of `root`, made once and kept with the board (one per update cost a listener
	 * added and removed on the document each time). Between updates it tracks no origin but its
	 * own, so it records nothing: the board's other transactions pass it by.
	 */
	#undoManager(root: RuleRoot): Y.UndoManager {
		let manager = this.#undoManagers.get(root);
		if (manager === undefined) {
			manager = new Y.UndoManager(this.#roots[root] as Y.AbstractType<any>, { trackedOrigins: new Set(), captureTimeout: 0 });
			this.#undoManagers.set(root, manager);
		}
		return manager;
	}

	/** Measures the state only when the running estimate says the limit may be near. */
	#wouldOverflow(bytes: number): boolean {
		const limit = this.#options.maxBoardBytes;
		if (this.#size.bytes + bytes <= limit) return false;
		if (!this.#size.exact) this.#size = { bytes: Y.encodeStateAsUpdate(this.#doc).byteLength, exact: true };
		return this.#size.bytes + bytes > limit;
	}
}

/** Whether an undo stack's item records deletions (the items it keeps from garbage collection). */
function holdsDeletions(item: { deletions: ReturnType<typeof Y.createDeleteSet> }): boolean {
	return item.deletions.clients.size > 0;
}
