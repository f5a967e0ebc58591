/**
 * Several app servers started together on one empty PostgreSQL database (a deployment's first
 * start, or a rolling one): migrations and the demo run once. Runs in the PostgreSQL pass of
 * the tests (`npm run test:postgres`); on SQLite a second process never shares the file.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../src/lib/server/db/open.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { createEmptyTestDatabase, testPostgresUrl } from '../helpers/postgres.ts';
import { migrations } from '../../migrations/index.ts';

const servers: AppServer[] = [];

afterAll(async () => {
	for (const server of servers) {
		await server.stop();
		server.cleanup();
	}
});

describe('servers starting together on one empty PostgreSQL database', () => {
	it('migrate it once and seed one demo', async () => {
		const url = await createEmptyTestDatabase(testPostgresUrl()!);
		servers.push(...(await Promise.all([1, 2, 3].map(() => startAppServer({ databasePath: url })))));
		const db = openDatabase(url);
		const count = async (table: string) => (await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n;
		expect(await count('users')).toBe(4);
		expect(await count('projects')).toBe(1);
		expect(await count('kysely_migration')).toBe(Object.keys(migrations).length);
		await db.destroy();
	});
});
