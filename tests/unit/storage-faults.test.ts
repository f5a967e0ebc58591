import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { storageFault } from '../../src/lib/server/db/storage-faults.ts';
// SQLite's own limits stand in for a full disk and a read-only file: these run on SQLite in both
// passes (database.test.ts has PostgreSQL's read-only error).
import { freshSqliteDatabase as freshDatabase } from '../helpers/db.ts';

/** The error a statement really throws, or null. */
async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
	try {
		await work();
		return null;
	} catch (error) {
		return error;
	}
}

describe('storage faults', () => {
	it('are told apart from other errors, from SQLite as it really throws them', async () => {
		const db = await freshDatabase();
		await sql`create table t (x blob)`.execute(db);
		await sql`pragma query_only = 1`.execute(db);
		expect(storageFault(await errorOf(() => sql`insert into t values (1)`.execute(db)))).toBe('read_only');
		await sql`pragma query_only = 0`.execute(db);
		const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count);
		await sql`pragma max_page_count = ${sql.raw(String(pages))}`.execute(db);
		expect(storageFault(await errorOf(() => sql`insert into t values (randomblob(100000))`.execute(db)))).toBe('full');
		expect(storageFault(await errorOf(() => sql`select * from no_such_table`.execute(db)))).toBeNull();
		expect(storageFault(new Error('boom'))).toBeNull();
		expect(storageFault(undefined)).toBeNull();
	});

	it('know PostgreSQL’s and the file system’s codes for the same', () => {
		expect(storageFault({ code: '53100' })).toBe('full');
		expect(storageFault({ code: '25006' })).toBe('read_only');
		expect(storageFault({ code: 'ENOSPC' })).toBe('full');
		expect(storageFault({ code: 'EROFS' })).toBe('read_only');
		expect(storageFault({ code: '23505' })).toBeNull();
	});

	it('survive a transaction that SQLite rolled back itself: a full disk is reported as one, not as a failed rollback', async () => {
		const db = await freshDatabase();
		await sql`create table t (x blob)`.execute(db);
		const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count);
		await sql`pragma max_page_count = ${sql.raw(String(pages + 1))}`.execute(db);
		const error = await errorOf(() =>
			db.transaction().execute(async (trx) => {
				for (let i = 0; i < 100; i++) await sql`insert into t values (randomblob(2000))`.execute(trx);
			})
		);
		expect((error as { code?: string }).code).toBe('SQLITE_FULL');
		expect(storageFault(error)).toBe('full');
		// Nothing of it was kept, and the connection is usable again.
		expect((await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0]!.n).toBe(0);
	});
});
