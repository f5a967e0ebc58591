import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// A board's Yjs document is stored as one snapshot plus an append log of the updates accepted
// since. Compaction folds the log into the snapshot; the two never overlap in time because the
// log rows a snapshot covers are deleted in the same transaction that writes it.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('board_snapshots')
		.addColumn('board_id', 'text', (c) => c.primaryKey().references('boards.id').onDelete('cascade'))
		// Yjs update v1 encoding of the whole document (bytea in PostgreSQL).
		.addColumn('state', 'blob', (c) => c.notNull())
		// The highest log sequence folded into `state`.
		.addColumn('last_seq', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('board_updates')
		// INTEGER PRIMARY KEY AUTOINCREMENT in SQLite (bigserial in PostgreSQL): never reused.
		.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('data', 'blob', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('board_updates_board_seq').on('board_updates').columns(['board_id', 'seq']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('board_updates').execute();
	await db.schema.dropTable('board_snapshots').execute();
}
