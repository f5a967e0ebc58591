import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// Several app servers: a board's lease also records where its owner takes forwarded sockets and
// board changes (the node's internal URL), so a node that is not the owner can reach it.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('board_leases').addColumn('owner_address', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('board_leases').dropColumn('owner_address').execute();
}
