import * as Y from 'yjs';
import { boardRoots, type BoardNote, type NoteOp } from './schema.ts';
import { foldNoteOps } from './note-log.ts';

export interface NoteChange {
	/** Notes that appeared, changed or disappeared in one transaction. */
	ids: Set<string>;
	/** The transaction's origin (a provider for remote changes, the local origin for ours). */
	origin: unknown;
	local: boolean;
}

/**
 * The board's notes, folded once and kept up to date from Yjs events: a change costs the ops it
 * touches (appends, the common case), or one scan of the log for the affected notes (deletions,
 * concurrent inserts in the middle). This is what the UI reads; `listNotes` folds from scratch.
 */
export class NoteIndex {
	readonly notes = new Map<string, BoardNote>();
	#ops: Y.Array<NoteOp>;
	#listeners = new Set<(change: NoteChange) => void>();
	#observer: (event: Y.YArrayEvent<NoteOp>, tr: Y.Transaction) => void;

	constructor(doc: Y.Doc) {
		this.#ops = boardRoots(doc).noteOps;
		for (const [id, note] of foldNoteOps(this.#ops)) this.notes.set(id, note);
		this.#observer = (event, tr) => this.#apply(event, tr);
		this.#ops.observe(this.#observer);
	}

	/** Called after every change of the notes, with what changed. Returns an unsubscribe. */
	subscribe(listener: (change: NoteChange) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	destroy(): void {
		this.#ops.unobserve(this.#observer);
		this.#listeners.clear();
	}

	#apply(event: Y.YArrayEvent<NoteOp>, tr: Y.Transaction): void {
		const { added, deleted } = event.changes;
		const ids = new Set<string>();
		const appended = deleted.size === 0 ? appendedInOrder(added) : null;
		if (appended) {
			for (const op of appended) {
				if (!op || typeof op !== 'object' || typeof op.id !== 'string') continue;
				ids.add(op.id);
				const fold = foldNoteOps([...(this.notes.has(op.id) ? [this.notes.get(op.id)] : []), op]);
				const note = fold.get(op.id);
				if (note) this.notes.set(op.id, note);
			}
		} else {
			for (const item of [...added, ...deleted]) {
				for (const op of item.content.getContent() as NoteOp[]) {
					if (op && typeof op === 'object' && typeof op.id === 'string') ids.add(op.id);
				}
			}
			const folded = foldNoteOps(this.#ops, ids);
			for (const id of ids) {
				const note = folded.get(id);
				if (note) this.notes.set(id, note);
				else this.notes.delete(id);
			}
		}
		if (ids.size === 0) return;
		const change = { ids, origin: tr.origin, local: tr.local };
		for (const listener of this.#listeners) listener(change);
	}
}

/**
 * The ops of `added` in array order if they all sit at the end of the array (nothing older
 * after them), else null. Appends are the common case: every new op is pushed.
 */
function appendedInOrder(added: Set<Y.Item>): NoteOp[] | null {
	if (added.size === 0) return [];
	let first: Y.Item | null = null;
	for (const item of added) {
		const left = item.left;
		if (!left || !added.has(left)) {
			if (first) return null;
			first = item;
		}
	}
	const out: NoteOp[] = [];
	let seen = 0;
	for (let item: Y.Item | null = first; item; item = item.right) {
		if (added.has(item)) {
			seen++;
			if (!item.deleted) out.push(...(item.content.getContent() as NoteOp[]));
		} else if (!item.deleted) {
			return null;
		}
	}
	return seen === added.size ? out : null;
}
