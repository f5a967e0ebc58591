/**
 * Whose pointers a board draws. With a handful of people every cursor helps ("who is where");
 * with forty in a workshop they are a swarm that hides the notes, and each one costs the page a
 * repaint per move. So by default ('auto') a crowd shows only `CURSOR_CROWD` of them: the person
 * leading the room (whose view others follow) first, then those who moved most recently, since an
 * idle pointer says nothing. Everyone can choose to see all of them, or none.
 */
export const CURSOR_CROWD = 10;

export const CURSOR_MODES = ['auto', 'all', 'none'] as const;
export type CursorMode = (typeof CURSOR_MODES)[number];

export function isCursorMode(value: unknown): value is CursorMode {
	return typeof value === 'string' && (CURSOR_MODES as readonly string[]).includes(value);
}

interface CursorPeer {
	clientId: number;
	user: { id: string };
	cursor: { x: number; y: number } | null;
}

/** When each peer's pointer last moved, as seen by this page. */
export class CursorRecency {
	readonly #last = new Map<number, { x: number; y: number; at: number }>();

	/** Notes the pointers as they are now; a pointer that moved since the last call gets `now`. */
	observe(peers: readonly CursorPeer[], now: number): void {
		const here = new Set<number>();
		for (const peer of peers) {
			if (!peer.cursor) continue;
			here.add(peer.clientId);
			const last = this.#last.get(peer.clientId);
			if (!last || last.x !== peer.cursor.x || last.y !== peer.cursor.y) this.#last.set(peer.clientId, { ...peer.cursor, at: now });
		}
		for (const clientId of this.#last.keys()) if (!here.has(clientId)) this.#last.delete(clientId);
	}

	movedAt(clientId: number): number {
		return this.#last.get(clientId)?.at ?? 0;
	}
}

export interface CursorChoice {
	/** The user id of whoever leads the room now (the board's focus), shown first. */
	leader?: string | null;
	movedAt?: (clientId: number) => number;
	limit?: number;
}

/** The peers whose pointers to draw, in `mode`. */
export function shownCursors<P extends CursorPeer>(peers: readonly P[], mode: CursorMode, choice: CursorChoice = {}): P[] {
	if (mode === 'none') return [];
	const pointing = peers.filter((p) => p.cursor);
	const limit = choice.limit ?? CURSOR_CROWD;
	if (mode === 'all' || pointing.length <= limit) return pointing;
	const movedAt = choice.movedAt ?? (() => 0);
	const leads = (p: P) => (choice.leader && p.user.id === choice.leader ? 1 : 0);
	return [...pointing].sort((a, b) => leads(b) - leads(a) || movedAt(b.clientId) - movedAt(a.clientId) || a.clientId - b.clientId).slice(0, limit);
}

/** How many pointers `mode` leaves out of view. */
export function hiddenCursorCount(peers: readonly CursorPeer[], mode: CursorMode, limit = CURSOR_CROWD): number {
	const pointing = peers.filter((p) => p.cursor).length;
	if (mode === 'none') return pointing;
	if (mode === 'all') return 0;
	return Math.max(0, pointing - limit);
}
