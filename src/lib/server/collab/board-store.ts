import { locking } from '../db/locks.ts';
import type { DB } from '../db/open.ts';

/**
 * Where board documents live: a snapshot per board plus the log of updates accepted since
 * (migrations 0002, 0007). The room persists only through a `BoardStore`; every write carries
 * the epoch of the room's lease (ownership.ts) and is made only while that epoch is still the
 * board's, checked in the same transaction as the write. A room that lost its board writes
 * nothing: its write throws `StaleEpochError` and the database is as it was.
 */
export interface BoardStore {
	/** The board's stored document: its snapshot and the log after it. */
	load(boardId: string): Promise<StoredDocument>;
	/** Appends one accepted update under `epoch`; resolves with its sequence number once it is durable. */
	append(boardId: string, epoch: number, update: Uint8Array): Promise<number>;
	/**
	 * Replaces the board's snapshot with `state` (which holds every update up to `lastSeq`) in one
	 * transaction under `epoch`, then drops the log rows it folded, a chunk to a transaction
	 * (`dropFolded`); resolves once they are all gone. Until then `load` skips them.
	 */
	snapshot(boardId: string, epoch: number, state: Uint8Array, lastSeq: number): Promise<void>;
}

export interface StoredDocument {
	snapshot: Uint8Array | null;
	/** The log after the snapshot, oldest first (never a row the snapshot already holds). */
	updates: Uint8Array[];
	/** The highest sequence number in the snapshot or the log (0 for a new board). */
	lastSeq: number;
}

/** A write under an epoch that is no longer the board's: another room owns it now, and nothing was written. */
export class StaleEpochError extends Error {
	readonly boardId: string;
	readonly epoch: number;
	constructor(boardId: string, epoch: number) {
		super(`board ${boardId}: epoch ${epoch} no longer holds its lease, nothing written`);
		this.name = 'StaleEpochError';
		this.boardId = boardId;
		this.epoch = epoch;
	}
}

/**
 * Holds the board's lease row for the rest of the transaction if `epoch` is still the board's,
 * else throws (and the transaction rolls back). On PostgreSQL the row is read `FOR NO KEY UPDATE`
 * (db/locks.ts): a takeover that bumps the epoch waits for this write to commit, and the new
 * owner then loads a log that has it. On SQLite a plain read is enough, as for every row lock
 * here: a write transaction has the database to itself until it commits (and one opened on a
 * snapshot older than another process's commit cannot write at all: SQLITE_BUSY). It used to be
 * an UPDATE of the row to itself, which on SQLite wrote the lease's page to the WAL again at
 * every commit, and on PostgreSQL left a dead row version behind each one.
 */
async function holdEpoch(trx: DB, boardId: string, epoch: number): Promise<void> {
	const row = await locking(trx, trx.selectFrom('board_leases').select('epoch').where('board_id', '=', boardId)).executeTakeFirst();
	if (row === undefined || Number(row.epoch) !== epoch) throw new StaleEpochError(boardId, epoch);
}

/** One append waiting for its batch. */
interface PendingAppend {
	boardId: string;
	epoch: number;
	update: Uint8Array;
	resolve: (seq: number) => void;
	reject: (error: unknown) => void;
}

/**
 * Rows per INSERT: four parameters each, well under SQLite's 32,766 and PostgreSQL's 65,535
 * bound parameters per statement.
 */
const ROWS_PER_INSERT = 500;

/**
 * The `BoardStore` over kysely: plain, portable SQL (SQLite and PostgreSQL alike).
 *
 * Appends are group-committed: every append made while the event loop is busy (in one turn, or
 * while the previous batch is being written) goes into the next batch, and a batch is ONE
 * transaction for every board in it — each board's epoch held once, then its rows inserted, many
 * to a statement. So a flood costs one commit (one WAL write; one fsync under
 * `synchronous=FULL`) per batch instead of one per update. Each append still resolves only once
 * its batch has committed, so nothing a caller relays after it can be lost. A board whose epoch is
 * stale fails alone (`StaleEpochError`, none of its rows written); any other failure fails the
 * whole batch, and with it every append of those boards already waiting for the next one (they
 * were made after, and may build on, what failed). Batches run one after another, so a board's
 * rows are stored in the order its appends were made.
 */
