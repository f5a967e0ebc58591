import * as Y from 'yjs';
import { newBoardItemId } from './ids.ts';
import { boundingBox, contains, type Rect } from './geometry.ts';
import { boardRoots, clamp, COORD_LIMIT, type BoardSection, type NoteOp, type SectionKind } from './schema.ts';
import { foldNoteOps } from './note-log.ts';

/**
 * Sections: titled areas (a template's empathy-map quadrants, a user's cluster). A note belongs
 * to at most one, by id; moving a section moves its notes in the same transaction.
 */

/** Height of a section's title bar, in board units; notes are placed below it. */
export const SECTION_HEADER = 56;
export const SECTION_COLORS = ['sand', 'mint', 'sky', 'rose', 'lilac', 'slate'] as const;
const MAX_TITLE = 200;

export type { BoardSection } from './schema.ts';

function readSection(id: string, map: Y.Map<unknown>): BoardSection | null {
	if (!(map instanceof Y.Map)) return null;
	const num = (key: string, fallback: number) => {
		const v = map.get(key);
		return typeof v === 'number' && Number.isFinite(v) ? clamp(v, -COORD_LIMIT, COORD_LIMIT) : fallback;
	};
	const str = (key: string, max: number) => {
		const v = map.get(key);
		return typeof v === 'string' ? v.slice(0, max) : '';
	};
	const kind = map.get('kind') === 'cluster' ? 'cluster' : 'template';
	const color = str('color', 20);
	return {
		id,
		title: str('title', MAX_TITLE),
		key: str('key', 40),
		kind,
		x: num('x', 0),
		y: num('y', 0),
		w: Math.max(120, num('w', 400)),
		h: Math.max(SECTION_HEADER + 40, num('h', 300)),
		color: (SECTION_COLORS as readonly string[]).includes(color) ? color : 'sand'
	};
}

/** Every section, in reading order (top to bottom, then left to right). */
export function listSections(doc: Y.Doc): BoardSection[] {
	const out: BoardSection[] = [];
	boardRoots(doc).sections.forEach((map, id) => {
		const section = readSection(id, map);
		if (section) out.push(section);
	});
	return out.sort((a, b) => Math.round(a.y / 20) - Math.round(b.y / 20) || a.x - b.x || a.id.localeCompare(b.id));
}

export function getSection(doc: Y.Doc, id: string): BoardSection | null {
	const map = boardRoots(doc).sections.get(id);
	return map ? readSection(id, map) : null;
}

/** The first section made from a template area with this key (e.g. 'feedback' on a Test board). */
export function findSectionByKey(doc: Y.Doc, key: string): BoardSection | null {
	return listSections(doc).find((s) => s.key === key) ?? null;
}

export interface NewSection {
	title?: string;
	key?: string;
	kind: SectionKind;
	x: number;
	y: number;
	w: number;
	h: number;
	color?: string;
}

export function addSection(doc: Y.Doc, input: NewSection): string {
	const id = newBoardItemId();
	doc.transact(() => {
		const map = new Y.Map<unknown>();
		map.set('title', (input.title ?? '').normalize('NFC').slice(0, MAX_TITLE));
		map.set('key', input.key ?? '');
		map.set('kind', input.kind);
		map.set('x', input.x);
		map.set('y', input.y);
		map.set('w', input.w);
		map.set('h', input.h);
		map.set('color', input.color ?? 'sand');
		boardRoots(doc).sections.set(id, map);
	});
	return id;
}

export function renameSection(doc: Y.Doc, id: string, title: string): boolean {
	const map = boardRoots(doc).sections.get(id);
	if (!map) return false;
	doc.transact(() => map.set('title', title.normalize('NFC').trim().slice(0, MAX_TITLE)));
	return true;
}

export function recolorSection(doc: Y.Doc, id: string, color: string): boolean {
	const map = boardRoots(doc).sections.get(id);
	if (!map || !(SECTION_COLORS as readonly string[]).includes(color)) return false;
	doc.transact(() => map.set('color', color));
	return true;
}

/** Moves a section to (x, y) and its notes with it, in one transaction. */
export function moveSection(doc: Y.Doc, id: string, x: number, y: number): boolean {
	const { sections, noteOps } = boardRoots(doc);
	const map = sections.get(id);
	const section = map ? readSection(id, map) : null;
	if (!map || !section) return false;
	const dx = x - section.x;
	const dy = y - section.y;
	if (dx === 0 && dy === 0) return false;
	const ops: NoteOp[] = [];
	for (const note of foldNoteOps(noteOps).values()) {
		if (note.section === id) ops.push({ id: note.id, x: note.x + dx, y: note.y + dy });
	}
	doc.transact(() => {
		map.set('x', x);
		map.set('y', y);
		if (ops.length) noteOps.push(ops);
	});
	return true;
}

export function resizeSection(doc: Y.Doc, id: string, w: number, h: number): boolean {
	const map = boardRoots(doc).sections.get(id);
	if (!map) return false;
	doc.transact(() => {
		map.set('w', Math.max(160, Math.round(w)));
		map.set('h', Math.max(SECTION_HEADER + 60, Math.round(h)));
	});
	return true;
}

/** Deletes a section; its notes stay where they are, loose on the canvas. */
export function deleteSection(doc: Y.Doc, id: string): boolean {
	const { sections, noteOps } = boardRoots(doc);
	if (!sections.has(id)) return false;
	const ops: NoteOp[] = [];
	for (const note of foldNoteOps(noteOps).values()) if (note.section === id) ops.push({ id: note.id, section: '' });
	doc.transact(() => {
		sections.delete(id);
		if (ops.length) noteOps.push(ops);
	});
	return true;
}

/**
 * Makes a cluster: a new section around the given notes, titled by the user; the notes join it.
 * Returns the section id, or null if none of the notes exists.
 */
export function clusterNotes(doc: Y.Doc, noteIds: Iterable<string>, title: string): string | null {
	const { noteOps } = boardRoots(doc);
	const notes = [...foldNoteOps(noteOps, new Set(noteIds)).values()];
	const box = boundingBox(notes);
	if (!box) return null;
	const pad = 24;
	let id = '';
	doc.transact(() => {
		id = addSection(doc, {
			title,
			kind: 'cluster',
			x: box.x - pad,
			y: box.y - pad - SECTION_HEADER,
			w: box.w + 2 * pad,
			h: box.h + 2 * pad + SECTION_HEADER,
			color: 'lilac'
		});
		noteOps.push(notes.map((n) => ({ id: n.id, section: id })));
	});
	return id;
}

/** The section under a board point: the smallest one containing it (a cluster inside a template area wins). */
export function sectionAt(sections: readonly BoardSection[], x: number, y: number): BoardSection | null {
	let best: BoardSection | null = null;
	for (const s of sections) {
		if (contains(s as Rect, x, y) && (!best || s.w * s.h < best.w * best.h)) best = s;
	}
	return best;
}
