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

/** A section of a board, as a decision may cite it. */
export interface SectionSummary {
	id: string;
	title: string;
	/** How many notes it holds now. */
	notes: number;
}

/** Reads a board's sections (in reading order) with their note counts; null for no such board. */
export function boardSectionsReader(runtime: Pick<Runtime, 'collab'>, sectionTitle: (section: BoardSection) => string) {
	return async (boardId: string): Promise<SectionSummary[] | null> => {
		try {
			return await runtime.collab.readBoard(boardId, (doc) => {
				const counts = new Map<string, number>();
				for (const note of listNotes(doc)) counts.set(note.section, (counts.get(note.section) ?? 0) + 1);
				return listSections(doc).map((s) => ({ id: s.id, title: sectionTitle(s), notes: counts.get(s.id) ?? 0 }));
			});
		} catch (err) {
			if (err instanceof UnknownBoardError) return null;
			throw err;
		}
	};
}
