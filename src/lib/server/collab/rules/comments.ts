import { MAX_COMMENT_TEXT, readComments, type BoardComment } from '../../../board/comments.ts';
import { commentsClosedTo } from './comments-closed.ts';
import type { BoardRule, RuleAuthor, RuleBoard } from './rule.ts';

/** How far ahead of the server's clock a new comment's time may be (a device's clock is off). */
const CLOCK_SLACK_MS = 24 * 60 * 60 * 1000;

/**
 * Comments (board/comments.ts) are written under the sender's own id, on a note the board has, at
 * most MAX_COMMENT_TEXT characters and never empty, replying one level deep. Only a comment's
 * author changes its text; its author or a facilitator deletes it; nobody changes who wrote it,
 * when, on which note or in answer to what, and nobody brings a deleted one back. Closed
 * altogether to guests when the facilitator says so, and in anonymous mode (comments-closed.ts).
 */
export const commentRules: BoardRule = {
	name: 'comments are written and changed by their authors',
	check(board, change, author) {
		if (!change.roots.has('comments')) return null;
		if (commentsClosedTo(board, author)) return { scope: ['comments'], judge: () => 'comments-closed' };
		const before = readComments(board.doc);
		return { scope: ['comments'], judge: () => (breaksCommentRules(board, before, author) ? 'comments' : null) };
	}
};

function breaksCommentRules(board: RuleBoard, before: Map<string, BoardComment>, author: RuleAuthor): boolean {
	const after = readComments(board.doc);
	const me = author.user.id;
	const changed = new Set<string>();
	for (const [id, comment] of after) if (before.get(id) !== undefined ? !sameComment(before.get(id)!, comment) : true) changed.add(id);
	for (const id of before.keys()) if (!after.has(id)) changed.add(id);
	if (changed.size === 0) return false;
	if (tooLongIn(board, changed)) return true;
	for (const id of changed) {
		const was = before.get(id);
		const now = after.get(id);
		if (!was) {
			if (!now || !validNew(board, now, after, me)) return true;
			continue;
		}
		const mayDelete = was.author === me || author.canFacilitate;
		if (!now) {
			if (!mayDelete) return true;
			continue;
		}
		if (now.noteId !== was.noteId || now.author !== was.author || now.created !== was.created || now.replyTo !== was.replyTo) return true;
		if (was.deleted) return true;
		if (now.deleted) {
			if (!mayDelete) return true;
			continue;
		}
		if (was.author !== me || now.text.trim().length === 0) return true;
	}
	return false;
}

function validNew(board: RuleBoard, comment: BoardComment, all: Map<string, BoardComment>, me: string): boolean {
	if (comment.author !== me || comment.deleted || comment.edited) return false;
	if (comment.text.trim().length === 0 || comment.created > board.now() + CLOCK_SLACK_MS) return false;
	if (!board.notes.notes.has(comment.noteId)) return false;
	if (comment.replyTo) {
		const parent = all.get(comment.replyTo);
		if (!parent || parent.noteId !== comment.noteId || parent.replyTo) return false;
	}
	return true;
}

/** A text past the limit is dropped when folded, so the raw ops of the changed comments are read. */
function tooLongIn(board: RuleBoard, ids: Set<string>): boolean {
	for (const op of board.roots.comments) {
		if (op && typeof op === 'object' && ids.has(op.id) && typeof op.text === 'string' && op.text.length > MAX_COMMENT_TEXT) return true;
	}
	return false;
}

function sameComment(a: BoardComment, b: BoardComment): boolean {
	return (
		a.noteId === b.noteId &&
		a.author === b.author &&
		a.text === b.text &&
		a.created === b.created &&
		a.edited === b.edited &&
		a.deleted === b.deleted &&
		a.replyTo === b.replyTo &&
		a.mentions.join('\n') === b.mentions.join('\n')
	);
}
