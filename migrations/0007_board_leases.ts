import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// One owner per board at a time. Whoever loads a board takes its lease, which bumps the board's
// epoch; every append and snapshot writes only while its epoch is still the board's (checked in
// the same transaction), so a room that lost its board (an unload/reload race, another node
// taking over) writes nothing. The row is never deleted while the board exists: epochs only grow.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('board_leases')
		.addColumn('board_id', 'text', (c) => c.primaryKey().references('boards.id').onDelete('cascade'))
		.addColumn('epoch', 'bigint', (c) => c.notNull())
		// The node (process) holding it; null once released.
		.addColumn('owner', 'text')
		.addColumn('acquired_at', 'bigint', (c) => c.notNull())
		// When a holder that stopped renewing may be taken over (several nodes); null: until released.
		.addColumn('expires_at', 'bigint')
		.execute();

	// The epoch that wrote each logged update: compaction folds and deletes only rows of its own
	// epoch or of the epochs before it, never rows a later owner wrote.
	await db.schema
		.alterTable('board_updates')
		.addColumn('epoch', 'bigint', (c) => c.notNull().defaultTo(0))
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('board_updates').dropColumn('epoch').execute();
	await db.schema.dropTable('board_leases').execute();
}
