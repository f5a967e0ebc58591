import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// The ids of public-form tokens already used, so each served form is taken once (a replay, a
// double tap or the back button stores nothing twice). A row is needed only while its token
// could still be accepted: the retention job deletes it after `expires_at`.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('feedback_used_tokens')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('feedback_used_tokens_expires').on('feedback_used_tokens').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('feedback_used_tokens').execute();
}
