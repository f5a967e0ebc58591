import { createHash } from 'node:crypto';
import type { DB } from '../db/open.ts';
import { newId, randomString } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { checkNewPassword, hashPassword } from './password.ts';
import { ROLES, type Role } from '../../domain/roles.ts';
import { findUserByEmail } from './users.ts';

export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export interface Invite {
	id: string;
	email: string;
	role: Role;
	createdAt: number;
	expiresAt: number;
	acceptedAt: number | null;
}

function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

/**
 * An admin invites someone. Returns the one-time token for the link (shown once, to copy:
 * there is no mail server); only its hash is stored.
 */
export async function createInvite(
	db: DB,
	input: { email: string; role: string },
	invitedBy: string,
	now = Date.now()
): Promise<{ invite: Invite; token: string }> {
	const check = new Checker();
	const email = check.email('email', input.email);
	const role = check.oneOf('role', input.role, ROLES);
	check.done();
	if (await findUserByEmail(db, email)) refuse('email_taken', 'email');

	const token = randomString(32);
	const invite: Invite = {
		id: newId(),
		email,
		role,
		createdAt: now,
		expiresAt: now + INVITE_LIFETIME_MS,
		acceptedAt: null
	};
	await db
		.insertInto('invites')
		.values({
			id: invite.id,
			token_hash: hashToken(token),
			email,
			role,
			invited_by: invitedBy,
			created_at: now,
			expires_at: invite.expiresAt,
			accepted_at: null
		})
		.execute();
	return { invite, token };
}

/** The open invite a token belongs to, or null if unknown, used or expired. */
export async function findOpenInvite(db: DB, token: string, now = Date.now()): Promise<Invite | null> {
	if (!/^[a-z2-9]{32}$/.test(token)) return null;
	const row = await db.selectFrom('invites').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
	if (!row || row.accepted_at !== null || row.expires_at <= now) return null;
	return {
		id: row.id,
		email: row.email,
		role: row.role as Role,
		createdAt: row.created_at,
		expiresAt: row.expires_at,
		acceptedAt: row.accepted_at
	};
}

export async function listInvites(db: DB): Promise<Invite[]> {
	const rows = await db.selectFrom('invites').selectAll().orderBy('created_at', 'desc').limit(100).execute();
	return rows.map((row) => ({
		id: row.id,
		email: row.email,
		role: row.role as Role,
		createdAt: row.created_at,
		expiresAt: row.expires_at,
		acceptedAt: row.accepted_at
	}));
}

/**
 * The invitee sets their name and password. Creates the user and marks the invite used in one
 * transaction, so a token can never make two accounts.
 */
export async function acceptInvite(db: DB, token: string, input: { name: string; password: string }, now = Date.now()): Promise<{ userId: string }> {
	const invite = await findOpenInvite(db, token, now);
	if (!invite) refuse('invite_invalid');
	const check = new Checker();
	const name = check.text('name', input.name, { max: 100 });
	const problem = checkNewPassword(input.password, invite.email);
	if (problem) check.add('password', problem);
	check.done();
	const passwordHash = await hashPassword(input.password);

	return db.transaction().execute(async (trx) => {
		const claimed = await trx
			.updateTable('invites')
			.set({ accepted_at: now })
			.where('id', '=', invite.id)
			.where('accepted_at', 'is', null)
			.executeTakeFirst();
		if (Number(claimed.numUpdatedRows) !== 1) refuse('invite_invalid');
		if (await trx.selectFrom('users').select('id').where('email', '=', invite.email).executeTakeFirst()) {
			refuse('email_taken');
		}
		const userId = newId();
		await trx
			.insertInto('users')
			.values({
				id: userId,
				email: invite.email,
				name,
				role: invite.role,
				password_hash: passwordHash,
				created_at: now
			})
			.execute();
		return { userId };
	});
}
