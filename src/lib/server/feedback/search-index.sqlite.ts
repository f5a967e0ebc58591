import { sql } from 'kysely';
import type { DB } from '../db/open.ts';
import { indexableText, matchExpression } from './thai-text.ts';

/**
 * SQLite dialect module: the FTS5 indexes of what citizens wrote — feedback (`feedback_search`,
 * migration 0004) and stories and ideas (`participation_search`, 0017), each a table of
 * (key unindexed, body) over the same Thai-segmented words. Everything SQLite-specific about
 * that search is here; a PostgreSQL port replaces this file (a tsvector column fed the same
 * segmented words, a GIN index, `@@`). Callers pass a transaction when an index must change
 * together with the rows.
 */

/** An FTS5 table of citizens' texts: its name, its key column, and the table and column that scope a search. */
interface TextIndex {
	table: 'feedback_search' | 'participation_search';
	key: 'response_id' | 'entry_id';
	/** The rows the keys name, and the column a search is limited by (a round, a call). */
	rows: { table: 'feedback_responses' | 'participation_entries'; scope: 'round_id' | 'call_id' };
}

const FEEDBACK_INDEX: TextIndex = { table: 'feedback_search', key: 'response_id', rows: { table: 'feedback_responses', scope: 'round_id' } };
const PARTICIPATION_INDEX: TextIndex = {
	table: 'participation_search',
	key: 'entry_id',
	rows: { table: 'participation_entries', scope: 'call_id' }
};

/**
 * Adds the index entry of a new row (rows are never edited, so there is nothing to replace: a
 * delete first would scan the whole index, as the key is not indexed, on every submission).
 */
async function indexTexts(db: DB, index: TextIndex, key: string, texts: readonly string[]): Promise<void> {
	const body = indexableText(texts);
	if (!body) return;
	await sql`insert into ${sql.table(index.table)} (${sql.ref(index.key)}, body) values (${key}, ${body})`.execute(db);
}

/**
 * Removes rows from the index. A scan of the index per call: fine for withdrawals (rare). The
 * rowids of the indexed tables are no key to use instead: VACUUM may renumber them.
 */
async function unindexTexts(db: DB, index: TextIndex, keys: readonly string[]): Promise<void> {
	for (let i = 0; i < keys.length; i += 500) {
		const chunk = keys.slice(i, i + 500);
		await sql`delete from ${sql.table(index.table)} where ${sql.ref(index.key)} in (${sql.join(chunk)})`.execute(db);
	}
}

/** Keys within the given scopes whose text matches `query`, best first; null when the query has no words. */
async function searchTexts(db: DB, index: TextIndex, scopes: readonly string[], query: string, limit: number): Promise<string[] | null> {
	const expression = matchExpression(query);
	if (expression === null) return null;
	if (scopes.length === 0) return [];
	const fts = sql.table(index.table);
	const rows = sql.table(index.rows.table);
	const { rows: found } = await sql<{ key: string }>`
		select ${fts}.${sql.ref(index.key)} as key
		from ${fts}
		join ${rows} on ${rows}.id = ${fts}.${sql.ref(index.key)}
		where ${fts} match ${expression}
			and ${rows}.${sql.ref(index.rows.scope)} in (${sql.join(scopes)})
		order by ${fts}.rank
		limit ${limit}`.execute(db);
	return found.map((r) => r.key);
}

/** Adds a new feedback response's free-text answers to the index. */
export function indexResponse(db: DB, responseId: string, texts: readonly string[]): Promise<void> {
	return indexTexts(db, FEEDBACK_INDEX, responseId, texts);
}

/** Removes feedback responses from the index. */
export function unindexResponses(db: DB, responseIds: readonly string[]): Promise<void> {
	return unindexTexts(db, FEEDBACK_INDEX, responseIds);
}

/**
 * The responses of the given rounds whose text matches `query`, best match first, at most
 * `limit`. Null when the query has no words (the caller then does not filter by text).
 */
export function searchResponseIds(db: DB, roundIds: readonly string[], query: string, limit = 1000): Promise<string[] | null> {
	return searchTexts(db, FEEDBACK_INDEX, roundIds, query, limit);
}

/** Adds a new story or idea (its title, text and answers) to the index. */
export function indexEntry(db: DB, entryId: string, texts: readonly string[]): Promise<void> {
	return indexTexts(db, PARTICIPATION_INDEX, entryId, texts);
}

/** Removes stories and ideas from the index. */
export function unindexEntries(db: DB, entryIds: readonly string[]): Promise<void> {
	return unindexTexts(db, PARTICIPATION_INDEX, entryIds);
}

/** The stories and ideas of the given calls whose text matches `query`, best first; null when the query has no words. */
export function searchEntryIds(db: DB, callIds: readonly string[], query: string, limit = 1000): Promise<string[] | null> {
	return searchTexts(db, PARTICIPATION_INDEX, callIds, query, limit);
}
