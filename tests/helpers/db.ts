import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import type { SessionUser } from '../../src/lib/server/auth/session.ts';
import type { Role } from '../../src/lib/domain/roles.ts';

/** A fresh in-memory database with every migration applied. */
export async function freshDatabase(): Promise<DB> {
	const db = openDatabase(':memory:');
	await migrateToLatest(db);
	return db;
}

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
