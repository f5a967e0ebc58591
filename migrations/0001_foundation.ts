import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// Times are integer milliseconds since the epoch (bigint in PostgreSQL).

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('users')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text')
		.addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('secret_hash', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('last_verified_at', 'bigint', (c) => c.notNull())
		.addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('invites')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('email', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('invited_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('accepted_at', 'bigint')
		.execute();

	await db.schema
		.createTable('projects')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('challenge', 'text', (c) => c.notNull())
		.addColumn('agency', 'text', (c) => c.notNull())
		.addColumn('stage', 'text', (c) => c.notNull())
		.addColumn('visibility', 'text', (c) => c.notNull().defaultTo('private'))
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('projects_agency').on('projects').column('agency').execute();

	await db.schema
		.createTable('project_tags')
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('tag', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('project_tags_pk', ['project_id', 'tag'])
		.execute();

	await db.schema
		.createTable('project_members')
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('added_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('added_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('project_members_pk', ['project_id', 'user_id'])
		.execute();
	await db.schema.createIndex('project_members_user').on('project_members').column('user_id').execute();

	await db.schema
		.createTable('stage_changes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('from_stage', 'text')
		.addColumn('to_stage', 'text', (c) => c.notNull())
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('changed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('changed_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('stage_changes_project').on('stage_changes').columns(['project_id', 'changed_at']).execute();

	await db.schema
		.createTable('boards')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('stage', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('boards_project').on('boards').columns(['project_id', 'stage']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['boards', 'stage_changes', 'project_members', 'project_tags', 'projects', 'invites', 'sessions', 'users']) {
		await db.schema.dropTable(table).execute();
	}
}
