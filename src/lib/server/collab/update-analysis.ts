import * as Y from 'yjs';
import { boardRoots, MAX_NOTE_TEXT, ROOT, type NoteOp } from '../../board/schema.ts';

/**
 * What an update from a client would do to a board, worked out before it is applied: whether it
 * keeps to the board's schema, whether the board has everything it builds on, and what it
 * changes (note ops appended, notes and sections it deletes, roots it touches).
 *
 * The schema is the board's roots (schema.ts) and nothing else: `noteOps` an array of note
 * ops (plain objects of known fields), `sections` and `votes` maps of `Y.Map`s of plain values,
 * `meta` a map of plain values (`comments` an array and `reactions` a map of plain values, `images` a map of `Y.Map`s as `sections`). An update that would create another top-level type, or put any
 * other kind of content anywhere (text, XML, sub-documents, binary, deeper nesting), is refused
 * whole: a root, once created in a Yjs document, can never be removed from it.
 *
 * An update that refers to what the board does not have yet (it was written after another update
 * that has not arrived) is `incomplete`. Yjs would keep it aside and integrate it later, inside
 * whatever update happens to complete it, under that update's author and unchecked; so the hub
 * holds it for its sender instead, and applies it (checked, as theirs) once it is complete.
 */

/** The roots and how each is shaped. */
const SCHEMA: Record<string, { array: boolean; entries: 'values' | 'maps' }> = {
	[ROOT.noteOps]: { array: true, entries: 'values' },
	[ROOT.sections]: { array: false, entries: 'maps' },
	[ROOT.votes]: { array: false, entries: 'maps' },
	[ROOT.meta]: { array: false, entries: 'values' },
	// Comments and reactions (comments.ts, reactions.ts): their rules read the values themselves.
	[ROOT.comments]: { array: true, entries: 'values' },
	[ROOT.reactions]: { array: false, entries: 'values' },
	// Images (images.ts): one map of plain values each, like sections.
	[ROOT.images]: { array: false, entries: 'maps' }
};

const NOTE_OP_STRINGS: Record<string, number> = { id: 64, text: MAX_NOTE_TEXT, color: 40, section: 64, author: 200 };
const NOTE_OP_NUMBERS = new Set(['x', 'y', 'w', 'h', 'created']);
const MAX_KEY = 200;
/** A plain value anywhere but a note op (a section's title, the voting round, the timer…). */
const MAX_VALUE_CHARS = 16 * 1024;

export interface BoardChange {
	/** The update's size. */
	bytes: number;
	/** Whether it adds content (anything but deletions, and what the board has already). */
	addsContent: boolean;
	/** The note ops it appends (new, not deleted in the same update). */
	noteOps: NoteOp[];
	/** Notes some of whose ops it deletes (a deleted note, or an undone edit). */
	notesTouchedByDeletion: Set<string>;
	/** Sections it deletes. */
	sectionsDeleted: Set<string>;
	/** The roots it writes to or deletes from. */
	roots: Set<string>;
	/** Notes it deletes whole (every op of theirs left), worked out on demand. */
	notesDeleted(): Set<string>;
}

export type UpdateAnalysis = { kind: 'ok'; change: BoardChange } | { kind: 'refused'; reason: string } | { kind: 'incomplete' };

class Refusal extends Error {}
class Incomplete extends Error {}

/** Where an item sits: its root, and the root-level entry whose map holds it (null for the root itself). */
interface Place {
	root: string;
	/** The nested map's entry in its root (a section id, a note id for votes), or null. */
	entry: string | null;
	/** The map key the item is a value of; null in an array. */
	key: string | null;
}

type Struct = Y.Item | Y.GC | Y.Skip;
type DeleteSet = ReturnType<typeof Y.createDeleteSet>;
/** An item the update's own structs or the board hold: its place, or 'gc' (deleted with its parent). */
type Resolved = Place | 'gc';

/** Works out what `update` (decoded as `decoded`) would do to `doc`, without applying it. */
export function analyzeUpdate(doc: Y.Doc, update: Uint8Array, decoded: { structs: Struct[]; ds: DeleteSet }): UpdateAnalysis {
	try {
		return { kind: 'ok', change: new Analysis(doc, decoded).run(update.byteLength) };
	} catch (error) {
		if (error instanceof Refusal) return { kind: 'refused', reason: error.message };
		if (error instanceof Incomplete) return { kind: 'incomplete' };
		throw error;
	}
}

