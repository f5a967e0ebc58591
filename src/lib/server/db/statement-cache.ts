import type SQLite from 'better-sqlite3';

/**
 * Prepared statements kept per SQL text, the least recently used dropped past `capacity`.
 * kysely prepares every query it runs, and preparing costs more than running most of ours (it
 * was 8 % of the CPU of a write flood). A prepared statement is reusable: kysely runs one query
 * at a time on its one SQLite connection (a stream holds the connection until it ends), it
 * never switches a statement's modes (`raw`, `pluck`, `safeIntegers`), and SQLite prepares a
 * statement again by itself after a schema change. The bound matters because some SQL texts
 * vary with their input (an `in (?, ?, …)` list has one text per length).
 */
export class StatementCache {
	readonly #sqlite: SQLite.Database;
	readonly #capacity: number;
	// A Map iterates in insertion order: re-inserting on use keeps the least recent first.
	readonly #statements = new Map<string, SQLite.Statement>();

	constructor(sqlite: SQLite.Database, capacity: number) {
		this.#sqlite = sqlite;
		this.#capacity = capacity;
	}

	get size(): number {
		return this.#statements.size;
	}

	prepare(sql: string): SQLite.Statement {
		let statement = this.#statements.get(sql);
		if (statement) {
			this.#statements.delete(sql);
		} else {
			statement = this.#sqlite.prepare(sql);
			if (this.#statements.size >= this.#capacity) this.#statements.delete(this.#statements.keys().next().value!);
		}
		this.#statements.set(sql, statement);
		return statement;
	}
}
