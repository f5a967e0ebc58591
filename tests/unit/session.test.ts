import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import type { DB } from '../../src/lib/server/db/open.ts';
import {
	ACTIVITY_CHECK_INTERVAL_MS,
	INACTIVITY_TIMEOUT_MS,
	createSession,
	invalidateOtherSessions,
	invalidateSession,
	listUserSessions,
	validateSessionToken
} from '../../src/lib/server/auth/session.ts';
import { changePassword } from '../../src/lib/server/auth/users.ts';
import { freshDatabase, makeUser } from '../helpers/db.ts';

let db: DB;
beforeEach(async () => {
	db = await freshDatabase();
});
afterEach(async () => {
	await db.destroy();
});

describe('sessions', () => {
	it('makes a token of two 24-character parts and stores only the SHA-256 of the secret', async () => {
		const user = await makeUser(db);
		const { token, session } = await createSession(db, user.id);
		const [id, secret] = token.split('.');
		expect(id).toMatch(/^[a-z2-9]{24}$/);
		expect(secret).toMatch(/^[a-z2-9]{24}$/);
		const row = await db.selectFrom('sessions').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow();
		expect(row.secret_hash).toBe(createHash('sha256').update(secret!).digest('hex'));
		expect(JSON.stringify(row)).not.toContain(secret);
	});

	it('validates a fresh token and returns its user', async () => {
		const user = await makeUser(db, 'facilitator');
		const { token } = await createSession(db, user.id);
		const result = await validateSessionToken(db, token);
		expect(result?.user).toMatchObject({ id: user.id, role: 'facilitator', email: user.email });
	});

	it('refuses a token whose secret was tampered with', async () => {
		const user = await makeUser(db);
		const { token } = await createSession(db, user.id);
		const last = token.at(-1) === 'a' ? 'b' : 'a';
		expect(await validateSessionToken(db, token.slice(0, -1) + last)).toBeNull();
	});

	it('refuses malformed tokens without touching the database row', async () => {
		const user = await makeUser(db);
		const { token, session } = await createSession(db, user.id);
		for (const bad of ['', '.', token.replace('.', ''), `${token}.x`, `${session.id}.short`, `${session.id}.${'a'.repeat(25)}`]) {
			expect(await validateSessionToken(db, bad)).toBeNull();
		}
		expect(await validateSessionToken(db, token)).not.toBeNull();
	});

	it('expires after the inactivity timeout and deletes the session', async () => {
		const user = await makeUser(db);
		const start = 1_800_000_000_000;
		const { token, session } = await createSession(db, user.id, '', start);
		expect(await validateSessionToken(db, token, start + INACTIVITY_TIMEOUT_MS - 1)).not.toBeNull();
		// The check above slid the expiry; a long silence after it still ends the session.
		const later = start + INACTIVITY_TIMEOUT_MS - 1 + INACTIVITY_TIMEOUT_MS;
		expect(await validateSessionToken(db, token, later)).toBeNull();
		expect(await db.selectFrom('sessions').select('id').where('id', '=', session.id).executeTakeFirst()).toBeUndefined();
	});

	it('slides the expiry forward when used after the activity interval, and not before', async () => {
		const user = await makeUser(db);
		const start = 1_800_000_000_000;
		const { token } = await createSession(db, user.id, '', start);
		const soon = await validateSessionToken(db, token, start + ACTIVITY_CHECK_INTERVAL_MS - 1);
		expect(soon?.session.lastVerifiedAt).toBe(start);
		const later = start + ACTIVITY_CHECK_INTERVAL_MS + 5;
		const renewed = await validateSessionToken(db, token, later);
		expect(renewed?.session.lastVerifiedAt).toBe(later);
		// Still valid past the original expiry, because it was renewed.
		expect(await validateSessionToken(db, token, start + INACTIVITY_TIMEOUT_MS + 10)).not.toBeNull();
	});

	it('ends a session when it is invalidated (logout)', async () => {
		const user = await makeUser(db);
		const { token, session } = await createSession(db, user.id);
		await invalidateSession(db, session.id);
		expect(await validateSessionToken(db, token)).toBeNull();
	});

	it('ends every other session but keeps the current one', async () => {
		const user = await makeUser(db);
		const current = await createSession(db, user.id);
		const other = await createSession(db, user.id);
		const someoneElse = await createSession(db, (await makeUser(db)).id);
		await invalidateOtherSessions(db, user.id, current.session.id);
		expect(await validateSessionToken(db, current.token)).not.toBeNull();
		expect(await validateSessionToken(db, other.token)).toBeNull();
		expect(await validateSessionToken(db, someoneElse.token)).not.toBeNull();
		expect((await listUserSessions(db, user.id)).map((s) => s.id)).toEqual([current.session.id]);
	});

	it('ends the other sessions when the password changes', async () => {
		const user = await makeUser(db);
		const current = await createSession(db, user.id);
		const other = await createSession(db, user.id);
		await changePassword(db, user.id, user.password, 'a much better passphrase', current.session.id);
		expect(await validateSessionToken(db, current.token)).not.toBeNull();
		expect(await validateSessionToken(db, other.token)).toBeNull();
	});

	it('refuses the sessions of a disabled account', async () => {
		const user = await makeUser(db);
		const { token } = await createSession(db, user.id);
		await db.updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute();
		expect(await validateSessionToken(db, token)).toBeNull();
	});
});
