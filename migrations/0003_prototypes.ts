import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// Times are integer milliseconds since the epoch (bigint in PostgreSQL). Test-plan dates are
// calendar days ('YYYY-MM-DD' text): a plan runs "until 30 June", not until an instant.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('prototypes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('summary', 'text', (c) => c.notNull())
		.addColumn('audience', 'text', (c) => c.notNull())
		.addColumn('learning_goal', 'text', (c) => c.notNull())
		.addColumn('owner_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('fidelity', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('status_changed_at', 'bigint', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('prototypes_project').on('prototypes').columns(['project_id', 'updated_at']).execute();
	await db.schema.createIndex('prototypes_status').on('prototypes').column('status').execute();

	await db.schema
		.createTable('prototype_tags')
		.addColumn('prototype_id', 'text', (c) => c.notNull().references('prototypes.id').onDelete('cascade'))
		.addColumn('tag', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('prototype_tags_pk', ['prototype_id', 'tag'])
		.execute();
	await db.schema.createIndex('prototype_tags_tag').on('prototype_tags').column('tag').execute();

	await db.schema
		.createTable('prototype_status_changes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('prototype_id', 'text', (c) => c.notNull().references('prototypes.id').onDelete('cascade'))
		.addColumn('from_status', 'text')
		.addColumn('to_status', 'text', (c) => c.notNull())
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('changed_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('changed_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('prototype_status_changes_prototype').on('prototype_status_changes').columns(['prototype_id', 'changed_at']).execute();

	await db.schema
		.createTable('prototype_versions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('prototype_id', 'text', (c) => c.notNull().references('prototypes.id').onDelete('cascade'))
		.addColumn('number', 'integer', (c) => c.notNull())
		.addColumn('changes', 'text', (c) => c.notNull())
		.addColumn('rationale', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('prototype_versions_number', ['prototype_id', 'number'])
		.execute();

	await db.schema
		.createTable('prototype_attachments')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('version_id', 'text', (c) => c.notNull().references('prototype_versions.id').onDelete('cascade'))
		.addColumn('storage_name', 'text', (c) => c.notNull().unique())
		.addColumn('original_name', 'text', (c) => c.notNull())
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('size_bytes', 'integer', (c) => c.notNull())
		.addColumn('sha256', 'text', (c) => c.notNull())
		.addColumn('uploaded_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('uploaded_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('prototype_attachments_version').on('prototype_attachments').column('version_id').execute();

	// One test plan per version: what this version is meant to show, and when.
	await db.schema
		.createTable('prototype_test_plans')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('version_id', 'text', (c) => c.notNull().unique().references('prototype_versions.id').onDelete('cascade'))
		.addColumn('hypotheses', 'text', (c) => c.notNull())
		.addColumn('success_criteria', 'text', (c) => c.notNull())
		.addColumn('target_group', 'text', (c) => c.notNull())
		.addColumn('method', 'text', (c) => c.notNull())
		.addColumn('starts_on', 'text', (c) => c.notNull())
		.addColumn('ends_on', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('prototype_test_plans_ends').on('prototype_test_plans').column('ends_on').execute();

	await db.schema
		.createTable('prototype_decisions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('prototype_id', 'text', (c) => c.notNull().references('prototypes.id').onDelete('cascade'))
		.addColumn('version_id', 'text', (c) => c.references('prototype_versions.id').onDelete('set null'))
		.addColumn('outcome', 'text', (c) => c.notNull())
		.addColumn('rationale', 'text', (c) => c.notNull())
		.addColumn('decided_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('decided_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('prototype_decisions_prototype').on('prototype_decisions').columns(['prototype_id', 'decided_at']).execute();

	// What a decision rests on. `kind` says what `ref_id` points at: a feedback round (its id,
	// once feedback exists — no foreign key, so this table does not depend on that one), a
	// board section (board id + section id in ref_id as "board:section"), a figure or a link.
	// `label` is a snapshot so the evidence still reads when its target is gone.
	await db.schema
		.createTable('prototype_decision_evidence')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('decision_id', 'text', (c) => c.notNull().references('prototype_decisions.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('ref_id', 'text')
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('value', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('position', 'integer', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('prototype_decision_evidence_decision').on('prototype_decision_evidence').column('decision_id').execute();
	await db.schema.createIndex('prototype_decision_evidence_ref').on('prototype_decision_evidence').columns(['kind', 'ref_id']).execute();

	// The Ideate notes a prototype came from, with a snapshot of their text so the link
	// survives the note's deletion (and the board's: board_id becomes null).
	await db.schema
		.createTable('prototype_idea_links')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('prototype_id', 'text', (c) => c.notNull().references('prototypes.id').onDelete('cascade'))
		.addColumn('board_id', 'text', (c) => c.references('boards.id').onDelete('set null'))
		.addColumn('note_id', 'text', (c) => c.notNull())
		.addColumn('text_snapshot', 'text', (c) => c.notNull())
		.addColumn('section_snapshot', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('linked_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('linked_at', 'bigint', (c) => c.notNull())
		.addUniqueConstraint('prototype_idea_links_note', ['prototype_id', 'note_id'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'prototype_idea_links',
		'prototype_decision_evidence',
		'prototype_decisions',
		'prototype_test_plans',
		'prototype_attachments',
		'prototype_versions',
		'prototype_status_changes',
		'prototype_tags',
		'prototypes'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
