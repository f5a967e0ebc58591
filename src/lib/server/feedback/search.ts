import { dialectOf } from '../db/dialect.ts';
import type { DB } from '../db/open.ts';
import * as fts5 from './search-index.sqlite.ts';
import * as tsvector from './search-index.postgres.ts';

/**
 * Full-text search over what citizens wrote, Thai segmented into words (thai-text.ts) for the
 * index and for queries alike. The index lives in the database, so the implementation follows
 * the database: FTS5 on SQLite, a tsvector with a GIN index on PostgreSQL. Both pass the same
 * tests (tests/unit/thai-search.test.ts).
 */
export interface FeedbackSearch {
	/** Adds a new response's words (inside the transaction that stores it). */
	index(db: DB, responseId: string, texts: readonly string[]): Promise<void>;
	/** Removes responses from the index (inside the transaction that deletes them). */
	remove(db: DB, responseIds: readonly string[]): Promise<void>;
	/**
	 * The responses of the given rounds whose text has every word of `query` (each word also as
	 * the beginning of a longer one), best match first, at most `limit`. Null when the query has
	 * no words (the caller then does not filter by text).
	 */
	search(db: DB, roundIds: readonly string[], query: string, limit?: number): Promise<string[] | null>;
}

const sqliteSearch: FeedbackSearch = { index: fts5.indexResponse, remove: fts5.unindexResponses, search: fts5.searchResponseIds };
const postgresSearch: FeedbackSearch = { index: tsvector.indexResponse, remove: tsvector.unindexResponses, search: tsvector.searchResponseIds };

/** The search index of `db`'s dialect. */
export function feedbackSearch(db: DB): FeedbackSearch {
	return dialectOf(db) === 'postgres' ? postgresSearch : sqliteSearch;
}

/**
 * The same search over citizens' stories and ideas (participation_search, migration 0017),
 * scoped by call instead of round.
 */
const sqliteEntrySearch: FeedbackSearch = { index: fts5.indexEntry, remove: fts5.unindexEntries, search: fts5.searchEntryIds };
const postgresEntrySearch: FeedbackSearch = { index: tsvector.indexEntry, remove: tsvector.unindexEntries, search: tsvector.searchEntryIds };

/** The stories-and-ideas search index of `db`'s dialect (its scopes are call ids). */
export function participationSearch(db: DB): FeedbackSearch {
	return dialectOf(db) === 'postgres' ? postgresEntrySearch : sqliteEntrySearch;
}
