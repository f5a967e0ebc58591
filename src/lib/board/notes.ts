import * as Y from 'yjs';
import { newBoardItemId } from './ids.ts';
import { freeSpot, type Rect } from './geometry.ts';
import { boardRoots, cleanNoteFields, DEFAULT_NOTE_COLOR, MAX_NOTE_TEXT, NOTE_SIZE, type BoardNote, type NoteFields, type NoteOp } from './schema.ts';
import { listSections, SECTION_HEADER } from './sections.ts';
import { foldNoteOps, isCreateOp } from './note-log.ts';

export { foldNoteOps } from './note-log.ts';
// Importers (feedback into the Test board, prototypes from Ideate notes) need the sections too.
export { listSections, findSectionByKey, type BoardSection } from './sections.ts';
export { FEEDBACK_SECTION_KEY } from './templates.ts';

/**
 * The notes of a board: pure helpers over the `noteOps` log (see schema.ts), usable from the
 * browser, the server (templates, imported feedback) and tests. Each helper runs in one Yjs
 * transaction; call it inside your own `doc.transact(fn, origin)` to tag or group changes.
 */

export type { BoardNote } from './schema.ts';

export interface NewNote {
	text: string;
	x?: number;
	y?: number;
	w?: number;
	h?: number;
	color?: string;
	/** A section id; the note is placed in a free spot inside it unless x and y are given. */
	section?: string;
	author: string;
	source?: { kind: string; id: string };
	/** Defaults to now. */
	created?: number;
}

/** The fields of a note anyone may change after creating it. */
export type NotePatch = Partial<Pick<NoteFields, 'text' | 'x' | 'y' | 'w' | 'h' | 'color' | 'section'>>;

/** Every note of the board, in the order they were created. */
export function listNotes(doc: Y.Doc): BoardNote[] {
	return [...foldNoteOps(boardRoots(doc).noteOps).values()];
}

export function getNote(doc: Y.Doc, id: string): BoardNote | null {
	return foldNoteOps(boardRoots(doc).noteOps, new Set([id])).get(id) ?? null;
}

function placeNote(doc: Y.Doc, section: string, w: number, h: number): { x: number; y: number } {
	const sections = listSections(doc);
	const target = sections.find((s) => s.id === section);
	const notes = listNotes(doc);
	if (target) {
		const area: Rect = { x: target.x, y: target.y + SECTION_HEADER, w: target.w, h: target.h - SECTION_HEADER };
		return freeSpot(area, notes, w, h);
	}
	// Loose notes go in a column to the right of everything else.
	const right = Math.max(0, ...sections.map((s) => s.x + s.w), ...notes.map((n) => n.x + n.w));
	return freeSpot({ x: right + 40, y: 0, w: w + 32, h: 100_000 }, notes, w, h);
}

/** Adds a note and returns its id. Without x and y it gets a free spot (inside its section if it has one). */
export function addNote(doc: Y.Doc, input: NewNote): string {
	const id = newBoardItemId();
	const w = input.w ?? NOTE_SIZE.w;
	const h = input.h ?? NOTE_SIZE.h;
	const section = input.section && listSections(doc).some((s) => s.id === input.section) ? input.section : '';
	doc.transact(() => {
		const spot = input.x === undefined || input.y === undefined ? placeNote(doc, section, w, h) : { x: input.x, y: input.y };
		const fields = cleanNoteFields({
			text: input.text.normalize('NFC').slice(0, MAX_NOTE_TEXT),
			x: spot.x,
			y: spot.y,
			w,
			h,
			color: input.color ?? DEFAULT_NOTE_COLOR,
			section,
			author: input.author,
			created: input.created ?? Date.now(),
			source: input.source
		});
		if (!isCreateOp(fields) || typeof fields.author !== 'string') throw new Error('a note needs an author');
		boardRoots(doc).noteOps.push([{ id, ...fields }]);
	});
	return id;
}

/**
 * Changes fields of notes; each op carries only what differs. Returns how many notes changed.
 * `known` is the caller's up-to-date view of the notes (the UI's NoteIndex); without it the log
 * is folded to find the notes' current values, which costs a scan of the log.
 */
export function updateNotes(doc: Y.Doc, patches: ReadonlyMap<string, NotePatch>, known?: ReadonlyMap<string, BoardNote>): number {
	if (patches.size === 0) return 0;
	const { noteOps } = boardRoots(doc);
	const current = known ?? foldNoteOps(noteOps, new Set(patches.keys()));
	const ops: NoteOp[] = [];
	for (const [id, patch] of patches) {
		const note = current.get(id);
		if (!note) continue;
		const clean = cleanNoteFields(patch as Record<string, unknown>);
		if (clean.text !== undefined) clean.text = clean.text.normalize('NFC');
		const changed: Partial<NoteFields> = {};
		for (const key of ['text', 'x', 'y', 'w', 'h', 'color', 'section'] as const) {
			if (clean[key] !== undefined && clean[key] !== note[key]) (changed as Record<string, unknown>)[key] = clean[key];
		}
		if (Object.keys(changed).length > 0) ops.push({ id, ...changed });
	}
	if (ops.length > 0) doc.transact(() => noteOps.push(ops));
	return ops.length;
}

/** Changes one note; false if it does not exist (or nothing changed). */
export function updateNote(doc: Y.Doc, id: string, patch: NotePatch, known?: ReadonlyMap<string, BoardNote>): boolean {
	return updateNotes(doc, new Map([[id, patch]]), known) > 0;
}

/** Deletes notes (every op of theirs). Returns how many notes were deleted. */
export function deleteNotes(doc: Y.Doc, ids: Iterable<string>): number {
	const doomed = new Set(ids);
	if (doomed.size === 0) return 0;
	const { noteOps } = boardRoots(doc);
	const positions: number[] = [];
	const found = new Set<string>();
	noteOps.forEach((op, index) => {
		if (op && typeof op === 'object' && doomed.has(op.id)) {
			positions.push(index);
			found.add(op.id);
		}
	});
	doc.transact(() => deleteRuns(noteOps, positions));
	return found.size;
}

/** Deletes the given ascending positions, last run first so earlier positions stay valid. */
function deleteRuns<T>(array: Y.Array<T>, positions: number[]): void {
	let end = positions.length - 1;
	while (end >= 0) {
		let start = end;
		while (start > 0 && positions[start - 1] === positions[start]! - 1) start--;
		array.delete(positions[start]!, end - start + 1);
		end = start - 1;
	}
}
