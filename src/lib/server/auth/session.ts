import { createHash, timingSafeEqual } from 'node:crypto';
import type { DB } from '../db/open.ts';
import { randomString } from '../ids.ts';
import type { Role } from '../../domain/roles.ts';
import { type SessionUser } from '../../domain/users.ts';
export { type SessionUser };

// Lucia's session guide: a session ends after this long without use...
export const INACTIVITY_TIMEOUT_MS = 10 * 24 * 60 * 60 * 1000;
// ...and a used session is touched at most this often, so reads stay reads.
export const ACTIVITY_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export const SESSION_COOKIE = 'session';

export interface Session {
	id: string;
	userId: string;
	createdAt: number;
	lastVerifiedAt: number;
	userAgent: string;
}

export interface NewSession {
	session: Session;
	/** `id.secret`: goes to the cookie, never stored. */
	token: string;
}

function hashSecret(secret: string): Buffer {
	return createHash('sha256').update(secret).digest();
}

/** Creates a session; only the SHA-256 of its secret is stored. Each part carries 120 bits. */
export async function createSession(db: DB, userId: string, userAgent = '', now = Date.now()): Promise<NewSession> {
	const id = randomString(24);
	const secret = randomString(24);
	await db
		.insertInto('sessions')
		.values({
			id,
			secret_hash: hashSecret(secret).toString('hex'),
			user_id: userId,
			created_at: now,
			last_verified_at: now,
			user_agent: userAgent.slice(0, 300)
		})
		.execute();
	return {
		session: { id, userId, createdAt: now, lastVerifiedAt: now, userAgent: userAgent.slice(0, 300) },
		token: `${id}.${secret}`
	};
}

/**
 * Checks a token from a cookie. Returns the session and its user, or null when the token is
 * malformed, unknown, tampered with or expired (an expired session is deleted). A session used
 * after the activity interval has its expiry slid forward.
 */
export async function validateSessionToken(db: DB, token: string, now = Date.now()): Promise<{ session: Session; user: SessionUser } | null> {
	const parts = token.split('.');
	if (parts.length !== 2) return null;
	const [id, secret] = parts as [string, string];
	if (id.length !== 24 || secret.length !== 24) return null;

	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'sessions.id',
			'sessions.secret_hash',
			'sessions.created_at',
			'sessions.last_verified_at',
			'sessions.user_agent',
			'users.id as user_id',
			'users.email',
			'users.name',
			'users.role',
			'users.disabled'
		])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;

	const stored = Buffer.from(row.secret_hash, 'hex');
	const given = hashSecret(secret);
	if (stored.length !== given.length || !timingSafeEqual(stored, given)) return null;

	if (now - row.last_verified_at >= INACTIVITY_TIMEOUT_MS || row.disabled) {
		await invalidateSession(db, id);
		return null;
	}
	let lastVerifiedAt = row.last_verified_at;
	if (now - lastVerifiedAt >= ACTIVITY_CHECK_INTERVAL_MS) {
		lastVerifiedAt = now;
		await db.updateTable('sessions').set({ last_verified_at: now }).where('id', '=', id).execute();
	}
	return {
		session: {
			id: row.id,
			userId: row.user_id,
			createdAt: row.created_at,
			lastVerifiedAt,
			userAgent: row.user_agent
		},
		user: { id: row.user_id, email: row.email, name: row.name, role: row.role as Role }
	};
}

/** When the cookie of a session verified at `lastVerifiedAt` should expire. */
export function sessionExpiresAt(lastVerifiedAt: number): Date {
	return new Date(lastVerifiedAt + INACTIVITY_TIMEOUT_MS);
}

export async function invalidateSession(db: DB, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user except `keepSessionId` (if given). */
export async function invalidateOtherSessions(db: DB, userId: string, keepSessionId?: string): Promise<void> {
	let query = db.deleteFrom('sessions').where('user_id', '=', userId);
	if (keepSessionId) query = query.where('id', '!=', keepSessionId);
	await query.execute();
}

export async function listUserSessions(db: DB, userId: string): Promise<Session[]> {
	const rows = await db
		.selectFrom('sessions')
		.select(['id', 'user_id', 'created_at', 'last_verified_at', 'user_agent'])
		.where('user_id', '=', userId)
		.orderBy('last_verified_at', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		userId: r.user_id,
		createdAt: r.created_at,
		lastVerifiedAt: r.last_verified_at,
		userAgent: r.user_agent
	}));
}

/** Deletes one of the user's own sessions; a session of someone else is left alone. */
export async function endUserSession(db: DB, userId: string, sessionId: string): Promise<boolean> {
	const result = await db.deleteFrom('sessions').where('id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}
