import { guestsMayComment } from '../../../board/facilitation.ts';
import { readPrivacy } from '../../../board/privacy.ts';
import type { RuleAuthor, RuleBoard } from './rule.ts';

/**
 * Whether comments and reactions are closed to this author: to a guest when the facilitator
 * turned them off (`meta.guestsComment`), and to everyone but facilitators while notes are
 * anonymous, since a comment or a reaction names who wrote it.
 */
export function commentsClosedTo(board: RuleBoard, author: RuleAuthor): boolean {
	if (author.canFacilitate) return false;
	if (readPrivacy(board.doc).anonymousNotes) return true;
	return author.user.guest && !guestsMayComment(board.doc);
}
