import { createHash, timingSafeEqual } from 'node:crypto';
import type { DB } from '../db/open.ts';
import { randomString } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import type { Role } from '../../domain/roles.ts';
import type { SessionUser } from './session.ts';

/**
 * Personal API tokens, made like sessions (auth/session.ts): the token is `id.secret`, only the
 * SHA-256 of the secret is stored and compared in constant time, and the whole token is shown
 * once, when made. A token is read-only (`scope: 'read'`), ends at its expiry, and counts only
 * on /api/v1 (hooks.server.ts): there it stands for its owner, so it sees exactly what the
 * owner's session would, through the same access decisions, and never writes.
 */

/** What every token may do: read. There is no other scope; the column keeps it stated. */
export const TOKEN_SCOPE = 'read';
/** Recognisable in a config file or a leaked log: "plt" for Prachalab token. */
const TOKEN_PREFIX = 'plt_';
const ID_LENGTH = 24;
const SECRET_LENGTH = 32;
/** Days a token may live, offered on the account page; no token lives longer than a year. */
export const TOKEN_LIFETIMES_DAYS = [30, 90, 365] as const;
export const DEFAULT_TOKEN_LIFETIME_DAYS = 90;
/** Enough for a few scripts and dashboards; a pile of forgotten tokens is a risk. */
export const MAX_TOKENS_PER_USER = 20;
// Using a token writes its last use at most this often, so reads stay reads.
const LAST_USED_INTERVAL_MS = 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ApiToken {
	id: string;
	name: string;
	scope: typeof TOKEN_SCOPE;
	createdAt: number;
	expiresAt: number;
	lastUsedAt: number | null;
}

export interface NewApiToken {
	token: ApiToken;
	/** `plt_id.secret`: shown to its owner once, never stored. */
	secret: string;
}

function hashSecret(secret: string): Buffer {
	return createHash('sha256').update(secret).digest();
}

function toToken(row: { id: string; name: string; created_at: number; expires_at: number; last_used_at: number | null }): ApiToken {
	return { id: row.id, name: row.name, scope: TOKEN_SCOPE, createdAt: row.created_at, expiresAt: row.expires_at, lastUsedAt: row.last_used_at };
}

/** Makes a read-only token for `userId` named `name`, living `lifetimeDays` (one of TOKEN_LIFETIMES_DAYS). */
export async function createApiToken(
	db: DB,
	userId: string,
	input: { name: unknown; lifetimeDays: unknown },
	now = Date.now()
): Promise<NewApiToken> {
	const check = new Checker();
	const name = check.text('name', input.name, { min: 1, max: 80 });
	const days = Number(input.lifetimeDays);
	if (!(TOKEN_LIFETIMES_DAYS as readonly number[]).includes(days)) check.add('lifetime', 'invalid_choice');
	check.done();
	const id = randomString(ID_LENGTH);
	const secret = randomString(SECRET_LENGTH);
	const row = { id, name, created_at: now, expires_at: now + days * DAY_MS, last_used_at: null };
	await db.transaction().execute(async (trx) => {
		const { count } = await trx
			.selectFrom('api_tokens')
			.select((eb) => eb.fn.countAll<number>().as('count'))
			.where('user_id', '=', userId)
			.where('expires_at', '>', now)
			.executeTakeFirstOrThrow();
		if (Number(count) >= MAX_TOKENS_PER_USER) refuse('api_too_many_tokens', 'name', { max: MAX_TOKENS_PER_USER });
		await trx
			.insertInto('api_tokens')
			.values({ ...row, secret_hash: hashSecret(secret).toString('hex'), user_id: userId, scope: TOKEN_SCOPE })
			.execute();
	});
	return { token: toToken(row), secret: `${TOKEN_PREFIX}${id}.${secret}` };
}

/** The user's tokens, newest first, expired ones included (until they are revoked). */
export async function listApiTokens(db: DB, userId: string): Promise<ApiToken[]> {
	const rows = await db
		.selectFrom('api_tokens')
		.select(['id', 'name', 'created_at', 'expires_at', 'last_used_at'])
		.where('user_id', '=', userId)
		.orderBy('created_at', 'desc')
		.orderBy('id')
		.execute();
	return rows.map(toToken);
}

/** Revokes (deletes) one of the user's own tokens; someone else's is left alone. */
export async function revokeApiToken(db: DB, userId: string, tokenId: string): Promise<boolean> {
	const result = await db.deleteFrom('api_tokens').where('id', '=', tokenId).where('user_id', '=', userId).executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

/** Revokes every token of a user (their password changed: whoever knew it may have made one). */
export async function revokeAllApiTokens(db: DB, userId: string): Promise<void> {
	await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
}

/**
 * The user a token stands for, or null when it is malformed, unknown, tampered with, expired,
 * or its owner is disabled. Its last use is recorded (at most once a minute).
 */
export async function validateApiToken(db: DB, token: string, now = Date.now()): Promise<{ token: ApiToken; user: SessionUser } | null> {
	if (!token.startsWith(TOKEN_PREFIX)) return null;
	const parts = token.slice(TOKEN_PREFIX.length).split('.');
	if (parts.length !== 2) return null;
	const [id, secret] = parts as [string, string];
	if (id.length !== ID_LENGTH || secret.length !== SECRET_LENGTH) return null;

	const row = await db
		.selectFrom('api_tokens')
		.innerJoin('users', 'users.id', 'api_tokens.user_id')
		.select([
			'api_tokens.id',
			'api_tokens.name',
			'api_tokens.secret_hash',
			'api_tokens.created_at',
			'api_tokens.expires_at',
			'api_tokens.last_used_at',
			'users.id as user_id',
			'users.email',
			'users.name as user_name',
			'users.role',
			'users.disabled'
		])
		.where('api_tokens.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const stored = Buffer.from(row.secret_hash, 'hex');
	const given = hashSecret(secret);
	if (stored.length !== given.length || !timingSafeEqual(stored, given)) return null;
	if (row.expires_at <= now || row.disabled) return null;

	let lastUsedAt = row.last_used_at;
	if (lastUsedAt === null || now - lastUsedAt >= LAST_USED_INTERVAL_MS) {
		lastUsedAt = now;
		await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
	}
	return {
		token: toToken({ ...row, last_used_at: lastUsedAt }),
		user: { id: row.user_id, email: row.email, name: row.user_name, role: row.role as Role }
	};
}

/** The token in an `Authorization: Bearer …` header, or null when there is no such header. */
export function bearerToken(header: string | null): string | null {
	const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header ?? '');
	return match ? match[1]! : null;
}
