import type { Runtime } from '../runtime.ts';
import { UnknownBoardError } from '../collab/hub.ts';
import { listNotes } from '../../board/notes.ts';
import { listSections, type BoardSection } from '../../board/sections.ts';
import type { BoardNotesReader, IdeateNote } from './ideate-notes.ts';

/**
 * Reads a board's notes through the runtime's collab hub (the live document when people are
 * on it, so a note written a second ago is there), in the board's reading order: section by
 * section, top to bottom. `sectionTitle` names a section in the reader's language (template
 * sections carry a catalogue key, user clusters their own title). A board that does not exist
 * reads as null.
 */
export function boardNotesReader(runtime: Pick<Runtime, 'collab'>, sectionTitle: (section: BoardSection) => string): BoardNotesReader {
	return async (boardId) => {
		try {
			return await runtime.collab.readBoard(boardId, (doc) => {
				const sections = listSections(doc);
				const order = new Map(sections.map((s, i) => [s.id, i]));
				const byId = new Map(sections.map((s) => [s.id, s]));
				return listNotes(doc)
					.map((n) => ({ note: n, at: order.get(n.section) ?? sections.length }))
					.sort((a, b) => a.at - b.at || a.note.y - b.note.y || a.note.x - b.note.x)
					.map(({ note }): IdeateNote => {
						const section = byId.get(note.section);
						return { id: note.id, text: note.text, section: section ? sectionTitle(section) : '' };
					});
			});
		} catch (err) {
			if (err instanceof UnknownBoardError) return null;
			throw err;
		}
	};
}
