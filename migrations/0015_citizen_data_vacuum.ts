import { sql, type Kysely } from 'kysely';
import { isSqlite } from './portable.ts';

// Frozen in time: this file must never import application code.
// PostgreSQL only (SQLite overwrites deleted rows itself: secure_delete). A deleted row stays in
// its page, readable on disk, until VACUUM prunes it; the default autovacuum waits for 20% of a
// table to be dead, which for a big table of responses can be weeks. The tables that hold what
// citizens said or who they are get vacuumed once any row of theirs is dead, so a withdrawal or
// an expired contact leaves the live pages within about a minute (autovacuum's naptime).
// docs/postgresql.md has the whole policy (WAL, backups).

const CITIZEN_TABLES = [
	'feedback_responses',
	'feedback_answers',
	'feedback_contacts',
	'feedback_search',
	'feedback_tags',
	'feedback_notes',
	// Wordings of citizens' notes a moderator approved for publication (0010).
	'feedback_publication_approvals'
];

export async function up(db: Kysely<any>): Promise<void> {
	if (isSqlite(db)) return;
	for (const table of CITIZEN_TABLES) {
		await sql`alter table ${sql.table(table)} set (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1)`.execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	if (isSqlite(db)) return;
	for (const table of CITIZEN_TABLES) {
		await sql`alter table ${sql.table(table)} reset (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`.execute(db);
	}
}
