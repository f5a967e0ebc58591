import { join } from 'node:path';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import type { SessionUser } from '../../src/lib/server/auth/session.ts';
import type { Role } from '../../src/lib/domain/roles.ts';
import { createTestDatabase, testPostgresUrl } from './postgres.ts';

/**
 * A fresh database with every migration applied: a new PostgreSQL database when `DATABASE_URL`
 * is a postgres URL (tests/helpers/postgres.ts), an in-memory SQLite one otherwise.
 */
export async function freshDatabase(): Promise<DB> {
	const base = testPostgresUrl();
	// Tests never destroy their databases: idle connections close soon instead (and the run's
	// databases are dropped at its end), so hundreds of them never hold the server's slots.
	if (base) return openDatabase(await createTestDatabase(base), { poolSize: 10, idleTimeoutMillis: 1000 });
	const db = openDatabase(':memory:');
	await migrateToLatest(db);
	return db;
}

/**
 * A fresh in-memory SQLite database, whichever database the other tests run on: for tests of
 * SQLite itself (its pragmas, its limits standing in for a full disk).
 */
export async function freshSqliteDatabase(): Promise<DB> {
	const db = openDatabase(':memory:');
	await migrateToLatest(db);
	return db;
}

/**
 * Where a fresh, migrated database is, for code that opens it itself (a server started by a
 * test): a PostgreSQL URL, or a new SQLite file in `dir`.
 */
export async function freshDatabaseLocation(dir: string): Promise<string> {
	const base = testPostgresUrl();
	if (base) return createTestDatabase(base);
	const path = join(dir, 'app.db');
	const db = openDatabase(path);
	await migrateToLatest(db);
	await db.destroy();
	return path;
}

/** Which database the tests run on. */
export const testDialect: 'sqlite' | 'postgres' = testPostgresUrl() ? 'postgres' : 'sqlite';

let counter = 0;

/** Creates a user with a known strong password; returns it as a session would see it. */
export async function makeUser(db: DB, role: Role = 'member', name?: string): Promise<SessionUser & { password: string }> {
	counter += 1;
	const password = `correct horse battery ${counter}`;
	const user = await createUser(db, {
		email: `user${counter}-${Math.random().toString(36).slice(2, 8)}@example.test`,
		name: name ?? `ผู้ใช้ ${counter}`,
		role,
		password
	});
	return { id: user.id, email: user.email, name: user.name, role: user.role, password };
}
