import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// What a workshop keeps out of the shared board document until the facilitator reveals it: notes
// written during a private brainstorm (each seen by its author only), the ballots of a secret
// vote, and who marked themselves done with the current step. People are named here by a
// pseudonym the server derives with its own key (never a user id), so an anonymous note or a
// ballot names nobody even in the database.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('board_private_notes')
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('note_id', 'text', (c) => c.notNull())
		// The author's pseudonym on this board (HMAC of board and person under a server key).
		.addColumn('owner', 'text', (c) => c.notNull())
		// The note's fields as JSON; without an author when it was written in anonymous mode.
		.addColumn('note', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('board_private_notes_pk', ['board_id', 'note_id'])
		.execute();

	await db.schema
		.createTable('board_ballots')
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		.addColumn('round_id', 'text', (c) => c.notNull())
		// The voter's pseudonym in this round.
		.addColumn('voter', 'text', (c) => c.notNull())
		.addColumn('note_id', 'text', (c) => c.notNull())
		.addColumn('dots', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('board_ballots_pk', ['board_id', 'round_id', 'voter', 'note_id'])
		.execute();

	await db.schema
		.createTable('board_done_marks')
		.addColumn('board_id', 'text', (c) => c.notNull().references('boards.id').onDelete('cascade'))
		// The step being marked (the facilitator starts a new one to count again).
		.addColumn('step', 'text', (c) => c.notNull())
		.addColumn('person', 'text', (c) => c.notNull())
		.addColumn('marked_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('board_done_marks_pk', ['board_id', 'step', 'person'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('board_done_marks').execute();
	await db.schema.dropTable('board_ballots').execute();
	await db.schema.dropTable('board_private_notes').execute();
}
