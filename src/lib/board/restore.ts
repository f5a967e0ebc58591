import * as Y from 'yjs';
import { boardRoots, cleanNoteFields, type BoardNote, type NoteFields, type NoteOp } from './schema.ts';
import { foldNoteOps } from './note-log.ts';
import { deleteNotes } from './notes.ts';

/**
 * Bringing a board's content back from its history (a saved version, or notes from the trash) as
 * forward changes: new ops and deletions that every client receives like anyone's edit, never a
 * rewind of the document. Votes and the facilitator's settings (`meta`) stay as they are now.
 */

const MUTABLE: readonly (keyof NoteFields)[] = ['text', 'x', 'y', 'w', 'h', 'color', 'section'];

/** A create op for a note exactly as it was (its id, author, time and source kept). */
function createOp(note: BoardNote): NoteOp {
	const { id, ...fields } = note;
	return { id, ...cleanNoteFields(fields as Record<string, unknown>) };
}

export interface RestoreResult {
	/** Notes that came back. */
	added: number;
	/** Notes changed back to how they were. */
	changed: number;
	/** Notes the version did not have, now deleted (as they were). */
	removed: BoardNote[];
	/** Sections added, changed back or removed. */
	sections: number;
}

/** Makes `doc`'s notes and sections what they are in `past` (one transaction). */
export function restoreBoardContent(doc: Y.Doc, past: Y.Doc): RestoreResult {
	const now = foldNoteOps(boardRoots(doc).noteOps);
	const then = foldNoteOps(boardRoots(past).noteOps);
	const result: RestoreResult = { added: 0, changed: 0, removed: [], sections: 0 };
	doc.transact(() => {
		const { noteOps, sections } = boardRoots(doc);
		const ops: NoteOp[] = [];
		for (const [id, note] of then) {
			const current = now.get(id);
			if (!current) {
				ops.push(createOp(note));
				result.added++;
				continue;
			}
			const patch: Partial<NoteFields> = {};
			for (const key of MUTABLE) if (current[key] !== note[key]) (patch as Record<string, unknown>)[key] = note[key];
			if (Object.keys(patch).length > 0) {
				ops.push({ id, ...patch });
				result.changed++;
			}
		}
		if (ops.length > 0) noteOps.push(ops);
		const gone = [...now.values()].filter((note) => !then.has(note.id));
		if (gone.length > 0) {
			deleteNotes(
				doc,
				gone.map((n) => n.id)
			);
			result.removed = gone;
		}

		const pastSections = boardRoots(past).sections;
		for (const id of [...sections.keys()]) {
			if (!pastSections.has(id)) {
				sections.delete(id);
				result.sections++;
			}
		}
		pastSections.forEach((pastMap, id) => {
			if (!(pastMap instanceof Y.Map)) return;
			let map = sections.get(id);
			if (!(map instanceof Y.Map)) {
				map = new Y.Map<unknown>();
				for (const [key, value] of pastMap.entries()) map.set(key, value);
				sections.set(id, map);
				result.sections++;
				return;
			}
			let differs = false;
			for (const [key, value] of pastMap.entries()) {
				if (map.get(key) !== value) {
					map.set(key, value);
					differs = true;
				}
			}
			for (const key of [...map.keys()]) {
				if (!pastMap.has(key)) {
					map.delete(key);
					differs = true;
				}
			}
			if (differs) result.sections++;
		});
	});
	return result;
}

/** Brings deleted notes back as they were, those that are not on the board already. Returns how many came back. */
export function bringBackNotes(doc: Y.Doc, notes: readonly BoardNote[]): number {
	const { noteOps } = boardRoots(doc);
	const now = foldNoteOps(noteOps, new Set(notes.map((n) => n.id)));
	const ops = notes.filter((note) => !now.has(note.id)).map(createOp);
	if (ops.length > 0) doc.transact(() => noteOps.push(ops));
	return ops.length;
}
