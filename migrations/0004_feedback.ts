import { sql, SqliteAdapter, type Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// Times are integer milliseconds since the epoch (bigint in PostgreSQL).
//
// Personal data lives in one table only, `feedback_contacts`, so that retention can delete it
// and no export can reach it by accident: every other table holds what a citizen said, never
// who they are.

export async function up(db: Kysely<any>): Promise<void> {
	// One round of feedback on one version of a prototype. Its texts come in Thai and English;
	// `languages` lists the ones the public form offers ('th', 'en' or 'th,en').
	await db.schema
		.createTable('feedback_rounds')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('prototype_id', 'text', (c) => c.notNull().references('prototypes.id').onDelete('cascade'))
		.addColumn('version_id', 'text', (c) => c.notNull().references('prototype_versions.id').onDelete('cascade'))
		// The short public link: /f/SLUG.
		.addColumn('slug', 'text', (c) => c.notNull().unique())
		.addColumn('title_th', 'text', (c) => c.notNull())
		.addColumn('title_en', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('intro_th', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('intro_en', 'text', (c) => c.notNull().defaultTo(''))
		// Why we ask and what happens to the answers (the privacy notice the form shows).
		.addColumn('purpose_th', 'text', (c) => c.notNull())
		.addColumn('purpose_en', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('languages', 'text', (c) => c.notNull())
		.addColumn('opens_at', 'bigint', (c) => c.notNull())
		.addColumn('closes_at', 'bigint', (c) => c.notNull())
		// Whether the form may ask for contact details (always optional, always with consent).
		.addColumn('collect_contact', 'integer', (c) => c.notNull().defaultTo(0))
		// Contact details are kept this many days after the round closes, then deleted.
		.addColumn('contact_retention_days', 'integer', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('feedback_rounds_prototype').on('feedback_rounds').columns(['prototype_id', 'created_at']).execute();
	await db.schema.createIndex('feedback_rounds_version').on('feedback_rounds').column('version_id').execute();

	// `kind`: rating | single | multiple | yes_no | text. `options` is a JSON array of
	// { id, th, en } for the choice kinds ('[]' otherwise): a question and its options are read
	// and written together, never queried apart.
	await db.schema
		.createTable('feedback_questions')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('round_id', 'text', (c) => c.notNull().references('feedback_rounds.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('label_th', 'text', (c) => c.notNull())
		.addColumn('label_en', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('help_th', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('help_en', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('options', 'text', (c) => c.notNull().defaultTo('[]'))
		.execute();
	await db.schema.createIndex('feedback_questions_round').on('feedback_questions').columns(['round_id', 'position']).execute();

	// One submission. `receipt_hash` is the SHA-256 of the citizen's receipt code (the code
	// itself is never stored). `rating` is the mean of the response's rating answers, kept here
	// so that trends are one indexed scan. `channel`: web | qr | counter | phone | line | other.
	// `status`: new | published | hidden | spam.
	await db.schema
		.createTable('feedback_responses')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('round_id', 'text', (c) => c.notNull().references('feedback_rounds.id').onDelete('cascade'))
		.addColumn('receipt_hash', 'text', (c) => c.notNull().unique())
		.addColumn('channel', 'text', (c) => c.notNull())
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
		.addColumn('rating', 'real')
		.addColumn('entered_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('submitted_at', 'bigint', (c) => c.notNull())
		.addColumn('moderated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('moderated_at', 'bigint')
		.execute();
	await db.schema.createIndex('feedback_responses_round').on('feedback_responses').columns(['round_id', 'submitted_at']).execute();
	await db.schema.createIndex('feedback_responses_status').on('feedback_responses').columns(['round_id', 'status']).execute();

	// One row per answered question, or per ticked option of a multiple-choice question.
	// Exactly one of option_id / number / text carries the answer.
	await db.schema
		.createTable('feedback_answers')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('response_id', 'text', (c) => c.notNull().references('feedback_responses.id').onDelete('cascade'))
		.addColumn('question_id', 'text', (c) => c.notNull().references('feedback_questions.id').onDelete('cascade'))
		.addColumn('option_id', 'text')
		.addColumn('number', 'integer')
		.addColumn('text', 'text')
		.execute();
	await db.schema.createIndex('feedback_answers_response').on('feedback_answers').column('response_id').execute();
	await db.schema.createIndex('feedback_answers_question').on('feedback_answers').columns(['question_id', 'option_id']).execute();

	// The only personal data: given with explicit consent, deleted at `delete_after` (fixed when
	// the citizen consented, from the round's close and retention as the consent text stated).
	await db.schema
		.createTable('feedback_contacts')
		.addColumn('response_id', 'text', (c) => c.primaryKey().references('feedback_responses.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('phone', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
		// A snapshot of the consent statement the citizen ticked, in the language they read it.
		.addColumn('consent_text', 'text', (c) => c.notNull())
		.addColumn('consented_at', 'bigint', (c) => c.notNull())
		.addColumn('delete_after', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('feedback_contacts_delete_after').on('feedback_contacts').column('delete_after').execute();

	await db.schema
		.createTable('feedback_tags')
		.addColumn('response_id', 'text', (c) => c.notNull().references('feedback_responses.id').onDelete('cascade'))
		.addColumn('tag', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('feedback_tags_pk', ['response_id', 'tag'])
		.execute();
	await db.schema.createIndex('feedback_tags_tag').on('feedback_tags').column('tag').execute();

	// The team's notes on a response (moderation, follow-up).
	await db.schema
		.createTable('feedback_notes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('response_id', 'text', (c) => c.notNull().references('feedback_responses.id').onDelete('cascade'))
		.addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('text', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('feedback_notes_response').on('feedback_notes').columns(['response_id', 'created_at']).execute();

	// Which board note a response became when it was sent to a Test board.
	await db.schema
		.createTable('feedback_board_links')
		.addColumn('response_id', 'text', (c) => c.notNull().references('feedback_responses.id').onDelete('cascade'))
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('note_id', 'text', (c) => c.notNull())
		.addColumn('sent_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('sent_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('feedback_board_links_pk', ['response_id', 'board_id'])
		.execute();

	// Full-text search over what citizens wrote, Thai included. The application segments Thai
	// into words (Intl.Segmenter), for the index and for queries alike.
	// SQLite: FTS5 over the words stored space-separated, so the tokenizer only splits on
	// spaces; combining marks (Thai vowels and tone marks, category M) stay inside words.
	// PostgreSQL: the same words as the lexemes of a tsvector (no parser of PostgreSQL's in
	// between), with a GIN index. The queries live in src/lib/server/feedback/search-index.*.ts.
	if (isSqlite(db)) {
		await sql`create virtual table feedback_search using fts5(
			response_id unindexed,
			body,
			tokenize = "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
		)`.execute(db);
	} else {
		await db.schema
			.createTable('feedback_search')
			.addColumn('response_id', 'text', (c) => c.primaryKey().references('feedback_responses.id').onDelete('cascade'))
			.addColumn('body', sql`tsvector`, (c) => c.notNull())
			.execute();
		await db.schema.createIndex('feedback_search_body').on('feedback_search').using('gin').column('body').execute();
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`drop table if exists feedback_search`.execute(db);
	for (const table of [
		'feedback_board_links',
		'feedback_notes',
		'feedback_tags',
		'feedback_contacts',
		'feedback_answers',
		'feedback_responses',
		'feedback_questions',
		'feedback_rounds'
	]) {
		await db.schema.dropTable(table).execute();
	}
}

function isSqlite(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof SqliteAdapter;
}
