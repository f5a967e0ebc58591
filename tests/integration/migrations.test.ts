import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { dialectOf } from '../../src/lib/server/db/dialect.ts';
import { migrateDownToEmpty, migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { Migrator } from 'kysely/migration';
import { migrations } from '../../migrations/index.ts';
import { freshDatabase, testDialect } from '../helpers/db.ts';

async function tableNames(db: DB): Promise<string[]> {
	const { rows } =
		dialectOf(db) === 'postgres'
			? await sql<{ name: string }>`select table_name as name from information_schema.tables
				where table_schema = current_schema() and table_name not like 'kysely_%'`.execute(db)
			: await sql<{ name: string }>`select name from sqlite_master
				where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(db);
	return rows.map((r) => r.name).sort();
}

/** Every table's columns, `table.column`, sorted. */
async function columnNames(db: DB): Promise<string[]> {
	const out: string[] = [];
	for (const table of await db.introspection.getTables()) {
		// FTS5's shadow tables are SQLite's own (feedback_search_data, _idx, …).
		if (/^(feedback|participation)_search_/.test(table.name)) continue;
		for (const column of table.columns) out.push(`${table.name}.${column.name}`);
	}
	return out.sort();
}

describe('migrations', () => {
	it('run down to empty and up again', async () => {
		const db = await freshDatabase();
		const tables = await tableNames(db);
		expect(tables).toEqual(
			expect.arrayContaining(['users', 'sessions', 'invites', 'projects', 'project_members', 'stage_changes', 'boards', 'feedback_search'])
		);
		await migrateDownToEmpty(db);
		// FTS5 shadow tables and the like go with their owner; nothing of ours may remain.
		expect(await tableNames(db)).toEqual([]);
		await migrateToLatest(db);
		expect(await tableNames(db)).toEqual(tables);
		await db.destroy();
	});

	it('give every project made before Implement & scale had a board one such board, once, and take back only unused ones', async () => {
		const db = await freshDatabase();
		const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
		const to = async (name: string) => expect((await migrator.migrateTo(name)).error).toBeUndefined();
		await to('0020_board_privacy');
		const now = Date.now();
		const project = (id: string) => ({ id, title: id, challenge: 'c', agency: 'a', stage: 'test', created_at: now, updated_at: now });
		await db
			.insertInto('projects')
			.values([project('p1'), project('p2')])
			.execute();
		await db
			.insertInto('boards')
			.values([
				{ id: 'b1', project_id: 'p1', stage: 'test', title: 'test', created_at: now },
				{ id: 'b2', project_id: 'p2', stage: 'implement', title: 'implement', created_at: now }
			])
			.execute();
		await to('0023_implement_boards');
		const implementBoards = async () =>
			(await db.selectFrom('boards').select(['id', 'project_id']).where('stage', '=', 'implement').orderBy('project_id').execute()).map(
				(b) => b.project_id
			);
		// p2 had one already: it keeps that one and gets no second.
		expect(await implementBoards()).toEqual(['p1', 'p2']);
		const added = await db
			.selectFrom('boards')
			.select('id')
			.where('project_id', '=', 'p1')
			.where('stage', '=', 'implement')
			.executeTakeFirstOrThrow();
		expect(added.id).toMatch(/^[a-z2-9]{16}$/);
		// Down removes an implement board nobody wrote on, and keeps one with the team's work.
		await db
			.insertInto('board_updates')
			.values({ board_id: 'b2', data: new Uint8Array([0, 0]), created_at: now })
			.execute();
		await to('0020_board_privacy');
		expect(await implementBoards()).toEqual(['p2']);
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

	if (testDialect === 'postgres') {
		it('give PostgreSQL the tables and columns they give SQLite, with the types that hold the same values', async () => {
			const sqlite = openDatabase(':memory:');
			await migrateToLatest(sqlite);
			const postgres = await freshDatabase();
			// FTS5's own columns (the table name, rank) are not columns of ours.
			const ours = (names: string[]) =>
				names.filter((n) => !/^(feedback|participation)_search\.(feedback_search|participation_search|rank)$/.test(n));
			expect(ours(await columnNames(postgres))).toEqual(ours(await columnNames(sqlite)));
			const type = async (table: string, column: string) =>
				(
					await sql<{ data_type: string; is_identity: string }>`select data_type, is_identity from information_schema.columns
						where table_schema = current_schema() and table_name = ${table} and column_name = ${column}`.execute(postgres)
				).rows[0];
			expect(await type('board_updates', 'seq')).toEqual({ data_type: 'bigint', is_identity: 'YES' });
			expect(await type('board_updates', 'data')).toEqual({ data_type: 'bytea', is_identity: 'NO' });
			expect(await type('feedback_responses', 'rating')).toEqual({ data_type: 'double precision', is_identity: 'NO' });
			expect(await type('prototype_versions', 'number')).toEqual({ data_type: 'bigint', is_identity: 'NO' });
			expect(await type('feedback_search', 'body')).toEqual({ data_type: 'tsvector', is_identity: 'NO' });
			expect(await type('participation_search', 'body')).toEqual({ data_type: 'tsvector', is_identity: 'NO' });
			expect(await type('participation_supports', 'created_at')).toEqual({ data_type: 'bigint', is_identity: 'NO' });
			await sqlite.destroy();
			await postgres.destroy();
		});

		it('have the tables of what citizens said and their contacts vacuumed as soon as a row of theirs is dead', async () => {
			const db = await freshDatabase();
			const { rows } = await sql<{ relname: string; reloptions: string[] | null }>`select relname, reloptions from pg_class
				where relname in ('feedback_responses', 'feedback_answers', 'feedback_contacts', 'feedback_search', 'feedback_tags', 'feedback_notes',
					'feedback_publication_approvals', 'participation_entries', 'participation_answers', 'participation_contacts',
					'participation_search', 'participation_tags', 'participation_publication_approvals', 'interview_entries')`.execute(db);
			expect(rows).toHaveLength(14);
			for (const row of rows)
				expect(row.reloptions).toEqual(expect.arrayContaining(['autovacuum_vacuum_scale_factor=0', 'autovacuum_vacuum_threshold=1']));
			await db.destroy();
		});
	}
});