class Analysis {
	readonly #doc: Y.Doc;
	readonly #structs: Struct[];
	readonly #ds: DeleteSet;
	/** The update's structs per client, in clock order. */
	readonly #byClient = new Map<number, Struct[]>();
	/** How far each client's clock reaches once the update is in. */
	readonly #reach = new Map<number, number>();
	readonly #places = new Map<Y.Item, Resolved>();
	readonly #rootNames: Map<Y.AbstractType<any>, string>;

	constructor(doc: Y.Doc, decoded: { structs: Struct[]; ds: DeleteSet }) {
		this.#doc = doc;
		this.#structs = decoded.structs;
		this.#ds = decoded.ds;
		this.#rootNames = rootNamesOf(doc);
	}

	run(bytes: number): BoardChange {
		const doc = this.#doc;
		for (const struct of this.#structs) {
			const list = this.#byClient.get(struct.id.client) ?? [];
			list.push(struct);
			this.#byClient.set(struct.id.client, list);
		}
		// Every client's structs must carry on from what the board has: a gap means an update in between is missing.
		for (const [client, list] of this.#byClient) {
			let reach = Y.getState(doc.store, client);
			for (const struct of list) {
				if (struct.id.clock > reach) throw new Incomplete();
				if (!(struct instanceof Y.Skip)) reach = Math.max(reach, struct.id.clock + struct.length);
			}
			this.#reach.set(client, reach);
		}
		const ds = this.#ds;
		for (const [client, ranges] of ds.clients) {
			const reach = this.#reach.get(client) ?? Y.getState(doc.store, client);
			for (const range of ranges) if (range.clock + range.len > reach) throw new Incomplete();
		}

		const roots = new Set<string>();
		const noteOps: NoteOp[] = [];
		let addsContent = false;
		for (const struct of this.#structs) {
			if (!(struct instanceof Y.Item)) continue;
			const known = Y.getState(doc.store, struct.id.client);
			if (struct.id.clock + struct.length <= known) continue; // the board has it already
			const place = this.#place(struct);
			if (place === 'gc') continue;
			this.#checkContent(struct, place);
			roots.add(place.root);
			if (struct.content instanceof Y.ContentDeleted) continue;
			addsContent = true;
			if (place.root === ROOT.noteOps && !this.#deletedHere(struct.id.client, struct.id.clock, struct.length)) {
				const ops = struct.content.getContent() as NoteOp[];
				const from = Math.max(0, known - struct.id.clock);
				for (let i = from; i < ops.length; i++) {
					if (!this.#deletedHere(struct.id.client, struct.id.clock + i, 1)) noteOps.push(ops[i]!);
				}
			}
		}
		const { noteOps: opsArray, sections } = boardRoots(doc);
		const touched = new Set<string>();
		const sectionsDeleted = new Set<string>();
		for (const [client, ranges] of ds.clients) {
			const structs = doc.store.clients.get(client);
			if (!structs) continue;
			const known = Y.getState(doc.store, client);
			for (const range of ranges) {
				const end = Math.min(range.clock + range.len, known);
				if (range.clock >= end) continue;
				for (let i = Y.findIndexSS(structs, range.clock); i < structs.length; i++) {
					const struct = structs[i]!;
					if (struct.id.clock >= end) break;
					if (!(struct instanceof Y.Item) || struct.deleted) continue;
					const place = this.#place(struct);
					if (place === 'gc') continue;
					roots.add(place.root);
					if (struct.parent === opsArray) {
						const ops = struct.content.getContent() as NoteOp[];
						const from = Math.max(0, range.clock - struct.id.clock);
						const to = Math.min(ops.length, end - struct.id.clock);
						for (let k = from; k < to; k++) {
							const id = (ops[k] as { id?: unknown } | undefined)?.id;
							if (typeof id === 'string') touched.add(id);
						}
					} else if (struct.parent === sections && struct.parentSub !== null && sections._map.get(struct.parentSub) === struct) {
						sectionsDeleted.add(struct.parentSub);
					}
				}
			}
		}

		let deletedWhole: Set<string> | null = null;
		return {
			bytes,
			addsContent,
			noteOps,
			notesTouchedByDeletion: touched,
			sectionsDeleted,
			roots,
			notesDeleted: () => (deletedWhole ??= this.#notesDeletedWhole(opsArray, touched))
		};
	}

	/** The notes of `touched` none of whose ops survive the deletion. */
	#notesDeletedWhole(ops: Y.Array<NoteOp>, touched: Set<string>): Set<string> {
		const out = new Set(touched);
		if (touched.size === 0) return out;
		for (let item = ops._start; item !== null; item = item.right) {
			if (item.deleted) continue;
			const content = item.content.getContent() as NoteOp[];
			for (let k = 0; k < content.length; k++) {
				const id = (content[k] as { id?: unknown } | undefined)?.id;
				if (typeof id === 'string' && out.has(id) && !this.#deletedHere(item.id.client, item.id.clock + k, 1)) out.delete(id);
			}
		}
		return out;
	}

	/** Whether the update's delete set covers the whole range. */
	#deletedHere(client: number, clock: number, length: number): boolean {
		const ranges = this.#ds.clients.get(client);
		if (!ranges) return false;
		let at = clock;
		const end = clock + length;
		// Ranges are few; a forged, unsorted delete set only makes this count wrong, never unsafe.
		for (let progressed = true; progressed && at < end;) {
			progressed = false;
			for (const r of ranges) {
				if (r.clock <= at && at < r.clock + r.len) {
					at = r.clock + r.len;
					progressed = true;
				}
			}
		}
		return at >= end;
	}

	/** The struct holding this id: in the update, or on the board. */
	#find(id: Y.ID): Struct | null {
		const list = this.#byClient.get(id.client);
		if (list) {
			let lo = 0;
			let hi = list.length - 1;
			while (lo <= hi) {
				const mid = (lo + hi) >> 1;
				const s = list[mid]!;
				if (id.clock < s.id.clock) hi = mid - 1;
				else if (id.clock >= s.id.clock + s.length) lo = mid + 1;
				else if (!(s instanceof Y.Skip)) return s;
				else break;
			}
		}
		if (id.clock < Y.getState(this.#doc.store, id.client)) return Y.getItem(this.#doc.store, id) as Y.Item | Y.GC;
		return null;
	}

	/**
	 * Where an item sits. One without parent information takes its neighbours' (as Yjs does):
	 * followed along its origins iteratively, as one update may chain thousands of them; a right
	 * neighbour somewhere else than the left one is refused (Yjs would believe the right one).
	 */
	#place(item: Y.Item): Resolved {
		const chain: Y.Item[] = [];
		const rights: Resolved[] = [];
		let current: Y.Item = item;
		let resolved: Resolved | undefined;
		for (;;) {
			resolved = this.#places.get(current) ?? this.#ownPlace(current);
			if (resolved !== undefined) break;
			chain.push(current);
			const right = current.rightOrigin ? this.#neighbour(current.rightOrigin) : null;
			if (right) rights.push(right);
			if (!current.origin) {
				if (!right) throw new Refusal('an item with no parent');
				resolved = right;
				break;
			}
			const left = this.#find(current.origin);
			if (!left) throw new Incomplete();
			// Next to a garbage-collected struct, Yjs collects the item too.
			if (!(left instanceof Y.Item) || right === 'gc') {
				resolved = 'gc';
				break;
			}
			current = left;
		}
		if (resolved !== 'gc') {
			for (const right of rights) if (right !== 'gc' && !samePlace(right, resolved)) throw new Refusal('an item between two places');
		}
		for (const link of chain) this.#places.set(link, resolved);
		this.#places.set(current, resolved);
		return resolved;
	}

	#neighbour(id: Y.ID): Resolved {
		const struct = this.#find(id);
		if (!struct) throw new Incomplete();
		if (!(struct instanceof Y.Item)) return 'gc';
		try {
			return this.#place(struct);
		} catch (error) {
			if (error instanceof RangeError) throw new Refusal('items chained too deeply');
			throw error;
		}
	}

