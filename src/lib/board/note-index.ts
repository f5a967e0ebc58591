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
 * touches (appends and deletions of whole notes, the common cases), or one scan of the log for
 * the affected notes (concurrent inserts in the middle, an undone edit). This is what the UI reads; `listNotes` folds from scratch.
 */
export class NoteIndex {
	readonly notes = new Map<string, BoardNote>();
	#ops: Y.Array<NoteOp>;
	/** How many ops in the log each note id has: a deletion that takes them all needs no scan. */
	#opCounts = new Map<string, number>();
	#listeners = new Set<(change: NoteChange) => void>();
	#observer: (event: Y.YArrayEvent<NoteOp>, tr: Y.Transaction) => void;

	constructor(doc: Y.Doc) {
		this.#ops = boardRoots(doc).noteOps;
		for (const [id, note] of foldNoteOps(this.#ops)) this.notes.set(id, note);
		for (const op of this.#ops) this.#count(op, 1);
		this.#observer = (event, tr) => this.#apply(event, tr);
		this.#ops.observe(this.#observer);
	}

	/** Called after every change of the notes, with what changed. Returns an unsubscribe. */
	subscribe(listener: (change: NoteChange) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Counts one op of a note in or out; returns its id (null for a malformed op). */
	#count(op: unknown, by: 1 | -1): string | null {
		const id = op && typeof op === 'object' ? (op as { id?: unknown }).id : undefined;
		if (typeof id !== 'string') return null;
		const n = (this.#opCounts.get(id) ?? 0) + by;
		if (n > 0) this.#opCounts.set(id, n);
		else this.#opCounts.delete(id);
		return id;
	}

	/**
	 * Concurrent writers: an op made before its author saw another's lands before it, not at the
	 * end, and a fold would scan the whole log for its note (what made a flooded board slower as it
	 * grew). Such ops can still go on top of their notes as folded when nothing older of the same
	 * note is after them: a new note has nothing in the log yet; a folded note is checked by a walk
	 * to the end, given up after `NEAR_END` items. The ops of `added`, or null when a scan is
	 * needed (a note in two added items, whose order would take the scan; an op after them; a note
	 * left unfolded by a raced deletion).
	 */
	#nearEnd(added: Set<Y.Item>): NoteOp[] | null {
		const out: NoteOp[] = [];
		const itemOf = new Map<string, Y.Item>();
		for (const item of added) {
			const known = new Set<string>();
			for (const op of item.content.getContent() as NoteOp[]) {
				out.push(op);
				const id = opId(op);
				if (id === null) continue;
				if ((itemOf.get(id) ?? item) !== item) return null;
				itemOf.set(id, item);
				if (!this.#opCounts.has(id)) continue;
				if (!this.notes.has(id)) return null;
				known.add(id);
			}
			if (known.size > 0 && !nothingLater(item, known, added)) return null;
		}
		return out;
	}

	destroy(): void {
		this.#ops.unobserve(this.#observer);
		this.#listeners.clear();
	}

	#apply(_event: Y.YArrayEvent<NoteOp>, tr: Y.Transaction): void {
		const { added, deleted } = logChanges(this.#ops, tr);
		const ids = new Set<string>();
		const appended = deleted.size === 0 ? (appendedInOrder(added) ?? this.#nearEnd(added)) : null;
		if (appended) {
			for (const op of appended) {
				if (this.#count(op, 1) === null) continue;
				ids.add(op.id);
				const fold = foldNoteOps([...(this.notes.has(op.id) ? [this.notes.get(op.id)] : []), op]);
				const note = fold.get(op.id);
				if (note) this.notes.set(op.id, note);
			}
		} else {
			// Notes with ops added out of order, or some ops left, are folded again from the log;
			// a note whose every op went (a deletion) simply goes.
			const refold = new Set<string>();
			for (const item of added) {
				for (const op of item.content.getContent()) {
					const id = this.#count(op, 1);
					if (id !== null) refold.add(id);
				}
			}
			for (const item of deleted) {
				for (const op of item.content.getContent()) {
					const id = this.#count(op, -1);
					if (id !== null) ids.add(id);
				}
			}
			for (const id of ids) if (this.#opCounts.has(id)) refold.add(id);
			for (const id of refold) ids.add(id);
			const folded = refold.size > 0 ? foldNoteOps(this.#ops, refold) : new Map<string, BoardNote>();
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
 * What a transaction did to the log, from the transaction itself: Yjs's `event.changes` walks the
 * whole array to compute a delta, which on a big board costs more than the change. Added: items
 * of the log new in this transaction and still there; deleted: items it deleted that were there
 * before it (the same sets `event.changes` gives).
 */
function logChanges(ops: Y.Array<NoteOp>, tr: Y.Transaction): { added: Set<Y.Item>; deleted: Set<Y.Item> } {
	const added = new Set<Y.Item>();
	const deleted = new Set<Y.Item>();
	for (const [client, after] of tr.afterState) {
		const before = tr.beforeState.get(client) ?? 0;
		if (after <= before) continue;
		const structs = tr.doc.store.clients.get(client);
		if (!structs) continue;
		for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
			const struct = structs[i]!;
			if (struct instanceof Y.Item && struct.parent === ops && !struct.deleted) added.add(struct);
		}
	}
	Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
		if (struct instanceof Y.Item && struct.parent === ops && struct.id.clock < (tr.beforeState.get(struct.id.client) ?? 0)) deleted.add(struct);
	});
	return { added, deleted };
}

/** How far from the log's end an op of a note already folded may land and still skip the scan. */
const NEAR_END = 256;

function opId(op: unknown): string | null {
	const id = op && typeof op === 'object' ? (op as { id?: unknown }).id : undefined;
	return typeof id === 'string' ? id : null;
}

/** True if no op of `ids` is in the log after `item` (besides `added`), within `NEAR_END` items of the end. */
function nothingLater(item: Y.Item, ids: Set<string>, added: Set<Y.Item>): boolean {
	let distance = 0;
	for (let next = item.right; next; next = next.right) {
		if (++distance > NEAR_END) return false;
		if (next.deleted || added.has(next)) continue;
		for (const op of next.content.getContent()) {
			const id = opId(op);
			if (id !== null && ids.has(id)) return false;
		}
	}
	return true;
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
