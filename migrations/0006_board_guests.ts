import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// Guests of a workshop: a facilitator opens a short join code for one board; whoever enters it
// with a display name becomes a guest of that board alone until the code's time is up. Only
// hashes of codes and of guests' secrets are stored.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('board_join_codes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		// SHA-256 (hex) of the code as typed, normalised (upper case, no separators).
		.addColumn('code_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_by', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('closed_at', 'bigint')
		.execute();
	await db.schema.createIndex('board_join_codes_board').on('board_join_codes').column('board_id').execute();

	await db.schema
		.createTable('board_guests')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('join_code_id', 'text', (c) => c.notNull().references('board_join_codes.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		// SHA-256 (hex) of the secret half of the guest's cookie token.
		.addColumn('secret_hash', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('ended_at', 'bigint')
		.execute();
	await db.schema.createIndex('board_guests_board').on('board_guests').column('board_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('board_guests').execute();
	await db.schema.dropTable('board_join_codes').execute();
}
