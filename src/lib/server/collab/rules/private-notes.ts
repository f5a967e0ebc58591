import { readPrivacy } from '../../../board/privacy.ts';
import { knownNote, type BoardRule } from './rule.ts';

/**
 * In anonymous mode, and for participants during a private brainstorm, a new note is written by
 * the hub (collab/privacy.ts: without an author, or kept aside until the reveal), never straight
 * into the document: a client that does so anyway (one that had not heard of the mode yet, or a
 * modified one) sees its note undone and is told why. The room then compacts the board at once,
 * so the refused note leaves the stored log too.
 */
export const privateNotes: BoardRule = {
	name: 'private and anonymous notes are written by the hub',
	check(board, change, author) {
		const privacy = readPrivacy(board.doc);
		const privateHere = privacy.privateNotes && !author.canFacilitate;
		if (!privacy.anonymousNotes && !privateHere) return null;
		const creates = change.noteOps.some((op) => ('created' in op || 'author' in op) && !knownNote(board, op.id));
		if (!creates) return null;
		return { scope: ['noteOps'], judge: () => (privacy.anonymousNotes ? 'anonymous' : 'private') };
	}
};
