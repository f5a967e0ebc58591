import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// Who of the team was in the room: each signed-in user seen on a board of a running workshop (the
// hub notes them when they connect and at every move), once per workshop, for its report. Guests
// are counted from workshop_guests already.

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('workshop_attendance')
		.addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
		.addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('first_seen_at', 'bigint', (c) => c.notNull())
		.addPrimaryKeyConstraint('workshop_attendance_pk', ['workshop_id', 'user_id'])
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('workshop_attendance').execute();
}
