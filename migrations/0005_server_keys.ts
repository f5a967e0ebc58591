import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// Random keys the server makes once and keeps across restarts (e.g. the key that turns a user
// and a board into the seed of their anonymous voter ids). Never leaves the server.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('server_keys')
		.addColumn('name', 'text', (c) => c.primaryKey())
		.addColumn('key', 'blob', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('server_keys').execute();
}
