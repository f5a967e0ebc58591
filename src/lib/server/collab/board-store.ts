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
	 * Replaces the board's snapshot with `state` (which holds every update up to `lastSeq`) and
	 * drops the log rows it folded, in one transaction, under `epoch`.
	 */
	snapshot(boardId: string, epoch: number, state: Uint8Array, lastSeq: number): Promise<void>;
}

export interface StoredDocument {
	snapshot: Uint8Array | null;
	/** The log after the snapshot, oldest first. */
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
 * else throws (and the transaction rolls back). It is an UPDATE, not a SELECT, so that on
 * PostgreSQL it takes the row lock: a takeover that bumps the epoch waits for this write to
 * commit, and the new owner then loads a log that has it. (On SQLite any write serialises.)
 */
async function holdEpoch(trx: DB, boardId: string, epoch: number): Promise<void> {
	const result = await trx.updateTable('board_leases').set({ epoch }).where('board_id', '=', boardId).where('epoch', '=', epoch).executeTakeFirst();
	if (Number(result.numUpdatedRows) !== 1) throw new StaleEpochError(boardId, epoch);
}

/** The `BoardStore` over kysely: plain, portable SQL (SQLite and PostgreSQL alike). */
export function createSqlBoardStore(db: DB, now: () => number = Date.now): BoardStore {
	return {
		async load(boardId) {
			// The log before the snapshot: a compaction that commits between the two reads then only
			// makes the snapshot newer (it covers the rows it deleted, which were read already). The
			// other way round, a snapshot read before it and a log read after it would miss the rows
			// it folded (on PostgreSQL, where two statements see different commits).
			const updates = await db.selectFrom('board_updates').select(['seq', 'data']).where('board_id', '=', boardId).orderBy('seq').execute();
			const snapshot = await db.selectFrom('board_snapshots').select(['state', 'last_seq']).where('board_id', '=', boardId).executeTakeFirst();
			const lastSeq = Math.max(Number(snapshot?.last_seq ?? 0), ...updates.map((u) => Number(u.seq)));
			return {
				snapshot: snapshot ? new Uint8Array(snapshot.state) : null,
				updates: updates.map((u) => new Uint8Array(u.data)),
				lastSeq
			};
		},

		append(boardId, epoch, update) {
			return db.transaction().execute(async (trx) => {
				await holdEpoch(trx, boardId, epoch);
				const row = await trx
					.insertInto('board_updates')
					.values({ board_id: boardId, data: update, created_at: now(), epoch })
					.returning('seq')
					.executeTakeFirstOrThrow();
				return Number(row.seq);
			});
		},

		snapshot(boardId, epoch, state, lastSeq) {
			const at = now();
			return db.transaction().execute(async (trx) => {
				await holdEpoch(trx, boardId, epoch);
				await trx
					.insertInto('board_snapshots')
					.values({ board_id: boardId, state, last_seq: lastSeq, updated_at: at })
					.onConflict((oc) => oc.column('board_id').doUpdateSet({ state, last_seq: lastSeq, updated_at: at }))
					.execute();
				// Only what this owner folded: rows it loaded (earlier epochs, all written before it
				// took the lease) and rows it wrote itself. A row of a later epoch is never touched,
				// whatever its sequence number (issue 9: two copies of a board each deleted the
				// other's rows up to their own last sequence number).
				await trx.deleteFrom('board_updates').where('board_id', '=', boardId).where('seq', '<=', lastSeq).where('epoch', '<=', epoch).execute();
			});
		}
	};
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
