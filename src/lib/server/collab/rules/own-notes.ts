import { guestsEditAll } from '../../../board/facilitation.ts';
import { knownNote, type BoardRule } from './rule.ts';

/**
 * Guests change and delete their own notes only, and leave the sections alone, unless a
 * facilitator lets them do more (`meta.guestsEditAll`, facilitation.ts). A guest came with a
 * code read off a projector; a member is on the project's team.
 */
export const guestsOwnNotes: BoardRule = {
	name: 'guests change their own notes only',
	check(board, change, author) {
		if (!author.user.guest || author.canFacilitate || guestsEditAll(board.doc)) return null;
		const me = author.user.id;
		const foreign = (id: string) => {
			const note = knownNote(board, id);
			return note !== undefined && note.author !== me;
		};
		const broken = change.noteOps.some((op) => foreign(op.id)) || [...change.notesTouchedByDeletion].some(foreign);
		return { scope: ['noteOps', 'sections'], judge: (changed) => (broken || changed('sections') ? 'own-notes-only' : null) };
	}
};
