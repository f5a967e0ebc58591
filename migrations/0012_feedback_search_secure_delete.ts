import { sql, SqliteAdapter, type Kysely } from 'kysely';

// Frozen in time: this file must never import application code.
// FTS5 deletes only add "deleted" markers to its index: the words of a withdrawn response stayed
// in feedback_search's segments (in the database file and in every backup) until a merge
// happened to rewrite them. FTS5's secure-delete option (SQLite 3.44) removes them from the
// index at once; 'rebuild' drops what earlier deletes left behind. SQLite only: PostgreSQL's
// search index is its own (and VACUUM reclaims its dead rows).

export async function up(db: Kysely<any>): Promise<void> {
	if (!isSqlite(db)) return;
	await sql`insert into feedback_search (feedback_search, rank) values ('secure-delete', 1)`.execute(db);
	await sql`insert into feedback_search (feedback_search) values ('rebuild')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	if (!isSqlite(db)) return;
	await sql`insert into feedback_search (feedback_search, rank) values ('secure-delete', 0)`.execute(db);
}

function isSqlite(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof SqliteAdapter;
}
