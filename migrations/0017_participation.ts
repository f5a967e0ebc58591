import { sql, type Kysely } from 'kysely';
import { isSqlite } from './portable.ts';

// Frozen in time: this file must never import application code.
// Citizens in every stage (issue 13): public calls for experiences (Empathize) and for ideas on a
// How-Might-We question (Ideate), what citizens send to them (stories and ideas, one table), the
// supports and reports ideas get without an account, the board notes they become and the
// wordings approved for publication, the team's interview log, the districts a project serves
// (and the district a feedback response names).
//
// As in 0004, personal data lives in one table only (`participation_contacts`, deleted on
// schedule); photos are bytes in the BlobStore, named here by a generated key.

export async function up(db: Kysely<any>): Promise<void> {
	// `kind`: story (Empathize) | idea (Ideate). Texts in Thai and English; `languages` as in
	// feedback_rounds. An idea call names the How-Might-We note it asks about (the Ideate board's);
	// `prompt_*` is the wording the public reads, which the facilitator confirmed.
	await db.schema
		.createTable('participation_calls')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		// The short public link: /p/SLUG.
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('title_th', 'text', (c) => c.notNull())
		.addColumn('title_en', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('prompt_th', 'text', (c) => c.notNull())
		.addColumn('prompt_en', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('purpose_th', 'text', (c) => c.notNull())
		.addColumn('purpose_en', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('languages', 'text', (c) => c.notNull())
		.addColumn('opens_at', 'bigint', (c) => c.notNull())
		.addColumn('closes_at', 'bigint', (c) => c.notNull())
		.addColumn('collect_contact', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('contact_retention_days', 'integer', (c) => c.notNull())
		.addColumn('allow_photo', 'integer', (c) => c.notNull().defaultTo(1))
		// Idea calls: an approved idea is hidden once this many open reports name it.
		.addColumn('report_threshold', 'integer', (c) => c.notNull().defaultTo(3))
		// Idea calls: a support needs the answer to a short question besides the browser's cookie.
		.addColumn('support_check', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('hmw_board_id', 'text', (c) => c.references('boards.id').onDelete('set null'))
		.addColumn('hmw_note_id', 'text')
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('participation_calls_project').on('participation_calls').columns(['project_id', 'created_at']).execute();

	// A story call's guided questions: free text, all optional.
	await db.schema
		.createTable('participation_questions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('call_id', 'text', (c) => c.notNull().references('participation_calls.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('label_th', 'text', (c) => c.notNull())
		.addColumn('label_en', 'text', (c) => c.notNull().defaultTo(''))
		.execute();
	await db.schema.createIndex('participation_questions_call').on('participation_questions').columns(['call_id', 'position']).execute();

	// A story or an idea. `receipt_hash` as in feedback_responses. `channel`: web | qr | counter |
	// phone | line | other. `status`: new | approved (approved for the public) | hidden | spam.
	// `title` is an idea's ('' for a story). `district`: one of the project's districts, or ''.
	// `duplicate_of`: the idea this one was grouped under. `hidden_by_reports`: 1 when reports,
	// not a moderator, hid it.
	await db.schema
		.createTable('participation_entries')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('call_id', 'text', (c) => c.notNull().references('participation_calls.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('receipt_hash', 'text', (c) => c.notNull().unique())
		.addColumn('channel', 'text', (c) => c.notNull())
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
		.addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('district', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('photo_key', 'text')
		.addColumn('photo_type', 'text')
		.addColumn('photo_size', 'integer')
		.addColumn('duplicate_of', 'text', (c) => c.references('participation_entries.id').onDelete('set null'))
		.addColumn('hidden_by_reports', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('entered_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('submitted_at', 'bigint', (c) => c.notNull())
		.addColumn('moderated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('moderated_at', 'bigint')
		.execute();
	await db.schema.createIndex('participation_entries_call').on('participation_entries').columns(['call_id', 'submitted_at']).execute();
	await db.schema.createIndex('participation_entries_status').on('participation_entries').columns(['call_id', 'status']).execute();
	await db.schema.createIndex('participation_entries_duplicate').on('participation_entries').column('duplicate_of').execute();

	await db.schema
		.createTable('participation_answers')
		.addColumn('entry_id', 'text', (c) => c.notNull().references('participation_entries.id').onDelete('cascade'))
		.addColumn('question_id', 'text', (c) => c.notNull().references('participation_questions.id').onDelete('cascade'))
		.addColumn('text', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('participation_answers_pk', ['entry_id', 'question_id'])
		.execute();

	// The only personal data, as feedback_contacts: with consent, deleted at `delete_after`.
	await db.schema
		.createTable('participation_contacts')
		.addColumn('entry_id', 'text', (c) => c.primaryKey().references('participation_entries.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('consent_text', 'text', (c) => c.notNull())
		.addColumn('consented_at', 'bigint', (c) => c.notNull())
		.addColumn('delete_after', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('participation_contacts_delete_after').on('participation_contacts').column('delete_after').execute();

	await db.schema
		.createTable('participation_tags')
		.addColumn('entry_id', 'text', (c) => c.notNull().references('participation_entries.id').onDelete('cascade'))
		.addColumn('tag', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('participation_tags_pk', ['entry_id', 'tag'])
		.execute();
	await db.schema.createIndex('participation_tags_tag').on('participation_tags').column('tag').execute();

	// One support per supporter per idea. `supporter` is an HMAC of the browser's signed cookie
	// and the call: the same browser is one supporter across a call's ideas (so a group of
	// duplicates counts it once), and nothing ties it to a person or to another call.
	await db.schema
		.createTable('participation_supports')
		.addColumn('entry_id', 'text', (c) => c.notNull().references('participation_entries.id').onDelete('cascade'))
		.addColumn('supporter', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('participation_supports_pk', ['entry_id', 'supporter'])
		.execute();

	// Reports of an idea, one per reporter (the same pseudonym as supports). `reviewed_at`: a
	// moderator restored the idea after them; only reports not yet reviewed count toward hiding.
	await db.schema
		.createTable('participation_reports')
		.addColumn('entry_id', 'text', (c) => c.notNull().references('participation_entries.id').onDelete('cascade'))
		.addColumn('reporter', 'text', (c) => c.notNull())
		.addColumn('reason', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('reviewed_at', 'bigint')
		.addPrimaryKeyConstraint('participation_reports_pk', ['entry_id', 'reporter'])
		.execute();

	// Which board note a story or idea became, as feedback_board_links.
	await db.schema
		.createTable('participation_board_links')
		.addColumn('entry_id', 'text', (c) => c.notNull().references('participation_entries.id').onDelete('cascade'))
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('note_id', 'text', (c) => c.notNull())
		.addColumn('sent_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('sent_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('participation_board_links_pk', ['entry_id', 'board_id'])
		.execute();
	await db.schema.createIndex('participation_board_links_board').on('participation_board_links').columns(['board_id', 'note_id']).execute();

	// The wording of a story's or an idea's board note a moderator approved for publication, as
	// feedback_publication_approvals: withdrawing or deleting the entry deletes it.
	await db.schema
		.createTable('participation_publication_approvals')
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('note_id', 'text', (c) => c.notNull())
		.addColumn('text_digest', 'text', (c) => c.notNull())
		.addColumn('entry_id', 'text', (c) => c.notNull().references('participation_entries.id').onDelete('cascade'))
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('approved_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('approved_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('participation_publication_approvals_pk', ['board_id', 'note_id', 'text_digest'])
		.execute();
	await db.schema.createIndex('participation_publication_approvals_entry').on('participation_publication_approvals').column('entry_id').execute();

	// A photo sent with a form that was shown again (to confirm, or to fix a field): kept under
	// `key` until the form is sent or `expires_at` passes, so nobody has to choose it twice.
	await db.schema
		.createTable('participation_pending_photos')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('type', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('participation_pending_photos_expires').on('participation_pending_photos').column('expires_at').execute();

	// The districts a project serves, offered (optionally) wherever citizens take part.
	await db.schema
		.createTable('project_districts')
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('name_th', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
		.addPrimaryKeyConstraint('project_districts_pk', ['project_id', 'name_th'])
		.execute();

	await db.schema
		.alterTable('feedback_responses')
		.addColumn('district', 'text', (c) => c.notNull().defaultTo(''))
		.execute();

	// The team's interview log: notes, quotes and photos from interviews the interviewee consented
	// to (`consent`: verbal | written | recorded), linked to the board sections they informed.
	// `interviewee` describes a person without naming them ("ผู้สูงอายุ หญิง ~70").
	await db.schema
		.createTable('interview_entries')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('interviewee', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('interviewed_on', 'text', (c) => c.notNull())
		.addColumn('consent', 'text', (c) => c.notNull())
		.addColumn('consent_note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('photo_key', 'text')
		.addColumn('photo_type', 'text')
		.addColumn('photo_size', 'integer')
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('interview_entries_project').on('interview_entries').columns(['project_id', 'interviewed_on']).execute();

	await db.schema
		.createTable('interview_links')
		.addColumn('entry_id', 'text', (c) => c.notNull().references('interview_entries.id').onDelete('cascade'))
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('section_id', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('interview_links_pk', ['entry_id', 'board_id', 'section_id'])
		.execute();

	// Full-text search of stories and ideas, as feedback_search (0004). SQLite: FTS5, with its
	// secure-delete on from the start (0012), so a withdrawn story's words leave the index at once.
	// PostgreSQL: the same words as a tsvector with a GIN index.
	if (isSqlite(db)) {
		await sql`create virtual table participation_search using fts5(
			entry_id unindexed,
			body,
			tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
		)`.execute(db);
		await sql`insert into participation_search (participation_search, rank) values ('secure-delete', 1)`.execute(db);
	} else {
		await db.schema
			.createTable('participation_search')
			.addColumn('entry_id', 'text', (c) => c.primaryKey().references('participation_entries.id').onDelete('cascade'))
			.addColumn('body', sql`tsvector`, (c) => c.notNull())
			.execute();
		await db.schema.createIndex('participation_search_body').on('participation_search').using('gin').column('body').execute();
		// As 0015 does for feedback: the tables that hold what citizens said, who they are, or what
		// the team noted from an interview are vacuumed as soon as a row of theirs is dead, so a
		// withdrawal or an expired contact leaves the live pages within about a minute.
		for (const table of CITIZEN_TABLES) {
			await sql`alter table ${sql.table(table)} set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1)`.execute(db);
		}
	}
}

const CITIZEN_TABLES = [
	'participation_entries',
	'participation_answers',
	'participation_contacts',
	'participation_search',
	'participation_tags',
	'participation_publication_approvals',
	'interview_entries'
];

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop table if exists participation_search`.execute(db);
	for (const table of [
		'interview_links',
		'interview_entries',
		'project_districts',
		'participation_pending_photos',
		'participation_publication_approvals',
		'participation_board_links',
		'participation_reports',
		'participation_supports',
		'participation_tags',
		'participation_contacts',
		'participation_answers',
		'participation_entries',
		'participation_questions',
		'participation_calls'
	]) {
		await db.schema.dropTable(table).execute();
	}
	await db.schema.alterTable('feedback_responses').dropColumn('district').execute();
}
