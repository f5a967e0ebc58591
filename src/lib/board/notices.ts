/**
 * Why the hub undid (part of) someone's change, sent to that person only so their board can say
 * it in their language. On the wire it is the y-websocket auth message "permission denied" with
 * the reason `prachalab:CODE` (a stock provider only logs it).
 */
export const BOARD_NOTICES = [
	/** Only facilitators run voting, the timer, the lock and focus, or change the board's settings. */
	'facilitators-only',
	/** The board is locked: only facilitators change notes and sections. */
	'locked',
	/** A dot that is not theirs, or outside the round's rules. */
	'votes',
	/** A note's author, creation time or source is not theirs to set. */
	'authorship',
	/** Guests change and delete their own notes only (unless the facilitator allows more). */
	'own-notes-only',
	/** The board has reached its size limit. */
	'board-full',
	/** A private brainstorm is on: new notes go through the server (privacy.ts). */
	'private',
	/** Anonymous mode is on: new notes go through the server, without an author. */
	'anonymous',
	/** A comment that is not theirs to write, change or delete, too long, or on no note (comments.ts). */
	'comments',
	/** A reaction that is not theirs, or not one the board offers (reactions.ts). */
	'reactions',
	/** Comments and reactions are closed to them: a guest when the facilitator turned them off, anyone but facilitators in anonymous mode. */
	'comments-closed',
	/** An image that shows no file of this board, or that is not theirs to change (images.ts). */
	'images'
] as const;

export type BoardNotice = (typeof BOARD_NOTICES)[number];

export const NOTICE_PREFIX = 'prachalab:';

export function readBoardNotice(reason: string): BoardNotice | null {
	if (!reason.startsWith(NOTICE_PREFIX)) return null;
	const code = reason.slice(NOTICE_PREFIX.length);
	return (BOARD_NOTICES as readonly string[]).includes(code) ? (code as BoardNotice) : null;
}
