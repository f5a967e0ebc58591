import { isLocked } from '../../../board/facilitation.ts';
import type { BoardRule } from './rule.ts';

/** On a locked board only facilitators change notes and sections (everyone may still vote). */
export const lockedBoard: BoardRule = {
	name: 'a locked board keeps its notes and sections',
	check: (board, _change, author) => (!author.canFacilitate && isLocked(board.doc) ? { scope: ['noteOps', 'sections'], judge: () => 'locked' } : null)
};
