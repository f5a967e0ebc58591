import type { BoardRule } from './rule.ts';

/**
 * 16 MiB by default: five times a 10,000-note board that has been worked on (3.2 MB), some 400
 * times the demo's boards (bench/README.md). A board that size still loads in well under a second.
 */
export const DEFAULT_MAX_BOARD_BYTES = 16 * 1024 * 1024;

/**
 * A board stays within its size limit (`COLLAB_MAX_BOARD_BYTES`): an update that adds content
 * past it is undone whole, and its writer told the board is full. Deleting still works.
 */
export const boardSize: BoardRule = {
	name: 'a board stays within its size',
	check: (board, change) =>
		change.addsContent && board.wouldOverflow(change.bytes)
			? { scope: ['noteOps', 'sections', 'votes', 'meta', 'comments', 'reactions', 'images'], judge: () => 'board-full' }
			: null
};
