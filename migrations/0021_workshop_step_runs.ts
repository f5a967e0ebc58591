import type { Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// The agenda as run: each time the room came to a step of a live workshop and when it left it,
// so the workshop's report sets the minutes each step actually took beside the planned ones (a
// step visited twice has two rows; one never reached has none).

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('workshop_step_runs')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('workshop_id', 'text', (c) => c.notNull().references('workshops.id').onDelete('cascade'))
		.addColumn('step_id', 'text', (c) => c.notNull().references('workshop_steps.id').onDelete('cascade'))
		.addColumn('started_at', 'bigint', (c) => c.notNull())
		// Null while the room is on the step.
		.addColumn('ended_at', 'bigint')
		.execute();
	await db.schema.createIndex('workshop_step_runs_workshop').on('workshop_step_runs').columns(['workshop_id', 'started_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('workshop_step_runs').execute();
}
