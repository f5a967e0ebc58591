import type { DB } from '../db/open.ts';
import { newId, randomString } from '../ids.ts';
import { refuse } from '../validation.ts';
import { CODE_LENGTH, hashJoinCode as hash, MAX_GUEST_NAME, newJoinCode, normalizeJoinCode, type OpenedCode } from './join-codes.ts';

/**
 * Guests of a workshop: a facilitator opens a join code for the workshop, guests type it with a
 * display name at /join (the same page as a board's code) and reach every board of the workshop
 * (guest-session.ts) until the code's time is up or the workshop ends. Closing the code stops new
 * joins; ending the workshop (`endWorkshopGuests`) ends every guest's access at once. The code's
 * shape and alphabet are a board code's (join-codes.ts); only its SHA-256 is stored.
 */

/** Opens a new code for a workshop that has not ended (closing any open one; its guests stay). */
export async function openWorkshopJoinCode(db: DB, workshopId: string, createdBy: string, ttlMs: number, now = Date.now()): Promise<OpenedCode> {
	const code = newJoinCode();
	const expiresAt = now + ttlMs;
	await db.transaction().execute(async (trx) => {
		// Touching the workshop row first makes openings (and the end) take turns on PostgreSQL.
		const touched = await trx
			.updateTable('workshops')
			.set({ updated_at: now })
			.where('id', '=', workshopId)
			.where('state', '!=', 'ended')
			.executeTakeFirst();
		if (Number(touched.numUpdatedRows) === 0) refuse('wl_workshop_ended');
		await trx
			.updateTable('workshop_join_codes')
			.set({ closed_at: now })
			.where('workshop_id', '=', workshopId)
			.where('closed_at', 'is', null)
			.execute();
		await trx
			.insertInto('workshop_join_codes')
			.values({
				id: newId(),
				workshop_id: workshopId,
				code_hash: hash(code),
				created_by: createdBy,
				created_at: now,
				expires_at: expiresAt,
				closed_at: null
			})
			.execute();
	});
	return { code, expiresAt };
}

/** The workshop's open code (not its text), if any. */
export async function currentWorkshopJoinCode(db: DB, workshopId: string, now = Date.now()): Promise<{ expiresAt: number } | null> {
	const row = await db
		.selectFrom('workshop_join_codes')
		.select('expires_at')
		.where('workshop_id', '=', workshopId)
		.where('closed_at', 'is', null)
		.where('expires_at', '>', now)
		.orderBy('created_at', 'desc')
		.executeTakeFirst();
	return row ? { expiresAt: Number(row.expires_at) } : null;
}

/** Closes the workshop's codes: no new guests; those already in stay. */
export async function closeWorkshopJoinCode(db: DB, workshopId: string, now = Date.now()): Promise<void> {
	await db.updateTable('workshop_join_codes').set({ closed_at: now }).where('workshop_id', '=', workshopId).where('closed_at', 'is', null).execute();
}

/** Closes the codes and ends every guest of the workshop; returns the guests ended (for "access changed"). */
export async function endWorkshopGuests(db: DB, workshopId: string, now = Date.now()): Promise<string[]> {
	return db.transaction().execute(async (trx) => {
		await trx
			.updateTable('workshop_join_codes')
			.set({ closed_at: now })
			.where('workshop_id', '=', workshopId)
			.where('closed_at', 'is', null)
			.execute();
		const guests = await trx.selectFrom('workshop_guests').select('id').where('workshop_id', '=', workshopId).where('ended_at', 'is', null).execute();
		await trx.updateTable('workshop_guests').set({ ended_at: now }).where('workshop_id', '=', workshopId).where('ended_at', 'is', null).execute();
		return guests.map((g) => g.id);
	});
}

export interface NewWorkshopGuest {
	guestId: string;
	workshopId: string;
	/** `id.secret` for the guest cookie; only the secret's hash is stored. */
	token: string;
	expiresAt: number;
}

/** A guest joins a workshop with its code and a display name; null for a code unknown, closed, expired or of an ended workshop. */
export async function redeemWorkshopJoinCode(db: DB, input: { code: string; name: string }, now = Date.now()): Promise<NewWorkshopGuest | null> {
	const code = normalizeJoinCode(input.code);
	if (code.length !== CODE_LENGTH) return null;
	const guestId = newId();
	const secret = randomString(24);
	return db.transaction().execute(async (trx) => {
		const row = await trx
			.selectFrom('workshop_join_codes')
			.innerJoin('workshops', 'workshops.id', 'workshop_join_codes.workshop_id')
			.select(['workshop_join_codes.id', 'workshop_join_codes.workshop_id', 'workshop_join_codes.expires_at'])
			.where('workshop_join_codes.code_hash', '=', hash(code))
			.where('workshop_join_codes.closed_at', 'is', null)
			.where('workshop_join_codes.expires_at', '>', now)
			.where('workshops.state', '!=', 'ended')
			.executeTakeFirst();
		if (!row) return null;
		const expiresAt = Number(row.expires_at);
		await trx
			.insertInto('workshop_guests')
			.values({
				id: guestId,
				workshop_id: row.workshop_id,
				join_code_id: row.id,
				name: input.name.normalize('NFC').trim().slice(0, MAX_GUEST_NAME),
				secret_hash: hash(secret),
				created_at: now,
				expires_at: expiresAt,
				ended_at: null
			})
			.execute();
		return { guestId, workshopId: row.workshop_id, token: `${guestId}.${secret}`, expiresAt };
	});
}

/** The workshop's guests (names for the report and for their notes), oldest first. */
export async function listWorkshopGuests(db: DB, workshopId: string): Promise<{ id: string; name: string }[]> {
	return db.selectFrom('workshop_guests').select(['id', 'name']).where('workshop_id', '=', workshopId).orderBy('created_at').execute();
}

/** What a workshop guest's page needs of the workshop: its title, its boards and the board of the step the room is on. */
export async function findGuestWorkshop(
	db: DB,
	workshopId: string
): Promise<{ title: string; stepBoardId: string | null; boards: { id: string; stage: string }[] } | null> {
	const row = await db
		.selectFrom('workshops')
		.leftJoin('workshop_steps', 'workshop_steps.id', 'workshops.current_step_id')
		.select(['workshops.title', 'workshop_steps.board_id'])
		.where('workshops.id', '=', workshopId)
		.executeTakeFirst();
	if (!row) return null;
	const boards = await db
		.selectFrom('workshop_boards')
		.innerJoin('boards', 'boards.id', 'workshop_boards.board_id')
		.select(['boards.id', 'boards.stage'])
		.where('workshop_boards.workshop_id', '=', workshopId)
		.orderBy('boards.created_at')
		.execute();
	return { title: row.title, stepBoardId: row.board_id ?? null, boards };
}