	/** An item's place from its own parent information, or undefined when it only has neighbours. */
	#ownPlace(item: Y.Item): Resolved | undefined {
		const parent = item.parent as unknown;
		if (parent instanceof Y.AbstractType) return this.#boardPlace(item, parent as Y.AbstractType<any>);
		for (const id of [item.origin, item.rightOrigin]) {
			if (id && !this.#find(id)) throw new Incomplete();
		}
		// On the board every item has its parent; only an update's items may take their neighbours'.
		if (parent === null) return undefined;
		if (typeof parent === 'string') {
			if (!Object.hasOwn(SCHEMA, parent)) throw new Refusal(`a top-level "${parent.slice(0, 40)}" is not part of a board`);
			return { root: parent, entry: null, key: item.parentSub };
		}
		if (parent instanceof Y.ID) {
			const holder = this.#find(parent);
			if (!holder) throw new Incomplete();
			if (!(holder instanceof Y.Item)) return 'gc';
			return this.#nestedIn(holder, item.parentSub);
		}
		throw new Refusal('an item with an unreadable parent');
	}

	/** The place of an item already on the board. */
	#boardPlace(item: Y.Item, type: Y.AbstractType<any>): Resolved {
		if (type._item === null) {
			const name = this.#rootNames.get(type);
			if (!name || !Object.hasOwn(SCHEMA, name)) throw new Refusal('an item under a root that is not part of a board');
			return { root: name, entry: null, key: item.parentSub };
		}
		return this.#nestedIn(type._item, item.parentSub);
	}

	/** The place of an item inside the nested type that `holder` holds. */
	#nestedIn(holder: Y.Item, key: string | null): Resolved {
		const place = this.#place(holder);
		if (place === 'gc') return 'gc';
		if (place.entry !== null) throw new Refusal('types nested deeper than a board has them');
		if (!(holder.content instanceof Y.ContentType) && !(holder.content instanceof Y.ContentDeleted)) {
			throw new Refusal('an item inside something that is not a type');
		}
		if (holder.content instanceof Y.ContentDeleted) return 'gc';
		return { root: place.root, entry: place.key, key };
	}

	#checkContent(item: Y.Item, place: Place): void {
		const shape = SCHEMA[place.root]!;
		const content = item.content;
		const nested = place.entry !== null;
		const inArray = !nested && shape.array;
		if (inArray ? place.key !== null : place.key === null) throw new Refusal(`${inArray ? 'a keyed entry in' : 'an unkeyed entry in'} ${place.root}`);
		if (place.key !== null && place.key.length > MAX_KEY) throw new Refusal('a key too long');
		if (content instanceof Y.ContentDeleted) return;
		if (!nested && shape.entries === 'maps') {
			if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.Map)) throw new Refusal(`${place.root} holds maps only`);
			if (content.type._map.size > 0 || content.type._start !== null) throw new Refusal('a prefilled type');
			return;
		}
		if (!(content instanceof Y.ContentAny)) throw new Refusal(`${place.root} holds plain values only`);
		for (const value of content.arr) {
			if (place.root === ROOT.noteOps && !nested) checkNoteOp(value);
			else checkPlainValue(value);
		}
	}
}

