import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// The lab's own methods (the built-in ones ship with the app, not as rows), and workshops: a
// session on a project with its facilitators, the boards it uses and an agenda of timed steps.
// The live part of a workshop (moving the room through the steps, guests who join the workshop
// rather than one board, participants marking a step done) has its columns and tables here
// already, so that round adds behaviour, not a reshaped schema.

export async function up(db: Kysely<any>): Promise<void> {
	// Texts in Thai (required) and English ('' reads as the Thai). Steps and tips: one per line.
	await db.schema
		.createTable('lab_methods')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('stage', 'text', (c) => c.notNull())
		.addColumn('name_th', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('summary_th', 'text', (c) => c.notNull())
		.addColumn('summary_en', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('purpose_th', 'text', (c) => c.notNull())
		.addColumn('purpose_en', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('when_th', 'text', (c) => c.notNull())
		.addColumn('when_en', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('steps_th', 'text', (c) => c.notNull())
		.addColumn('steps_en', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('tips_th', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('tips_en', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('minutes', 'integer', (c) => c.notNull())
		.addColumn('group_min', 'integer', (c) => c.notNull())
		.addColumn('group_max', 'integer', (c) => c.notNull())
		// A board stage, or null for a method worked off the boards; sections: template keys, comma-separated.
		.addColumn('board_stage', 'text')
		.addColumn('board_sections', 'text', (c) => c.notNull().defaultTo(''))
		// A built-in method's slug or another lab method's id (no foreign key: built-ins are not rows).
		.addColumn('copied_from', 'text')
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('workshops')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('purpose', 'text', (c) => c.notNull().defaultTo(''))
		// A calendar day ('YYYY-MM-DD') and a wall-clock time ('HH:MM') in Thailand: a workshop is
		// "on 3 March at 09:00" wherever its agenda is read.
		.addColumn('date', 'text', (c) => c.notNull())
		.addColumn('start_time', 'text', (c) => c.notNull())
		// planned | running | ended
		.addColumn('state', 'text', (c) => c.notNull().defaultTo('planned'))
		// The step the room is on and since when (no foreign key: steps belong to the workshop).
		.addColumn('current_step_id', 'text')
		.addColumn('current_step_started_at', 'bigint')
		.addColumn('started_at', 'bigint')
		.addColumn('ended_at', 'bigint')
		.addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('workshops_project').on('workshops').columns(['project_id', 'date']).execute();

	await db.schema
		.createTable('workshop_facilitators')
		.addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('workshop_facilitators_pk', ['workshop_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('workshop_boards')
		.addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('workshop_boards_pk', ['workshop_id', 'board_id'])
		.execute();
	await db.schema.createIndex('workshop_boards_board').on('workshop_boards').column('board_id').execute();

	// Agenda order is `position` (0, 1, 2 …, rewritten on every move); start times are computed, never stored.
	await db.schema
		.createTable('workshop_steps')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		// A built-in method's slug or a lab method's id (no foreign key, as above); the step keeps
		// its own title, minutes and instructions if the method changes or goes.
		.addColumn('method_id', 'text')
		.addColumn('minutes', 'integer', (c) => c.notNull())
		.addColumn('instructions', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('board_id', 'text', (c) => c.references('boards.id').onDelete('set null'))
		// A template section key on that board ('' for the whole board): a renamed section keeps its key.
		.addColumn('section_key', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('workshop_steps_workshop').on('workshop_steps').columns(['workshop_id', 'position']).execute();

	// Guests join a workshop (its boards, for its duration), not one board: the same shape as
	// board_join_codes and board_guests (0006), keyed by workshop. Only hashes are stored.
	await db.schema
		.createTable('workshop_join_codes')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
		.addColumn('code_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_by', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('closed_at', 'bigint')
		.execute();
	await db.schema.createIndex('workshop_join_codes_workshop').on('workshop_join_codes').column('workshop_id').execute();

	await db.schema
		.createTable('workshop_guests')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
		.addColumn('join_code_id', 'text', (c) => c.notNull().references('workshop_join_codes.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('secret_hash', 'text', (c) => c.notNull())
		.addColumn('created_at', 'bigint', (c) => c.notNull())
		.addColumn('expires_at', 'bigint', (c) => c.notNull())
		.addColumn('ended_at', 'bigint')
		.execute();
	await db.schema.createIndex('workshop_guests_workshop').on('workshop_guests').column('workshop_id').execute();

	// "I'm done with this step": one row per participant (a user's or a guest's id) and step.
	await db.schema
		.createTable('workshop_step_marks')
		.addColumn('step_id', 'text', (c) => c.notNull().references('workshop_steps.id').onDelete('cascade'))
		// user | guest
		.addColumn('participant_kind', 'text', (c) => c.notNull())
		.addColumn('participant_id', 'text', (c) => c.notNull())
		.addColumn('marked_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('workshop_step_marks_pk', ['step_id', 'participant_kind', 'participant_id'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'workshop_step_marks',
		'workshop_guests',
		'workshop_join_codes',
		'workshop_steps',
		'workshop_boards',
		'workshop_facilitators',
		'workshops',
		'lab_methods'
	]) {
		await db.schema.dropTable(table).execute();
	}
}
