import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, boardRoots, deleteNotes, foldNoteOps, updateNote, type BoardNote } from '../../src/lib/board/index.ts';
import { PrivateUndo, routeNoteChange, type PrivateStep } from '../../src/lib/client/private-notes.ts';

/**
 * The browser's private-note path without a browser: a real Y.Doc with the board's UndoManager,
 * as BoardSession sets them up, and the requests a session would send to the hub.
 */

const LOCAL = Symbol('local');
const SECRET = 'ตู้รับบัตรคิวของผู้สูงอายุ';

function board() {
	const doc = new Y.Doc();
	const roots = boardRoots(doc);
	const manager = new Y.UndoManager([roots.noteOps, roots.sections], { trackedOrigins: new Set([LOCAL]), captureTimeout: 0 });
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	const sent = () => updates.some((u) => Buffer.from(u).toString('utf8').includes(SECRET));
	return { doc, manager, updates, sent };
}

/** A session's private notes and its undo, as BoardSession keeps them (its #changeRouted, its #restorePrivate). */
function session() {
	const b = board();
	let mine = new Map<string, BoardNote>();
	const requests: string[] = [];
	const undo = new PrivateUndo(
		b.manager,
		(notes) => {
			const next = new Map(mine);
			for (const [id, note] of notes) {
				if (!note) {
					if (next.delete(id)) requests.push(`delete ${id}`);
				} else {
					next.set(id, note);
					requests.push(`note ${id} ${note.text}`);
				}
			}
			mine = next;
		},
		() => {}
	);
	const change = (fn: (doc: Y.Doc) => void, route: 'private' | null = 'private') =>
		undo.record(() => {
			const before = new Map(mine);
			const result = routeNoteChange(b.doc, fn, { mine: before, takeNew: route !== null, known: () => false, origin: LOCAL });
			const step: PrivateStep = new Map();
			for (const id of new Set([...before.keys(), ...result.routed.keys()])) {
				const note = foldNoteOps(result.routed.get(id) ?? []).get(id) ?? null;
				step.set(id, { before: before.get(id) ?? null, after: note });
				if (note) mine.set(id, note);
				else mine.delete(id);
				requests.push(note ? `note ${id} ${note.text}` : `delete ${id}`);
			}
			return { ...result, step };
		});
	return { ...b, undo, change, requests, mine: () => mine };
}

describe('routing a private note out of the document', () => {
	it('sends none of the note in any update, though the undo manager tracks the change', () => {
		const { doc, sent, updates } = board();
		const { routed, lasting } = routeNoteChange(doc, (d) => void addNote(d, { text: SECRET, x: 0, y: 0, author: 'u1' }), {
			mine: new Map(),
			takeNew: true,
			known: () => false,
			origin: LOCAL
		});
		expect([...routed.values()].flat().map((op) => op.text)).toEqual([SECRET]);
		expect(lasting).toBe(false);
		expect(updates.length).toBeGreaterThan(0);
		expect(sent()).toBe(false);
		expect(boardRoots(doc).noteOps.length).toBe(0);
	});

	it('keeps what else the change did in the document, and says so', () => {
		const { doc, sent } = board();
		const { routed, lasting } = routeNoteChange(
			doc,
			(d) => {
				addNote(d, { text: SECRET, x: 0, y: 0, author: 'u1' });
				boardRoots(d).sections.set('s1', new Y.Map());
			},
			{ mine: new Map(), takeNew: true, known: () => false, origin: LOCAL }
		);
		expect(routed.size).toBe(1);
		expect(lasting).toBe(true);
		expect(sent()).toBe(false);
		expect(boardRoots(doc).sections.has('s1')).toBe(true);
	});
});

describe('undo of my private notes', () => {
	it('undoes and redoes adding, editing and deleting one, through requests, in order with my other changes', () => {
		const s = session();
		// A shared change first: undo must never reach past the private ones to it.
		s.change((d) => boardRoots(d).sections.set('s1', new Y.Map()), null);
		let id = '';
		s.change((d) => (id = addNote(d, { text: SECRET, x: 0, y: 0, author: 'u1' })));
		s.change((d) => void updateNote(d, id, { text: `${SECRET} ก่อนเที่ยง` }));
		s.change((d) => void deleteNotes(d, [id]));
		expect(s.mine().size).toBe(0);
		s.requests.length = 0;

		s.undo.undo();
		expect(s.mine().get(id)?.text).toBe(`${SECRET} ก่อนเที่ยง`);
		s.undo.undo();
		expect(s.mine().get(id)?.text).toBe(SECRET);
		s.undo.undo();
		expect(s.mine().has(id)).toBe(false);
		expect(boardRoots(s.doc).sections.has('s1')).toBe(true);
		expect(s.requests).toEqual([`note ${id} ${SECRET} ก่อนเที่ยง`, `note ${id} ${SECRET}`, `delete ${id}`]);

		s.undo.redo();
		s.undo.redo();
		expect(s.mine().get(id)?.text).toBe(`${SECRET} ก่อนเที่ยง`);
		// The shared change is next on the stack, and only then.
		s.undo.undo();
		s.undo.undo();
		s.undo.undo();
		expect(boardRoots(s.doc).sections.has('s1')).toBe(false);
		expect(s.sent()).toBe(false);
	});

	it('undoes a note’s text written over several sends in one step, and redoes it in one, private or shared', () => {
		for (const route of ['private', null] as const) {
			const s = session();
			const text = (id: string) => (route ? s.mine().get(id)?.text : foldNoteOps(boardRoots(s.doc).noteOps.toArray()).get(id)?.text);
			s.change((d) => boardRoots(d).sections.set('s1', new Y.Map()), null);
			let id = '';
			s.change((d) => (id = addNote(d, { text: '', x: 0, y: 0, author: 'u1' })), route);
			// The editor opens; what is typed goes out every 0.8 s, then once more as it closes.
			const mark = s.undo.mark();
			for (const typed of ['ตู้รับ', 'ตู้รับบัตรคิว', SECRET]) s.change((d) => void updateNote(d, id, { text: typed }), route);
			s.undo.join(mark);
			expect(text(id), route ?? 'shared').toBe(SECRET);

			s.undo.undo();
			expect(text(id), route ?? 'shared').toBe('');
			s.undo.redo();
			expect(text(id), route ?? 'shared').toBe(SECRET);
			s.undo.undo();
			s.undo.undo();
			expect(text(id), route ?? 'shared').toBeUndefined();
			// The shared change before it is the next step, untouched by the join.
			expect(boardRoots(s.doc).sections.has('s1')).toBe(true);
			s.undo.undo();
			expect(boardRoots(s.doc).sections.has('s1')).toBe(false);
		}
	});

	it('joins nothing once the stack was undone below where the writing started', () => {
		const s = session();
		let id = '';
		s.change((d) => (id = addNote(d, { text: 'หนึ่ง', x: 0, y: 0, author: 'u1' })), null);
		const mark = s.undo.mark();
		s.undo.undo();
		s.change((d) => void boardRoots(d).sections.set('s1', new Y.Map()), null);
		s.change((d) => void boardRoots(d).sections.set('s2', new Y.Map()), null);
		s.change((d) => void boardRoots(d).sections.set('s3', new Y.Map()), null);
		s.undo.join(mark);
		s.undo.undo();
		expect([...boardRoots(s.doc).sections.keys()].sort()).toEqual(['s1', 's2']);
		expect(foldNoteOps(boardRoots(s.doc).noteOps.toArray()).has(id)).toBe(false);
	});
});
