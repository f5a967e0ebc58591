import { parseReactionKey } from '../../../board/reactions.ts';
import { commentsClosedTo } from './comments-closed.ts';
import type { BoardRule } from './rule.ts';

/**
 * Everyone adds and takes back their own reactions only (board/reactions.ts): every key an update
 * changes is a reaction the board offers, under the sender's id, set to 1, on a note the board
 * has when it is added. Closed with the comments (comments-closed.ts).
 */
export const ownReactions: BoardRule = {
	name: 'reactions are the sender’s own',
	check(board, change, author) {
		if (!change.roots.has('reactions')) return null;
		if (commentsClosedTo(board, author)) return { scope: ['reactions'], judge: () => 'comments-closed' };
		const before = new Map(board.roots.reactions.entries());
		return {
			scope: ['reactions'],
			judge: () => {
				const after = board.roots.reactions;
				const keys = new Set([...before.keys(), ...after.keys()]);
				for (const key of keys) {
					const was = before.get(key);
					const now = after.get(key);
					if (was === now) continue;
					const parsed = parseReactionKey(key);
					if (!parsed || parsed.userId !== author.user.id) return 'reactions';
					if (now !== undefined && (now !== 1 || !board.notes.notes.has(parsed.noteId))) return 'reactions';
				}
				return null;
			}
		};
	}
};
