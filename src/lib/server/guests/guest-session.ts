import { createHash, timingSafeEqual } from 'node:crypto';
import type { DB } from '../db/open.ts';

/**
 * A guest's session: the `guest` cookie (`id.secret`, HttpOnly) admits its holder to one board,
 * or to every board of one workshop (their pages at /guest and their collab sockets), and to
 * nothing else in the app, until the join code's time is up, the facilitator ends guest access
 * or the workshop ends.
 */
export const GUEST_COOKIE = 'guest';

/** How a guest is known on a board: an id no user id can be, and the name they gave. */
export function guestUserId(guestId: string): string {
	return `guest-${guestId}`;
}

export interface Guest {
	id: string;
	/** `guestUserId(id)`: what their notes, dots and presence carry. */
	userId: string;
	name: string;
	/** The board a board guest joined; a workshop guest's first board (or '' if it has none). */
	boardId: string;
	/** Every board they reach: the one, or the workshop's. */
	boardIds: string[];
	/** The workshop a workshop guest joined; null for a board guest. */
	workshopId: string | null;
	projectId: string;
	expiresAt: number;
}

function hash(text: string): Buffer {
	return createHash('sha256').update(text).digest();
}

/** The guest a cookie token stands for, or null (malformed, unknown, tampered with, ended, expired). */
export async function validateGuestToken(db: DB, token: string, now = Date.now()): Promise<Guest | null> {
	const parts = token.split('.');
	if (parts.length !== 2) return null;
	const [id, secret] = parts as [string, string];
	if (id.length !== 16 || secret.length !== 24) return null;
	const row = await db
		.selectFrom('board_guests')
		.innerJoin('boards', 'boards.id', 'board_guests.board_id')
		.select([
			'board_guests.id',
			'board_guests.name',
			'board_guests.board_id',
			'board_guests.secret_hash',
			'board_guests.expires_at',
			'board_guests.ended_at',
			'boards.project_id'
		])
		.where('board_guests.id', '=', id)
		.executeTakeFirst();
	if (!row) return validateWorkshopGuest(db, id, secret, now);
	if (!secretMatches(row.secret_hash, secret)) return null;
	if (row.ended_at !== null || Number(row.expires_at) <= now) return null;
	return {
		id: row.id,
		userId: guestUserId(row.id),
		name: row.name,
		boardId: row.board_id,
		boardIds: [row.board_id],
		workshopId: null,
		projectId: row.project_id,
		expiresAt: Number(row.expires_at)
	};
}

function secretMatches(storedHex: string, secret: string): boolean {
	const stored = Buffer.from(storedHex, 'hex');
	const given = hash(secret);
	return stored.length === given.length && timingSafeEqual(stored, given);
}

/** A guest of a workshop: its boards, while the workshop has not ended. */
async function validateWorkshopGuest(db: DB, id: string, secret: string, now: number): Promise<Guest | null> {
	const row = await db
		.selectFrom('workshop_guests')
		.innerJoin('workshops', 'workshops.id', 'workshop_guests.workshop_id')
		.select([
			'workshop_guests.id',
			'workshop_guests.name',
			'workshop_guests.workshop_id',
			'workshop_guests.secret_hash',
			'workshop_guests.expires_at',
			'workshop_guests.ended_at',
			'workshops.project_id',
			'workshops.state'
		])
		.where('workshop_guests.id', '=', id)
		.executeTakeFirst();
	if (!row || !secretMatches(row.secret_hash, secret)) return null;
	if (row.ended_at !== null || Number(row.expires_at) <= now || row.state === 'ended') return null;
	const boards = await db
		.selectFrom('workshop_boards')
		.innerJoin('boards', 'boards.id', 'workshop_boards.board_id')
		.select('boards.id')
		.where('workshop_boards.workshop_id', '=', row.workshop_id)
		.orderBy('boards.created_at')
		.execute();
	const boardIds = boards.map((b) => b.id);
	return {
		id: row.id,
		userId: guestUserId(row.id),
		name: row.name,
		boardId: boardIds[0] ?? '',
		boardIds,
		workshopId: row.workshop_id,
		projectId: row.project_id,
		expiresAt: Number(row.expires_at)
	};
}

/** A guest leaves: their cookie stops working. */
export async function endGuestSession(db: DB, guestId: string, now = Date.now()): Promise<void> {
	await db.updateTable('board_guests').set({ ended_at: now }).where('id', '=', guestId).where('ended_at', 'is', null).execute();
	await db.updateTable('workshop_guests').set({ ended_at: now }).where('id', '=', guestId).where('ended_at', 'is', null).execute();
}

/** Every guest a board has had, its own and those of the workshops on it (names for their notes), newest first. */
export async function listBoardGuests(db: DB, boardId: string): Promise<{ userId: string; name: string; active: boolean }[]> {
	const now = Date.now();
	const [own, ofWorkshops] = await Promise.all([
		db.selectFrom('board_guests').select(['id', 'name', 'expires_at', 'ended_at', 'created_at']).where('board_id', '=', boardId).execute(),
		db
			.selectFrom('workshop_guests')
			.innerJoin('workshop_boards', 'workshop_boards.workshop_id', 'workshop_guests.workshop_id')
			.select(['workshop_guests.id', 'workshop_guests.name', 'workshop_guests.expires_at', 'workshop_guests.ended_at', 'workshop_guests.created_at'])
			.where('workshop_boards.board_id', '=', boardId)
			.execute()
	]);
	return [...own, ...ofWorkshops]
		.sort((a, b) => Number(b.created_at) - Number(a.created_at))
		.map((r) => ({ userId: guestUserId(r.id), name: r.name, active: r.ended_at === null && Number(r.expires_at) > now }));
}