export function createSqlBoardStore(db: DB, now: () => number = Date.now): BoardStore {
	let pending: PendingAppend[] = [];
	let writing = false;
	let scheduled = false;

	function schedule(): void {
		if (scheduled || writing) return;
		scheduled = true;
		// After this turn's other messages (on every board) have made their appends too.
		setImmediate(() => {
			scheduled = false;
			void writeBatch();
		});
	}

	async function writeBatch(): Promise<void> {
		const batch = pending;
		pending = [];
		if (batch.length === 0) return;
		writing = true;
		let seqs: Map<PendingAppend, number> | null = null;
		let stale: Set<string> = new Set();
		let failure: unknown = null;
		try {
			({ seqs, stale } = await db.transaction().execute((trx) => insertBatch(trx, batch, now())));
		} catch (error) {
			failure = error;
		}
		writing = false;
		if (failure !== null) {
			const failed = new Set(batch.map(leaseKey));
			const after = pending.filter((a) => failed.has(leaseKey(a)));
			pending = pending.filter((a) => !failed.has(leaseKey(a)));
			for (const append of [...batch, ...after]) append.reject(failure);
		} else {
			for (const append of batch) {
				if (stale.has(leaseKey(append))) append.reject(new StaleEpochError(append.boardId, append.epoch));
				else append.resolve(seqs!.get(append)!);
			}
		}
		if (pending.length > 0) schedule();
	}

	return {
		async load(boardId) {
			// The log before the snapshot: a compaction that commits between the two reads then only
			// makes the snapshot newer (it covers the rows it deleted, which were read already). The
			// other way round, a snapshot read before it and a log read after it would miss the rows
			// it folded (on PostgreSQL, where two statements see different commits).
			const updates = await db.selectFrom('board_updates').select(['seq', 'data']).where('board_id', '=', boardId).orderBy('seq').execute();
			const snapshot = await db.selectFrom('board_snapshots').select(['state', 'last_seq']).where('board_id', '=', boardId).executeTakeFirst();
			const snapshotSeq = Number(snapshot?.last_seq ?? 0);
			// Rows a fold has covered but not yet dropped (dropFolded), or left behind when the
			// process stopped in the middle: the snapshot holds them already.
			const after = updates.filter((u) => Number(u.seq) > snapshotSeq);
			return {
				snapshot: snapshot ? new Uint8Array(snapshot.state) : null,
				updates: after.map((u) => new Uint8Array(u.data)),
				lastSeq: after.length > 0 ? Number(after.at(-1)!.seq) : snapshotSeq
			};
		},

		append(boardId, epoch, update) {
			return new Promise<number>((resolve, reject) => {
				pending.push({ boardId, epoch, update, resolve, reject });
				schedule();
			});
		},

		async snapshot(boardId, epoch, state, lastSeq) {
			const at = now();
			await db.transaction().execute(async (trx) => {
				await holdEpoch(trx, boardId, epoch);
				await trx
					.insertInto('board_snapshots')
					.values({ board_id: boardId, state, last_seq: lastSeq, updated_at: at })
					.onConflict((oc) => oc.column('board_id').doUpdateSet({ state, last_seq: lastSeq, updated_at: at }))
					.execute();
			});
			await dropFolded(db, boardId, epoch, lastSeq);
		}
	};
}

/**
 * Log rows dropped per transaction after a fold. Dropping 40,000 folded rows (a 10,000-note
 * board's) in the snapshot's own transaction held the event loop 140–229 ms (SQLite is
 * synchronous); written this way the longest turn is the snapshot's own write, about 36 ms, and
 * other boards' writes go between chunks (`npm run bench -- fold-drop`).
 */
const FOLDED_ROWS_PER_DELETE = 1000;

