import type { BoardRule } from './rule.ts';

/** Only facilitators change `meta`: the voting round, the timer, the lock, focus and the board's settings. */
export const metaFacilitatorsOnly: BoardRule = {
	name: 'meta is facilitators’ only',
	check: (_board, _change, author) => (author.canFacilitate ? null : { scope: ['meta'], judge: () => 'facilitators-only' })
};
