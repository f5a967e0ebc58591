/**
 * What each person on a board shares through Yjs awareness (never stored): who they are, where
 * their cursor is, what they have selected and what they are dragging right now. The server
 * overwrites `user.id` and `user.name` with the signed-in user's, so nobody can pose as someone else.
 */
export interface PresenceState {
	user: { id: string; name: string; color: string };
	/** Board coordinates of the pointer, or null when it is off the board. */
	cursor?: { x: number; y: number } | null;
	selection?: string[];
	/** Notes being dragged (not yet dropped) and by how much. */
	drag?: { ids: string[]; dx: number; dy: number } | null;
	/** The note whose text they are editing. */
	editing?: string | null;
	/** The user id of the facilitator whose view they follow, or null. */
	following?: string | null;
	/** The board area on their screen (shared while they ask others to follow them). */
	view?: { x: number; y: number; w: number; h: number } | null;
}

export const PRESENCE_COLORS = ['#b3261e', '#0b57d0', '#146c2e', '#8e24aa', '#b06000', '#00639b', '#c2185b', '#5d4037'] as const;

/** A stable colour for a user id. */
export function presenceColor(userId: string): string {
	let hash = 0;
	for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
	return PRESENCE_COLORS[hash % PRESENCE_COLORS.length]!;
}
