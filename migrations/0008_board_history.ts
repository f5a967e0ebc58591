import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// A board's history, so that what one person wipes can be brought back: versions of the whole
// document (saved now and then while it changes, and always before a large deletion; thinned to
// a bound per board), and a trash of deleted notes (their last fields, who deleted them, when).

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('board_versions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		// 'periodic', 'before-deletion' or 'before-restore'.
		.addColumn('reason', 'text', (c) => c.notNull())
		// Whose change it was saved before (a user's or a guest's id, and their name then).
		.addColumn('by_id', 'text')
		.addColumn('by_name', 'text')
		// The whole Yjs document (update v1), deflated (bytea in PostgreSQL).
		.addColumn('state', 'blob', (c) => c.notNull())
		.addColumn('bytes', 'integer', (c) => c.notNull())
		// SHA-256 (hex) of the undeflated state: the same state is not kept twice in a row.
		.addColumn('state_hash', 'text', (c) => c.notNull())
		.addColumn('notes', 'integer', (c) => c.notNull())
		.addColumn('sections', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('board_versions_board_time').on('board_versions').columns(['board_id', 'created_at']).execute();

	await db.schema
		.createTable('board_trash')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('note_id', 'text', (c) => c.notNull())
		// The note's last fields, as JSON.
		.addColumn('note', 'text', (c) => c.notNull())
		.addColumn('deleted_by', 'text', (c) => c.notNull())
		.addColumn('deleted_by_name', 'text', (c) => c.notNull())
		.addColumn('deleted_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('board_trash_board_time').on('board_trash').columns(['board_id', 'deleted_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('board_trash').execute();
	await db.schema.dropTable('board_versions').execute();
}
