import { sql } from 'kysely';
import type { DB } from '../db/open.ts';
import { words } from './thai-text.ts';

/**
 * PostgreSQL dialect module: the search indexes of what citizens wrote — feedback
 * (`feedback_search`, made by migration 0004 on PostgreSQL) and stories and ideas
 * (`participation_search`, 0017), each a key, a body tsvector and a GIN index. The words come from
 * Intl.Segmenter (thai-text.ts) and become the tsvector's lexemes as they are
 * (`array_to_tsvector`): PostgreSQL's own text-search parser never sees Thai, whose vowel and
 * tone marks it may or may not count as letters depending on the server's locale. Queries are
 * built the same way, each word a prefix (`'word':*`), all of them required — what the FTS5
 * index does on SQLite. Rows go with their response (on delete cascade) and are also removed
 * explicitly, like on SQLite.
 */

const MAX_QUERY_WORDS = 12;
// A lexeme is at most 2 KB; no real word comes near this, a pasted run of letters might.
const MAX_WORD_CHARS = 200;

/**
 * A word as the index keeps it: lower case, Latin accents dropped (FTS5's `remove_diacritics 2`
 * does both); Thai marks are not accents and stay.
 */
function lexeme(word: string): string {
	return word
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.normalize('NFC')
		.toLowerCase()
		.slice(0, MAX_WORD_CHARS);
}

/** The distinct lexemes of some texts. */
export function lexemes(texts: readonly string[]): string[] {
	const out = new Set<string>();
	for (const text of texts) for (const word of words(text)) out.add(lexeme(word));
	out.delete('');
	return [...out];
}

/**
 * A tsquery (in its text form) from what someone typed: every word, each as a prefix. Each
 * lexeme is quoted, so no input can inject tsquery syntax. Null when the query has no words.
 */
export function tsqueryText(query: string): string | null {
	const list = [...new Set(words(query.slice(0, 500)).map(lexeme))].filter(Boolean).slice(0, MAX_QUERY_WORDS);
	if (list.length === 0) return null;
	return list.map((w) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}':*`).join(' & ');
}

/** A search table of citizens' texts: its name, its key column, and the table and column that scope a search. */
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

async function indexTexts(db: DB, index: TextIndex, key: string, texts: readonly string[]): Promise<void> {
	const list = lexemes(texts);
	if (list.length === 0) return;
	await sql`insert into ${sql.table(index.table)} (${sql.ref(index.key)}, body) values (${key}, array_to_tsvector(${list}::text[]))`.execute(db);
}

async function unindexTexts(db: DB, index: TextIndex, keys: readonly string[]): Promise<void> {
	for (let i = 0; i < keys.length; i += 500) {
		const chunk = keys.slice(i, i + 500);
		await sql`delete from ${sql.table(index.table)} where ${sql.ref(index.key)} in (${sql.join(chunk)})`.execute(db);
	}
}

async function searchTexts(db: DB, index: TextIndex, scopes: readonly string[], query: string, limit: number): Promise<string[] | null> {
	const text = tsqueryText(query);
	if (text === null) return null;
	if (scopes.length === 0) return [];
	const found = sql.table(index.table);
	const rows = sql.table(index.rows.table);
	// Rank normalised by the number of words (flag 1), so a short answer that has the words
	// comes before a long one that mentions them in passing (FTS5's bm25 does the same);
	// newest first among equals.
	const { rows: keys } = await sql<{ key: string }>`
		select ${found}.${sql.ref(index.key)} as key
		from ${found}
		join ${rows} on ${rows}.id = ${found}.${sql.ref(index.key)}
		where ${found}.body @@ ${text}::tsquery
			and ${rows}.${sql.ref(index.rows.scope)} in (${sql.join(scopes)})
		order by ts_rank(${found}.body, ${text}::tsquery, 1) desc, ${rows}.submitted_at desc, ${rows}.id
		limit ${limit}`.execute(db);
	return keys.map((r) => r.key);
}

export function indexResponse(db: DB, responseId: string, texts: readonly string[]): Promise<void> {
	return indexTexts(db, FEEDBACK_INDEX, responseId, texts);
}

export function unindexResponses(db: DB, responseIds: readonly string[]): Promise<void> {
	return unindexTexts(db, FEEDBACK_INDEX, responseIds);
}

export function searchResponseIds(db: DB, roundIds: readonly string[], query: string, limit = 1000): Promise<string[] | null> {
	return searchTexts(db, FEEDBACK_INDEX, roundIds, query, limit);
}

/** Adds a new story or idea (its title, text and answers) to the index (`participation_search`, 0017). */
export function indexEntry(db: DB, entryId: string, texts: readonly string[]): Promise<void> {
	return indexTexts(db, PARTICIPATION_INDEX, entryId, texts);
}

export function unindexEntries(db: DB, entryIds: readonly string[]): Promise<void> {
	return unindexTexts(db, PARTICIPATION_INDEX, entryIds);
}

export function searchEntryIds(db: DB, callIds: readonly string[], query: string, limit = 1000): Promise<string[] | null> {
	return searchTexts(db, PARTICIPATION_INDEX, callIds, query, limit);
}
