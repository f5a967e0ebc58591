import { describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { StatementCache } from '../../src/lib/server/db/statement-cache.ts';
import { openSqlite } from '../../src/lib/server/db/open.ts';
import { freshSqliteDatabase } from '../helpers/db.ts';

// The SQLite driver's statement cache: these run on SQLite in both passes.

describe('the prepared statement cache', () => {
	it('keeps one statement per SQL text and drops the least recently used past its capacity', () => {
		const cache = new StatementCache(new SQLite(':memory:'), 3);
		const one = cache.prepare('select 1');
		const two = cache.prepare('select 2');
		cache.prepare('select 3');
		expect(cache.prepare('select 1')).toBe(one);
		cache.prepare('select 4');
		expect(cache.size).toBe(3);
		// "select 2" was the least recently used: it was dropped, "select 1" was kept.
		expect(cache.prepare('select 1')).toBe(one);
		expect(cache.prepare('select 2')).not.toBe(two);
		expect(cache.size).toBe(3);
	});

	it('gives what a new statement would after the schema changed', async () => {
		const db = openSqlite(':memory:');
		await sql`create table t (a integer)`.execute(db);
		await sql`insert into t values (1)`.execute(db);
		const all = () => sql<Record<string, unknown>>`select * from t`.execute(db).then((r) => r.rows);
		expect(await all()).toEqual([{ a: 1 }]);
		await sql`alter table t add column b text default 'x'`.execute(db);
		expect(await all()).toEqual([{ a: 1, b: 'x' }]);
		await sql`drop table t`.execute(db);
		await expect(all()).rejects.toThrow(/no such table/);
		await sql`create table t (c text)`.execute(db);
		await sql`insert into t values ('ค')`.execute(db);
		expect(await all()).toEqual([{ c: 'ค' }]);
		await db.destroy();
	});

	it('answers reads with rows and writes with counts, the same SQL again and again', async () => {
		const db = openSqlite(':memory:');
		await sql`create table t (id integer primary key, v text unique)`.execute(db);
		for (const v of ['a', 'b', 'c']) {
			const written = await sql`insert into t (v) values (${v})`.execute(db);
			expect(written.numAffectedRows).toBe(1n);
			expect(written.rows).toEqual([]);
		}
		// A write that returns rows is a reader.
		expect((await sql<{ id: number }>`insert into t (v) values (${'d'}) returning id`.execute(db)).rows).toEqual([{ id: 4 }]);
		expect((await sql<{ id: number }>`insert into t (v) values (${'e'}) returning id`.execute(db)).rows).toEqual([{ id: 5 }]);
		// A statement that failed runs again cleanly.
		await expect(sql`insert into t (v) values (${'a'})`.execute(db)).rejects.toThrow(/UNIQUE/);
		expect((await sql`insert into t (v) values (${'f'})`.execute(db)).numAffectedRows).toBe(1n);
		expect((await sql<{ n: number }>`select count(*) as n from t where v > ${'b'}`.execute(db)).rows).toEqual([{ n: 4 }]);
		expect((await sql<{ n: number }>`select count(*) as n from t where v > ${'e'}`.execute(db)).rows).toEqual([{ n: 1 }]);
		await db.destroy();
	});

	it('streams a query to its end, and the same query runs again afterwards', async () => {
		const db = await freshSqliteDatabase();
		for (let i = 0; i < 50; i++)
			await db
				.insertInto('feedback_used_tokens')
				.values({ id: `token-${i}`, expires_at: i })
				.execute();
		const select = () => db.selectFrom('feedback_used_tokens').select('id').orderBy('expires_at');
		const streamed: string[] = [];
		for await (const row of select().stream()) streamed.push(row.id);
		expect(streamed).toHaveLength(50);
		expect(streamed[49]).toBe('token-49');
		expect(await select().execute()).toHaveLength(50);
		await db.destroy();
	});

	it('keeps a transaction whole: what a rolled-back transaction wrote is gone, and the connection works after', async () => {
		const db = openSqlite(':memory:');
		await sql`create table t (v text)`.execute(db);
		await expect(
			db.transaction().execute(async (trx) => {
				await sql`insert into t values ('kept?')`.execute(trx);
				throw new Error('changed my mind');
			})
		).rejects.toThrow('changed my mind');
		await db.transaction().execute((trx) => sql`insert into t values ('kept')`.execute(trx));
		expect((await sql<{ v: string }>`select v from t`.execute(db)).rows).toEqual([{ v: 'kept' }]);
		await db.destroy();
	});
});
