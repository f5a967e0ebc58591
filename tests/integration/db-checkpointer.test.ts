import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openSqlite } from '../../src/lib/server/db/open.ts';
import { autocheckpointPages, startCheckpointer } from '../../src/lib/server/db/checkpointer.ts';

// The SQLite pass only: the checkpointer is for a SQLite file (PostgreSQL has its own).
const work = mkdtempSync(join(tmpdir(), 'prachalab-checkpoint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function until(condition: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('WAL checkpoints from a worker thread', () => {
	it('copies the log into the database file while the server’s connection never checkpoints, and hands checkpoints back on close', async () => {
		const path = join(work, 'board.db');
		const db = openSqlite(path);
		await sql`create table t (b blob)`.execute(db);
		// Far from any 1,000-page line, so nothing below is SQLite's own automatic checkpoint.
		const checkpointer = await startCheckpointer(db, path, { intervalMs: 50 });
		expect(await autocheckpointPages(db)).toBe(0);
		const before = statSync(path).size;
		// About 4 MB (1,000 pages of 4 KiB): with automatic checkpoints off, only a checkpoint moves it into the file.
		for (let i = 0; i < 10; i++) await sql`insert into t (b) values (randomblob(400000))`.execute(db);
		await until(() => statSync(path).size > before + 3_000_000);
		await checkpointer.close();
		expect(await autocheckpointPages(db)).toBe(1000);
		await db.destroy();
	});

	it('gives the checkpoints back to the server’s connection when the worker fails', async () => {
		const path = join(work, 'server.db');
		const db = openSqlite(path);
		const notADatabase = join(work, 'not-a-database.db');
		writeFileSync(notADatabase, 'this is not a SQLite file, and checkpointing it fails at once'.repeat(100));
		const logged: string[] = [];
		const checkpointer = await startCheckpointer(db, notADatabase, { intervalMs: 20, log: (message) => logged.push(message) });
		await until(async () => (await autocheckpointPages(db)) === 1000);
		expect(logged.join('\n')).toMatch(/checkpoint worker failed/);
		await checkpointer.close();
		await db.destroy();
	});
});