/**
 * Drops the log rows a snapshot up to `lastSeq` has folded, a chunk at a time. Only what the
 * folding owner folded: rows it loaded (earlier epochs, all written before it took the lease)
 * and rows it wrote itself; a row of a later epoch is never touched, whatever its sequence
 * number (issue 9: two copies of a board each deleted the other's rows up to their own last
 * sequence number). No lease is needed: the snapshot is committed, so whatever is dropped is in
 * it (or in a newer one). A chunk left undone (the process stopped) is skipped by `load` and
 * dropped by the next fold.
 */
async function dropFolded(db: DB, boardId: string, epoch: number, lastSeq: number): Promise<void> {
	for (;;) {
		const result = await db
			.deleteFrom('board_updates')
			.where('seq', 'in', (eb) =>
				eb
					.selectFrom('board_updates')
					.select('seq')
					.where('board_id', '=', boardId)
					.where('seq', '<=', lastSeq)
					.where('epoch', '<=', epoch)
					.orderBy('seq')
					.limit(FOLDED_ROWS_PER_DELETE)
			)
			.executeTakeFirst();
		if (Number(result.numDeletedRows) < FOLDED_ROWS_PER_DELETE) return;
		// Let the event loop serve others between chunks.
		await new Promise((resolve) => setImmediate(resolve));
	}
}

/** A board under one epoch: what a batch holds the lease row of once. */
function leaseKey(append: PendingAppend): string {
	return `${append.epoch}:${append.boardId}`;
}

/**
 * One batch, inside its transaction: holds the lease row of each board in it, then inserts the
 * rows of the appends whose epoch is still their board's. Returns each stored append's sequence number and the
 * lease keys found stale.
 */
async function insertBatch(trx: DB, batch: PendingAppend[], at: number): Promise<{ seqs: Map<PendingAppend, number>; stale: Set<string> }> {
	// Every board's lease row held as holdEpoch holds one, by one read (a chunk of boards at a
	// time), in one order, so that two transactions lock the rows they share the same way round
	// (PostgreSQL); the epochs it returns say which appends are stale.
	const boards = [...new Set(batch.map((a) => a.boardId))].sort();
	const current = new Map<string, number>();
	for (let i = 0; i < boards.length; i += ROWS_PER_INSERT) {
		const query = trx
			.selectFrom('board_leases')
			.select(['board_id', 'epoch'])
			.where('board_id', 'in', boards.slice(i, i + ROWS_PER_INSERT))
			.orderBy('board_id');
		const rows = await locking(trx, query).execute();
		for (const row of rows) current.set(row.board_id, Number(row.epoch));
	}
	const stale = new Set<string>();
	for (const append of batch) if (current.get(append.boardId) !== append.epoch) stale.add(leaseKey(append));
	const kept = stale.size === 0 ? batch : batch.filter((a) => !stale.has(leaseKey(a)));
	const stored = new Map<string, number[]>();
	for (let i = 0; i < kept.length; i += ROWS_PER_INSERT) {
		const rows = await trx
			.insertInto('board_updates')
			.values(kept.slice(i, i + ROWS_PER_INSERT).map((a) => ({ board_id: a.boardId, data: a.update, created_at: at, epoch: a.epoch })))
			.returning(['board_id', 'seq'])
			.execute();
		for (const row of rows) {
			const seqs = stored.get(row.board_id);
			if (seqs) seqs.push(Number(row.seq));
			else stored.set(row.board_id, [Number(row.seq)]);
		}
	}
	// Sequence numbers grow in the order the rows were inserted, whatever order RETURNING lists them in.
	for (const seqs of stored.values()) seqs.sort((a, b) => a - b);
	const seqs = new Map<PendingAppend, number>();
	const taken = new Map<string, number>();
	for (const append of kept) {
		const index = taken.get(append.boardId) ?? 0;
		taken.set(append.boardId, index + 1);
		seqs.set(append, stored.get(append.boardId)![index]!);
	}
	return { seqs, stale };
}

/** How many updates wait in the board's log (tests and benchmarks look). */
export async function countLoggedUpdates(db: DB, boardId: string): Promise<number> {
	const row = await db
		.selectFrom('board_updates')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('board_id', '=', boardId)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
