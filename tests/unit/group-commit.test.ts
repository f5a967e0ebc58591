import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { groupCommitStats, inGroupCommit } from '../../src/lib/server/db/group-commit.ts';
import { openSqlite, type DB } from '../../src/lib/server/db/open.ts';
import { InputError } from '../../src/lib/server/validation.ts';

// Group commit is SQLite's (on PostgreSQL each work is a plain transaction): these run on SQLite in both passes.

async function withFile<T>(test: (db: DB, path: string) => Promise<T>): Promise<T> {
	const dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
	const db = openSqlite(join(dir, 'app.db'));
	try {
		await sql`create table parent (id integer primary key)`.execute(db);
		await sql`create table child (v text unique, parent integer references parent (id) deferrable initially deferred)`.execute(db);
		await sql`insert into parent values (1)`.execute(db);
		return await test(db, join(dir, 'app.db'));
	} finally {
		await db.destroy();
		rmSync(dir, { recursive: true, force: true });
	}
}

const insert =
	(v: string, parent = 1) =>
	(trx: DB) =>
		sql`insert into child (v, parent) values (${v}, ${parent})`.execute(trx).then(() => v);

function stored(db: DB): Promise<string[]> {
	return sql<{ v: string }>`select v from child order by v`.execute(db).then((r) => r.rows.map((row) => row.v));
}

describe('group commit', () => {
	it('stores writes that arrive together in one commit, each answered once it is in the file', async () => {
		await withFile(async (db, path) => {
			// Another connection sees only what was committed.
			const outside = new SQLite(path, { readonly: true });
			const seen = (v: string) => outside.prepare('select count(*) as n from child where v = ?').get(v) as { n: number };
			const names = Array.from({ length: 20 }, (_, i) => `w${String(i).padStart(2, '0')}`);
			const answers = await Promise.all(names.map((v) => inGroupCommit(db, insert(v)).then((value) => ({ value, committed: seen(v).n }))));
			outside.close();
			expect(answers.map((a) => a.value)).toEqual(names);
			expect(answers.every((a) => a.committed === 1)).toBe(true);
			expect(await stored(db)).toEqual(names);
			const stats = groupCommitStats(db);
			expect(stats.works).toBe(20);
			// All came in one turn of the event loop: one commit.
			expect(stats.transactions).toBe(1);
		});
	});

	it('does not hold back a write that comes alone', async () => {
		await withFile(async (db) => {
			expect(await inGroupCommit(db, insert('alone'))).toBe('alone');
			expect(groupCommitStats(db)).toEqual({ works: 1, transactions: 1 });
			expect(await stored(db)).toEqual(['alone']);
		});
	});

	it('gives a refused write its own error, whole or not at all, and stores the others', async () => {
		await withFile(async (db) => {
			const refusing = async (trx: DB) => {
				await insert('half-written')(trx);
				throw new InputError([{ field: '', code: 'fb_form_already_sent' }]);
			};
			const works = [insert('a'), insert('b'), refusing, insert('c'), insert('a'), insert('d')];
			const outcomes = await Promise.allSettled(works.map((work) => inGroupCommit(db, work)));
			expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
			expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(InputError);
			// The second 'a' breaks the unique key against the first: its own error, as alone.
			expect(String((outcomes[4] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/);
			expect(await stored(db)).toEqual(['a', 'b', 'c', 'd']);
		});
	});

	it('stores nothing of a group whose commit fails, then gives each write its own outcome', async () => {
		await withFile(async (db) => {
			// A deferred foreign key is checked at commit: the orphan makes the group's commit fail.
			const works = [insert('first'), insert('x1'), insert('orphan', 99), insert('x2')];
			const outcomes = await Promise.allSettled(works.map((work) => inGroupCommit(db, work)));
			expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
			expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
			expect(await stored(db)).toEqual(['first', 'x1', 'x2']);
		});
	});

	it('goes on after a failed group: the next writes are grouped again', async () => {
		await withFile(async (db) => {
			await Promise.allSettled([insert('p'), insert('q', 99), insert('r')].map((work) => inGroupCommit(db, work)));
			const before = groupCommitStats(db);
			await Promise.all(['s', 't', 'u', 'v'].map((v) => inGroupCommit(db, insert(v))));
			expect(groupCommitStats(db).transactions - before.transactions).toBe(1);
			expect(groupCommitStats(db).works - before.works).toBe(4);
			expect(await stored(db)).toEqual(['p', 'r', 's', 't', 'u', 'v']);
		});
	});
});
