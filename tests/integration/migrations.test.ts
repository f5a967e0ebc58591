import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../src/lib/server/db/open.ts';
import { migrateDownToEmpty, migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { migrations } from '../../migrations/index.ts';

async function tableNames(db: ReturnType<typeof openDatabase>): Promise<string[]> {
	const { rows } = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(db);
	return rows.map((r) => r.name).sort();
}

describe('migrations', () => {
	it('run up from an empty database, down to empty, and up again', async () => {
		const db = openDatabase(':memory:');
		expect(await tableNames(db)).toEqual([]);
		await migrateToLatest(db);
		const tables = await tableNames(db);
		expect(tables).toEqual(expect.arrayContaining(['users', 'sessions', 'invites', 'projects', 'project_members', 'stage_changes', 'boards']));
		await migrateDownToEmpty(db);
		// FTS5 shadow tables and the like go with their owner; nothing of ours may remain.
		expect(await tableNames(db)).toEqual([]);
		await migrateToLatest(db);
		expect(await tableNames(db)).toEqual(tables);
		await db.destroy();
	});

	it('are named in order, so the newest always runs last', () => {
		const names = Object.keys(migrations);
		expect(names).toEqual([...names].sort());
		expect(names.every((n) => /^\d{4}_[a-z0-9_]+$/.test(n))).toBe(true);
	});

	it('open the database in WAL mode with foreign keys and secure delete on', async () => {
		const { mkdtempSync, rmSync } = await import('node:fs');
		const { join } = await import('node:path');
		const { tmpdir } = await import('node:os');
		const dir = mkdtempSync(join(tmpdir(), 'prachalab-wal-'));
		const db = openDatabase(join(dir, 'x.db'));
		const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
		const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
		const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(db);
		const secureDelete = await sql<{ secure_delete: number }>`pragma secure_delete`.execute(db);
		expect(secureDelete.rows[0]?.secure_delete).toBe(1);
		expect(mode.rows[0]?.journal_mode).toBe('wal');
		expect(fk.rows[0]?.foreign_keys).toBe(1);
		expect(busy.rows[0]?.timeout).toBeGreaterThanOrEqual(1000);
		await db.destroy();
		rmSync(dir, { recursive: true, force: true });
	});
});
