import { sql } from 'kysely';
import type { DB } from '../db/open.ts';
import { indexableText, matchExpression } from './thai-text.ts';

/**
 * SQLite dialect module: the FTS5 index of what citizens wrote (`feedback_search`, created by
 * migration 0004). Everything SQLite-specific about feedback search is here; a PostgreSQL port
 * replaces this file (a tsvector column fed the same segmented words, a GIN index, `@@`).
 * Callers pass a transaction when the index must change together with the rows.
 */

/**
 * Adds the index entry of a new response (responses are never edited, so there is nothing to
 * replace: a delete first would scan the whole index, as response_id is not indexed, on every
 * submission).
 */
export async function indexResponse(db: DB, responseId: string, texts: readonly string[]): Promise<void> {
	const body = indexableText(texts);
	if (!body) return;
	await sql`insert into feedback_search (response_id, body) values (${responseId}, ${body})`.execute(db);
}

/**
 * Removes responses from the index. A scan of the index per call: fine for withdrawals (rare).
 * The rowids of feedback_responses are no key to use instead: VACUUM may renumber them.
 */
export async function unindexResponses(db: DB, responseIds: readonly string[]): Promise<void> {
	for (let i = 0; i < responseIds.length; i += 500) {
		const chunk = responseIds.slice(i, i + 500);
		await sql`delete from feedback_search where response_id in (${sql.join(chunk)})`.execute(db);
	}
}

/**
 * The responses of the given rounds whose text matches `query`, best match first, at most
 * `limit`. Null when the query has no words (the caller then does not filter by text).
 */
export async function searchResponseIds(db: DB, roundIds: readonly string[], query: string, limit = 1000): Promise<string[] | null> {
	const expression = matchExpression(query);
	if (expression === null) return null;
	if (roundIds.length === 0) return [];
	const { rows } = await sql<{ response_id: string }>`
		select feedback_search.response_id
		from feedback_search
		join feedback_responses on feedback_responses.id = feedback_search.response_id
		where feedback_search match ${expression}
			and feedback_responses.round_id in (${sql.join(roundIds)})
		order by feedback_search.rank
		limit ${limit}`.execute(db);
	return rows.map((r) => r.response_id);
}
