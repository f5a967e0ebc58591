import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// What a facilitator chose to make public of a board: a snapshot taken when they confirmed the
// preview, shown until they update or withdraw it. And the wording of citizens' feedback notes
// a moderator approved for publication: a feedback note is public only with its exact text here.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('board_publications')
		.addColumn('board_id', 'text', (c) => c.primaryKey().references('boards.id').onDelete('cascade'))
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		// 'board' (the whole board) or 'sections' (the ones listed in `sections`, a JSON array of ids).
		.addColumn('scope', 'text', (c) => c.notNull())
		.addColumn('sections', 'text', (c) => c.notNull())
		// JSON: the sections and notes as published (no authors, no votes; feedback notes by reference).
		.addColumn('content', 'text', (c) => c.notNull())
		// SHA-256 (hex) of what the preview showed, so a confirmation publishes exactly that.
		.addColumn('digest', 'text', (c) => c.notNull())
		.addColumn('published_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('published_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('board_publications_project').on('board_publications').column('project_id').execute();

	await db.schema
		.createTable('feedback_publication_approvals')
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('note_id', 'text', (c) => c.notNull())
		// SHA-256 (hex) of the approved text: a note whose text changed is no longer approved.
		.addColumn('text_digest', 'text', (c) => c.notNull())
		// Deleting a response (withdrawal, retention) deletes the wording approved from it.
		.addColumn('response_id', 'text', (c) => c.notNull().references('feedback_responses.id').onDelete('cascade'))
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('approved_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('approved_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('feedback_publication_approvals_pk', ['board_id', 'note_id', 'text_digest'])
		.execute();
	await db.schema.createIndex('feedback_publication_approvals_response').on('feedback_publication_approvals').column('response_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('feedback_publication_approvals').execute();
	await db.schema.dropTable('board_publications').execute();
}
