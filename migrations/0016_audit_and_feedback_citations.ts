import { sql, type Kysely } from 'kysely';
import { isSqlite } from './portable.ts';

// Frozen in time: this file must never import application code.
//
// audit_events: who did what and when (logins, team and role changes, stage moves, publishing,
// moderation, exports, deletions, …). Append-only: no foreign keys (a row must outlive the user,
// project or board it names, and a cascade or SET NULL would be an update), and triggers refuse
// every UPDATE and every DELETE of a row younger than 90 days — the shortest retention the app
// accepts (AUDIT_RETENTION_DAYS), so only the retention job's purge of old rows gets through,
// on SQLite and on PostgreSQL alike, whoever sends the statement.
//
// prototype_version_feedback: the feedback rounds a new version answers ("you said, we did"),
// the version-side twin of a decision's feedback_round evidence.

const MIN_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('audit_events')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('at', 'bigint', (c) => c.notNull())
		// user | citizen | anonymous | system; a user's id in actor_id (no foreign key, see above).
		.addColumn('actor_kind', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'text')
		// The actor's role when it happened: their role on the project's team, else their site role.
		.addColumn('actor_role', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('project_id', 'text')
		// What it was done to: a user, a board, a round, … (its kind and id).
		.addColumn('target_kind', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('target_id', 'text')
		// JSON: plain facts (counts, stages, roles, statuses). Never a password, never citizens' words.
		.addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
		// The client's address, for sign-ins only.
		.addColumn('address', 'text')
		.execute();
	await db.schema.createIndex('audit_events_at').on('audit_events').columns(['at', 'id']).execute();
	await db.schema.createIndex('audit_events_project').on('audit_events').columns(['project_id', 'at']).execute();
	await db.schema.createIndex('audit_events_actor').on('audit_events').columns(['actor_id', 'at']).execute();

	if (isSqlite(db)) {
		await sql`create trigger audit_events_no_update before update on audit_events
			begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
		await sql`create trigger audit_events_no_early_delete before delete on audit_events
			when old.at > cast(strftime('%s', 'now') as integer) * 1000 - ${sql.lit(MIN_RETENTION_MS)}
			begin select raise(abort, 'audit_events keeps every row for 90 days'); end`.execute(db);
	} else {
		await sql`create function audit_events_guard() returns trigger language plpgsql as $$
			begin
				if tg_op = 'UPDATE' then
					raise exception 'audit_events is append-only';
				end if;
				if old.at > (extract(epoch from now()) * 1000)::bigint - ${sql.lit(MIN_RETENTION_MS)} then
					raise exception 'audit_events keeps every row for 90 days';
				end if;
				return old;
			end $$`.execute(db);
		await sql`create trigger audit_events_guard before update or delete on audit_events
			for each row execute function audit_events_guard()`.execute(db);
		// TRUNCATE bypasses row triggers: refuse it too.
		await sql`create function audit_events_no_truncate() returns trigger language plpgsql as $$
			begin raise exception 'audit_events is append-only'; end $$`.execute(db);
		await sql`create trigger audit_events_no_truncate before truncate on audit_events
			for each statement execute function audit_events_no_truncate()`.execute(db);
	}

	await db.schema
		.createTable('prototype_version_feedback')
		.addColumn('version_id', 'text', (c) => c.notNull().references('prototype_versions.id').onDelete('cascade'))
		.addColumn('round_id', 'text', (c) => c.notNull().references('feedback_rounds.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('prototype_version_feedback_pk', ['version_id', 'round_id'])
		.execute();
	await db.schema.createIndex('prototype_version_feedback_round').on('prototype_version_feedback').column('round_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('prototype_version_feedback').execute();
	// Dropping the table drops its triggers; PostgreSQL's trigger functions go after it.
	await db.schema.dropTable('audit_events').execute();
	if (!isSqlite(db)) {
		await sql`drop function if exists audit_events_guard()`.execute(db);
		await sql`drop function if exists audit_events_no_truncate()`.execute(db);
	}
}
