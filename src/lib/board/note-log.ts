import { cleanNoteFields, DEFAULT_NOTE_COLOR, NOTE_SIZE, type BoardNote, type NoteFields } from './schema.ts';

/** Reading the note log (see schema.ts): how ops fold into notes. */

/** The op that creates a note sets its creation time; its author too, unless it was written anonymously (privacy.ts). */
export function isCreateOp(fields: Partial<NoteFields>): boolean {
	return typeof fields.created === 'number';
}

function blankNote(id: string): BoardNote {
	return { id, text: '', x: 0, y: 0, w: NOTE_SIZE.w, h: NOTE_SIZE.h, color: DEFAULT_NOTE_COLOR, section: '', author: '', created: 0 };
}

/** Applies one op on top of a folded note (or starts one). Returns the new note object. */
function applyOp(current: BoardNote | undefined, id: string, fields: Partial<NoteFields>): BoardNote {
	return Object.assign(current ? { ...current } : blankNote(id), fields);
}

/**
 * Folds a sequence of ops (in log order) into notes, field by field: for each field, the last
 * op that sets it wins. A note exists once an op that creates it (with `created`) is seen, so
 * an edit that raced with a deletion does not bring back a half note. With `only`, folds just
 * those ids.
 */
export function foldNoteOps(ops: Iterable<unknown>, only?: ReadonlySet<string>): Map<string, BoardNote> {
	const notes = new Map<string, BoardNote>();
	const created = new Set<string>();
	for (const raw of ops) {
		if (!raw || typeof raw !== 'object') continue;
		const id = (raw as { id?: unknown }).id;
		if (typeof id !== 'string' || (only && !only.has(id))) continue;
		const fields = cleanNoteFields(raw as Record<string, unknown>);
		if (isCreateOp(fields)) created.add(id);
		notes.set(id, applyOp(notes.get(id), id, fields));
	}
	for (const id of notes.keys()) if (!created.has(id)) notes.delete(id);
	return notes;
}
