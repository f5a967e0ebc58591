import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// Personal API tokens: read-only keys for /api/v1, each belonging to one account. As with
// sessions, the token is `id.secret` and only the SHA-256 of its secret is stored; it is shown
// once, when made. And optional English titles for projects and prototypes: English pages and
// the open-data catalogue use them when present, the Thai ones otherwise.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('api_tokens')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('secret_hash', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		// 'read': the only scope there is; kept so a token's reach is stated, never implied.
		.addColumn('scope', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('last_used_at', 'bigint')
		.execute();
	await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();

	await db.schema.alterTable('projects').addColumn('title_en', 'text').execute();
	await db.schema.alterTable('projects').addColumn('challenge_en', 'text').execute();
	await db.schema.alterTable('prototypes').addColumn('title_en', 'text').execute();
	await db.schema.alterTable('prototypes').addColumn('summary_en', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.alterTable('prototypes').dropColumn('summary_en').execute();
	await db.schema.alterTable('prototypes').dropColumn('title_en').execute();
	await db.schema.alterTable('projects').dropColumn('challenge_en').execute();
	await db.schema.alterTable('projects').dropColumn('title_en').execute();
	await db.schema.dropTable('api_tokens').execute();
}
