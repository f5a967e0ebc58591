import { describe, expect, it } from 'vitest';
import { CURSOR_CROWD, CursorRecency, hiddenCursorCount, isCursorMode, shownCursors } from '../../src/lib/board/cursors.ts';

const peer = (clientId: number, user = `u${clientId}`, cursor: { x: number; y: number } | null = { x: clientId, y: 0 }) => ({
	clientId,
	user: { id: user },
	cursor
});

describe('whose pointers a board draws', () => {
	it('draws every pointer while the room is small, and never a peer without one', () => {
		const peers = [...Array.from({ length: CURSOR_CROWD }, (_, i) => peer(i + 1)), peer(99, 'idle', null)];
		expect(shownCursors(peers, 'auto').map((p) => p.clientId)).toEqual(peers.slice(0, CURSOR_CROWD).map((p) => p.clientId));
		expect(hiddenCursorCount(peers, 'auto')).toBe(0);
	});

	it('in a crowd draws the leader first, then the most recently moved, up to the limit', () => {
		const peers = Array.from({ length: 40 }, (_, i) => peer(i + 1));
		const recency = new CursorRecency();
		recency.observe(peers, 1000);
		// Three people move later; the leader has not moved at all since.
		const moved = peers.map((p) => ([7, 21, 33].includes(p.clientId) ? { ...p, cursor: { x: p.clientId, y: 50 } } : p));
		recency.observe(moved, 2000);
		const shown = shownCursors(moved, 'auto', { leader: 'u40', movedAt: (id) => recency.movedAt(id), limit: 4 });
		expect(shown.map((p) => p.clientId)).toEqual([40, 7, 21, 33]);
		expect(hiddenCursorCount(moved, 'auto', 4)).toBe(36);
	});

	it('draws everyone on request, and no one on request', () => {
		const peers = Array.from({ length: 40 }, (_, i) => peer(i + 1));
		expect(shownCursors(peers, 'all')).toHaveLength(40);
		expect(hiddenCursorCount(peers, 'all')).toBe(0);
		expect(shownCursors(peers, 'none')).toEqual([]);
		expect(hiddenCursorCount(peers, 'none')).toBe(40);
	});

	it('forgets a pointer that left, so one who comes back counts as moved anew', () => {
		const recency = new CursorRecency();
		recency.observe([peer(1)], 1000);
		expect(recency.movedAt(1)).toBe(1000);
		recency.observe([peer(1)], 2000);
		expect(recency.movedAt(1)).toBe(1000);
		recency.observe([peer(1, 'u1', null)], 3000);
		expect(recency.movedAt(1)).toBe(0);
		recency.observe([peer(1)], 4000);
		expect(recency.movedAt(1)).toBe(4000);
	});

	it('accepts only the three modes as a stored choice', () => {
		expect(['auto', 'all', 'none'].every(isCursorMode)).toBe(true);
		expect(isCursorMode('some')).toBe(false);
		expect(isCursorMode(null)).toBe(false);
	});
});