/** Each document's root types by name, built again only when the document gained a root. */
const rootNameCache = new WeakMap<Y.Doc, Map<Y.AbstractType<any>, string>>();

function rootNamesOf(doc: Y.Doc): Map<Y.AbstractType<any>, string> {
	let names = rootNameCache.get(doc);
	if (!names || names.size !== doc.share.size) {
		names = new Map();
		for (const [name, type] of doc.share) names.set(type, name);
		rootNameCache.set(doc, names);
	}
	return names;
}

function samePlace(a: Place, b: Place): boolean {
	return a.root === b.root && a.entry === b.entry && a.key === b.key;
}

function checkNoteOp(value: unknown): void {
	if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Refusal('a note op that is not an object');
	const op = value as Record<string, unknown>;
	if (typeof op.id !== 'string' || op.id.length === 0) throw new Refusal('a note op without an id');
	// `for…in` over own keys: the same keys as Object.entries, without an array per op.
	for (const key in op) {
		if (!Object.hasOwn(op, key)) continue;
		const v = op[key];
		if (Object.hasOwn(NOTE_OP_STRINGS, key)) {
			if (typeof v !== 'string' || v.length > NOTE_OP_STRINGS[key]!) throw new Refusal(`a note op's ${key} is not a short string`);
		} else if (NOTE_OP_NUMBERS.has(key)) {
			if (typeof v !== 'number' || !Number.isFinite(v)) throw new Refusal(`a note op's ${key} is not a number`);
		} else if (key === 'source') {
			const s = v as Record<string, unknown> | null;
			if (
				!s ||
				typeof s !== 'object' ||
				Object.keys(s).some((k) => k !== 'kind' && k !== 'id') ||
				typeof s.kind !== 'string' ||
				typeof s.id !== 'string'
			) {
				throw new Refusal('a note op with a malformed source');
			}
			if (s.kind.length > 40 || s.id.length > 200) throw new Refusal('a note op with a malformed source');
		} else {
			throw new Refusal(`a note op with an unknown field "${key.slice(0, 40)}"`);
		}
	}
}

function checkPlainValue(value: unknown): void {
	if (value instanceof Uint8Array) throw new Refusal('binary content');
	const json = JSON.stringify(value ?? null);
	if (json.length > MAX_VALUE_CHARS) throw new Refusal('a value too large');
}
