import { createHash, getRandomValues } from 'node:crypto';
import type { DB } from '../db/open.ts';
import { lockRow, locking } from '../db/locks.ts';
import { newId, randomString } from '../ids.ts';

/**
 * Join codes: a facilitator opens one for a board, guests type it (with a display name) at
 * /join. Eight characters from 31 that cannot be mistaken for one another read aloud or on a
 * projector (about 40 bits: guessing is hopeless within a code's few hours and the per-address
 * limit on /join). Only the code's SHA-256 is stored, so it is shown once, when opened.
 */

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 8;
/** How long a code (and the guests who came with it) may last. */
export const JOIN_CODE_TTLS_HOURS = [1, 2, 4, 8, 24] as const;
export const MAX_GUEST_NAME = 60;

/** The stored form of a code (its SHA-256); workshop codes (workshop-guests.ts) are stored alike. */
export function hashJoinCode(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/** The code as typed, in its stored form: upper case, without spaces or dashes. */
export function normalizeJoinCode(input: string): string {
	return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** The code as shown: two groups of four. */
export function formatJoinCode(code: string): string {
	return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A new code: CODE_LENGTH characters of CODE_ALPHABET, each equally likely. */
export function newJoinCode(): string {
	let out = '';
	// Rejection sampling keeps every character equally likely (31 does not divide 256).
	while (out.length < CODE_LENGTH) {
		for (const byte of getRandomValues(new Uint8Array(16))) {
			if (byte < 248 && out.length < CODE_LENGTH) out += CODE_ALPHABET[byte % 31];
		}
	}
	return out;
}

export interface OpenedCode {
	code: string;
	expiresAt: number;
}

/** Opens a new code for a board (closing any open one; its guests stay). */
export async function openJoinCode(db: DB, boardId: string, createdBy: string, ttlMs: number, now = Date.now()): Promise<OpenedCode> {
	const code = newJoinCode();
	const expiresAt = now + ttlMs;
	await db.transaction().execute(async (trx) => {
		// Openings for one board take turns, so one closes the other's code: one code open at a time.
		await lockRow(trx, 'boards', boardId);
		await trx.updateTable('board_join_codes').set({ closed_at: now }).where('board_id', '=', boardId).where('closed_at', 'is', null).execute();
		await trx
			.insertInto('board_join_codes')
			.values({
				id: newId(),
				board_id: boardId,
				code_hash: hashJoinCode(code),
				created_by: createdBy,
				created_at: now,
				expires_at: expiresAt,
				closed_at: null
			})
			.execute();
	});
	return { code, expiresAt };
}

/** The board's open code (not its text: that is never stored), if any. */
export async function currentJoinCode(db: DB, boardId: string, now = Date.now()): Promise<{ expiresAt: number } | null> {
	const row = await db
		.selectFrom('board_join_codes')
		.select('expires_at')
		.where('board_id', '=', boardId)
		.where('closed_at', 'is', null)
		.where('expires_at', '>', now)
		.orderBy('created_at', 'desc')
		.executeTakeFirst();
	return row ? { expiresAt: Number(row.expires_at) } : null;
}

/** Closes the board's codes and ends every guest's access to it. */
export async function endGuestAccess(db: DB, boardId: string, now = Date.now()): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.updateTable('board_join_codes').set({ closed_at: now }).where('board_id', '=', boardId).where('closed_at', 'is', null).execute();
		await trx.updateTable('board_guests').set({ ended_at: now }).where('board_id', '=', boardId).where('ended_at', 'is', null).execute();
	});
}

export interface NewGuest {
	guestId: string;
	boardId: string;
	/** `id.secret` for the guest cookie; only the secret's hash is stored. */
	token: string;
	expiresAt: number;
}

/**
 * A guest joins with a code and a display name. Null for a code that is unknown, closed or
 * expired (the caller says so without telling which).
 */
export async function redeemJoinCode(db: DB, input: { code: string; name: string }, now = Date.now()): Promise<NewGuest | null> {
	const code = normalizeJoinCode(input.code);
	if (code.length !== CODE_LENGTH) return null;
	const guestId = newId();
	const secret = randomString(24);
	return db.transaction().execute(async (trx) => {
		// The code's row is held while the guest is added: ending guest access (which closes the
		// code) either comes first, and the code is found closed, or waits and ends this guest too.
		const query = trx
			.selectFrom('board_join_codes')
			.select(['id', 'board_id', 'expires_at'])
			.where('code_hash', '=', hashJoinCode(code))
			.where('closed_at', 'is', null)
			.where('expires_at', '>', now);
		const row = await locking(trx, query, 'share').executeTakeFirst();
		if (!row) return null;
		const expiresAt = Number(row.expires_at);
		await trx
			.insertInto('board_guests')
			.values({
				id: guestId,
				board_id: row.board_id,
				join_code_id: row.id,
				name: input.name.normalize('NFC').trim().slice(0, MAX_GUEST_NAME),
				secret_hash: hashJoinCode(secret),
				created_at: now,
				expires_at: expiresAt,
				ended_at: null
			})
			.execute();
		return { guestId, boardId: row.board_id, token: `${guestId}.${secret}`, expiresAt };
	});
}
