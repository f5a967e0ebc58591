import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addNote,
	boardRoots,
	deleteNotes,
	foldNoteOps,
	getNote,
	listNotes,
	NoteIndex,
	seedBoardTemplate,
	findSectionByKey,
	updateNote,
	intersects
} from '../../src/lib/board/index.ts';

/** Two replicas that exchange everything they have. */
function sync(...docs: Y.Doc[]): void {
	const updates = docs.map((d) => Y.encodeStateAsUpdate(d));
	for (const doc of docs) for (const update of updates) Y.applyUpdate(doc, update);
}

function replicas(count = 2): Y.Doc[] {
	const docs = Array.from({ length: count }, () => new Y.Doc());
	return docs;
}

describe('board notes', () => {
	it('adds a note with the fields it was given and sensible defaults', () => {
		const doc = new Y.Doc();
		const id = addNote(doc, { text: 'ผู้สูงอายุรอคิวนาน', x: 10, y: 20, author: 'u1', created: 1000 });
		expect(listNotes(doc)).toEqual([
			{ id, text: 'ผู้สูงอายุรอคิวนาน', x: 10, y: 20, w: 180, h: 140, color: 'yellow', section: '', author: 'u1', created: 1000 }
		]);
	});

	it('places notes added to a section inside it, without overlapping each other', () => {
		const doc = new Y.Doc();
		seedBoardTemplate(doc, 'test');
		const section = findSectionByKey(doc, 'feedback')!;
		const ids = Array.from({ length: 6 }, (_, i) =>
			addNote(doc, { text: `ความเห็น ${i}`, section: section.id, author: 'citizen', source: { kind: 'feedback', id: `f${i}` } })
		);
		const notes = ids.map((id) => getNote(doc, id)!);
		for (const note of notes) {
			expect(note.section).toBe(section.id);
			expect(note.x).toBeGreaterThanOrEqual(section.x);
			expect(note.x + note.w).toBeLessThanOrEqual(section.x + section.w);
			expect(note.y).toBeGreaterThan(section.y);
		}
		for (const a of notes) for (const b of notes) if (a !== b) expect(intersects(a, b)).toBe(false);
		expect(notes[2]!.source).toEqual({ kind: 'feedback', id: 'f2' });
	});

	it('keeps both a concurrent move and a concurrent text edit of the same note', () => {
		const [a, b] = replicas();
		const id = addNote(a!, { text: 'เดิม', x: 0, y: 0, author: 'u1' });
		sync(a!, b!);
		updateNote(a!, id, { x: 300, y: 400 });
		updateNote(b!, id, { text: 'ใหม่', color: 'pink' });
		sync(a!, b!);
		expect(getNote(a!, id)).toMatchObject({ x: 300, y: 400, text: 'ใหม่', color: 'pink' });
		expect(listNotes(a!)).toEqual(listNotes(b!));
	});

	it('settles two concurrent moves of one note the same way on every replica', () => {
		const [a, b, c] = replicas(3);
		const id = addNote(a!, { text: 'x', x: 0, y: 0, author: 'u1' });
		sync(a!, b!, c!);
		updateNote(a!, id, { x: 100, y: 100 });
		updateNote(b!, id, { x: 900, y: 900 });
		sync(a!, b!, c!);
		const winner = getNote(a!, id)!;
		expect([100, 900]).toContain(winner.x);
		expect(winner.y).toBe(winner.x);
		expect(getNote(b!, id)).toEqual(winner);
		expect(getNote(c!, id)).toEqual(winner);
	});

	it('does not bring back half a note when an edit races its deletion', () => {
		const [a, b] = replicas();
		const id = addNote(a!, { text: 'ลบ', x: 0, y: 0, author: 'u1' });
		sync(a!, b!);
		deleteNotes(a!, [id]);
		updateNote(b!, id, { x: 50 });
		sync(a!, b!);
		expect(getNote(a!, id)).toBeNull();
		expect(getNote(b!, id)).toBeNull();
	});

	it('ignores malformed ops a broken or hostile client wrote', () => {
		const doc = new Y.Doc();
		const id = addNote(doc, { text: 'ok', x: 1, y: 2, author: 'u1' });
		boardRoots(doc).noteOps.push([
			{ id, x: Number.NaN, y: 1e12, text: 42 as unknown as string, color: 'javascript:alert(1)' },
			null as never,
			'junk' as never,
			{ id: 7 } as never
		]);
		expect(getNote(doc, id)).toMatchObject({ text: 'ok', x: 1, y: 1_000_000, color: 'yellow' });
		expect(listNotes(doc)).toHaveLength(1);
	});

	it('undoes only my own changes, leaving what others did', () => {
		const [mine, theirs] = replicas();
		const id = addNote(mine!, { text: 'เดิม', x: 0, y: 0, author: 'u1' });
		sync(mine!, theirs!);
		const local = Symbol('local');
		const undo = new Y.UndoManager([boardRoots(mine!).noteOps, boardRoots(mine!).sections], { trackedOrigins: new Set([local]) });
		mine!.transact(() => updateNote(mine!, id, { x: 500, y: 500 }), local);
		updateNote(theirs!, id, { text: 'ของคนอื่น' });
		sync(mine!, theirs!);
		undo.undo();
		sync(mine!, theirs!);
		expect(getNote(theirs!, id)).toMatchObject({ x: 0, y: 0, text: 'ของคนอื่น' });
		undo.redo();
		sync(mine!, theirs!);
		expect(getNote(theirs!, id)).toMatchObject({ x: 500, y: 500, text: 'ของคนอื่น' });
	});

	it('keeps the incremental index equal to a fresh fold through local, remote, undone and deleted changes', () => {
		const [a, b] = replicas();
		const index = new NoteIndex(a!);
		const changed: string[][] = [];
		index.subscribe((change) => changed.push([...change.ids]));
		const local = Symbol('local');
		const undo = new Y.UndoManager(boardRoots(a!).noteOps, { trackedOrigins: new Set([local]), captureTimeout: 0 });
		a!.transact(() => addNote(a!, { text: 'a', author: 'u1', x: 0, y: 0 }), local);
		const ids = listNotes(a!).map((n) => n.id);
		sync(a!, b!);
		const y = addNote(b!, { text: 'b', author: 'u2', x: 10, y: 10 });
		updateNote(b!, ids[0]!, { text: 'b edits a' });
		a!.transact(() => updateNote(a!, ids[0]!, { x: 99 }), local);
		sync(a!, b!);
		undo.undo();
		deleteNotes(b!, [y]);
		sync(a!, b!);
		const fold = [...foldNoteOps(boardRoots(a!).noteOps).values()];
		expect([...index.notes.values()].sort((p, q) => p.id.localeCompare(q.id))).toEqual(fold.sort((p, q) => p.id.localeCompare(q.id)));
		expect(changed.length).toBeGreaterThan(3);
	});

	it("merges one writer's consecutive ops into its item in place, and a copy does not grow with it", () => {
		const doc = new Y.Doc();
		const id = addNote(doc, { text: 'ย้ายบ่อย', x: 0, y: 0, author: 'u1' });
		for (let i = 1; i <= 5; i++) updateNote(doc, id, { x: i });
		const item = (boardRoots(doc).noteOps as unknown as { _start: Y.Item })._start;
		const content = item.content as unknown as { arr: unknown[]; copy(): { getLength(): number } };
		expect(item.length).toBe(6);
		const array = content.arr;
		const copy = content.copy();
		updateNote(doc, id, { x: 99 });
		// Appended to the same array (Yjs's own merge copied the whole item for every op: O(n²)).
		expect(content.arr).toBe(array);
		expect(item.length).toBe(7);
		expect(copy.getLength()).toBe(6);
		expect(getNote(doc, id)).toMatchObject({ x: 99, text: 'ย้ายบ่อย' });
		const replica = new Y.Doc();
		Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
		expect(getNote(replica, id)).toMatchObject({ x: 99 });
	});

	it('keeps the index equal to a fresh fold when concurrent writers land ops before the end of the log', () => {
		// A hub and six writers: each writes before it has seen the others' last ops, so most of
		// what the hub receives is inserted just before the end, some of it for the same note.
		let seed = 7;
		const random = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed % n;
		};
		const hub = new Y.Doc();
		const index = new NoteIndex(hub);
		const writers = replicas(6);
		const fold = () => [...foldNoteOps(boardRoots(hub).noteOps).values()].sort((p, q) => p.id.localeCompare(q.id));
		const indexed = () => [...index.notes.values()].sort((p, q) => p.id.localeCompare(q.id));
		for (let round = 0; round < 80; round++) {
			const pending: Uint8Array[] = [];
			for (const writer of writers) {
				const before = Y.encodeStateVector(writer);
				const notes = listNotes(writer);
				const roll = random(10);
				if (roll < 5 || notes.length === 0) addNote(writer, { text: `n${round}`, x: random(500), y: random(500), author: 'u' });
				else if (roll < 9) updateNote(writer, notes[random(notes.length)]!.id, { x: random(500), text: `e${round}` });
				else deleteNotes(writer, [notes[random(notes.length)]!.id]);
				pending.push(Y.encodeStateAsUpdate(writer, before));
			}
			while (pending.length > 0) {
				Y.applyUpdate(hub, pending.splice(random(pending.length), 1)[0]!);
				expect(indexed()).toEqual(fold());
			}
			if (round % 3 === 0) for (const writer of writers) Y.applyUpdate(writer, Y.encodeStateAsUpdate(hub, Y.encodeStateVector(writer)));
		}
		expect(index.notes.size).toBeGreaterThan(50);
	});
});
