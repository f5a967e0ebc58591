import { dialectOf } from './dialect.ts';
import type { DB } from './open.ts';

/**
 * Group commit for small, independent writes that arrive together (citizens' submissions in a
 * flood): on SQLite, the writes waiting while one transaction runs go into the next transaction
 * together, each inside a savepoint of its own, and are answered once that transaction has
 * committed. A commit writes every page it touched to the WAL — about 29 pages (118 KB) for one
 * feedback response with its answers, token and full-text entry, most of them the same B-tree
 * leaves and FTS5 segment pages as the next response's — so one commit for many is what lets
 * intake go faster than the disk takes whole pages.
 *
 * What each caller sees is what a transaction of its own would give:
 * - its promise settles only after the commit that stored its work (nothing is acknowledged
 *   before it is in the database);
 * - a work that throws (a refusal: the form was taken already, the round just closed) gets its
 *   own outcome from a transaction of its own; the others are stored together without it;
 * - if the transaction itself fails (a full disk at commit, SQLite rolling back by itself), none
 *   of it is stored, and each work runs again in a transaction of its own, for its own outcome.
 *
 * A write into an idle queue waits only for the end of the event loop's current turn: a single
 * citizen waits for nobody.
 * Works must only use the transaction they are given (they may run twice, as above). On
 * PostgreSQL, where a pool runs transactions side by side, each work is a plain transaction.
 */
export function inGroupCommit<T>(db: DB, work: (trx: DB) => Promise<T>): Promise<T> {
	if (db.isTransaction || dialectOf(db) !== 'sqlite') return db.transaction().execute(work);
	let group = groups.get(db);
	if (!group) groups.set(db, (group = new GroupCommit(db)));
	return group.run(work);
}

/** How many works `db`'s group commit has stored or refused, and in how many transactions. */
export function groupCommitStats(db: DB): { works: number; transactions: number } {
	const group = groups.get(db);
	return group ? { works: group.works, transactions: group.transactions } : { works: 0, transactions: 0 };
}

/** Works in one transaction at most: past this, the transaction itself would be the wait. */
const MAX_GROUP = 64;

interface Waiting {
	work: (trx: DB) => Promise<unknown>;
	resolve(value: unknown): void;
	reject(error: unknown): void;
}

// server/ and the SvelteKit build each load their own copy of this module, on one database: a
// global slot keeps one queue per database all the same.
const SLOT = Symbol.for('prachalab.groupCommit');
const groups: WeakMap<DB, GroupCommit> = ((globalThis as { [SLOT]?: WeakMap<DB, GroupCommit> })[SLOT] ??= new WeakMap());

class GroupCommit {
	works = 0;
	transactions = 0;
	readonly #db: DB;
	#queue: Waiting[] = [];
	#draining = false;

	constructor(db: DB) {
		this.#db = db;
	}

	run<T>(work: (trx: DB) => Promise<T>): Promise<T> {
		return new Promise<T>((resolve, reject) => {
			this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
			// better-sqlite3 is synchronous: a transaction runs from begin to commit without giving
			// other requests a turn, so nothing would ever wait to join it. Starting after the
			// event loop's current turn instead gathers every write the requests handled in that
			// turn reached (a few microseconds for one alone).
			if (!this.#draining) {
				this.#draining = true;
				setImmediate(() => void this.#drain());
			}
		});
	}

	async #drain(): Promise<void> {
		try {
			while (this.#queue.length > 0) {
				const group = this.#queue.splice(0, MAX_GROUP);
				if (group.length === 1) await this.#alone(group[0]!);
				else await this.#together(group);
			}
		} finally {
			this.#draining = false;
		}
	}

	async #alone(waiting: Waiting): Promise<void> {
		this.works++;
		this.transactions++;
		try {
			waiting.resolve(await this.#db.transaction().execute(waiting.work));
		} catch (error) {
			waiting.reject(error);
		}
	}

	/**
	 * The works run one after the other in one transaction, with no savepoint between them: FTS5
	 * writes its pending entries to disk at every savepoint, which would undo most of the gain. A
	 * work that throws rolls the whole transaction back; the works before it go together again,
	 * then it runs alone (for its own outcome: a refusal, usually), then the works after it.
	 * Refusals are rare in a flood (a double tap), so this costs little.
	 */
	async #together(group: Waiting[]): Promise<void> {
		let pending = group;
		while (pending.length > 1) {
			const values: unknown[] = [];
			let failed = -1;
			try {
				this.transactions++;
				await this.#db.transaction().execute(async (trx) => {
					for (const [i, waiting] of pending.entries()) {
						failed = i;
						values.push(await waiting.work(trx));
					}
					failed = -1;
				});
			} catch {
				if (failed < 0) {
					// The transaction itself failed (a full disk at commit): nothing of it is stored.
					for (const waiting of pending) await this.#alone(waiting);
					return;
				}
				// In the order they came, so a conflict between two works goes to the first, as it would alone.
				await this.#together(pending.slice(0, failed));
				await this.#alone(pending[failed]!);
				pending = pending.slice(failed + 1);
				continue;
			}
			this.works += pending.length;
			pending.forEach((waiting, i) => waiting.resolve(values[i]));
			return;
		}
		if (pending.length === 1) await this.#alone(pending[0]!);
	}
}
