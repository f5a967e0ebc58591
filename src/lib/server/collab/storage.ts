import type { DB } from '../db/open.ts';

/**
 * Where board documents live: a snapshot per board plus the log of updates accepted since
 * (migration 0002). Plain kysely, portable to PostgreSQL.
 */

export interface BoardRow {
	id: string;
	projectId: string;
	stage: string;
}

export interface StoredDocument {
	snapshot: Uint8Array | null;
	/** The log after the snapshot, oldest first. */
	updates: Uint8Array[];
	/** The highest sequence number in the snapshot or the log (0 for a new board). */
	lastSeq: number;
}

export async function findBoardRow(db: DB, boardId: string): Promise<BoardRow | null> {
	const row = await db
		.selectFrom('boards')
		.select(['id', 'project_id', 'stage'])
		.where('id', '=', boardId)
		.executeTakeFirst();
	return row ? { id: row.id, projectId: row.project_id, stage: row.stage } : null;
}

export async function loadStoredDocument(db: DB, boardId: string): Promise<StoredDocument> {
	const snapshot = await db
		.selectFrom('board_snapshots')
		.select(['state', 'last_seq'])
		.where('board_id', '=', boardId)
		.executeTakeFirst();
	const updates = await db
		.selectFrom('board_updates')
		.select(['seq', 'data'])
		.where('board_id', '=', boardId)
		.orderBy('seq')
		.execute();
	const lastSeq = Math.max(Number(snapshot?.last_seq ?? 0), ...updates.map((u) => Number(u.seq)));
	return {
		snapshot: snapshot ? new Uint8Array(snapshot.state) : null,
		updates: updates.map((u) => new Uint8Array(u.data)),
		lastSeq
	};
}

/** Appends one accepted update to the board's log; resolves with its sequence number once stored. */
export async function appendUpdate(db: DB, boardId: string, update: Uint8Array, now = Date.now()): Promise<number> {
	const row = await db
		.insertInto('board_updates')
		.values({ board_id: boardId, data: update, created_at: now })
		.returning('seq')
		.executeTakeFirstOrThrow();
	return Number(row.seq);
}

/**
 * Replaces the board's snapshot with `state` (which includes every update up to `lastSeq`) and
 * drops those updates from the log, in one transaction: a crash leaves either the old snapshot
 * and its log or the new snapshot and the rest.
 */
export async function writeSnapshot(db: DB, boardId: string, state: Uint8Array, lastSeq: number, now = Date.now()): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('board_snapshots')
			.values({ board_id: boardId, state, last_seq: lastSeq, updated_at: now })
			.onConflict((oc) => oc.column('board_id').doUpdateSet({ state, last_seq: lastSeq, updated_at: now }))
			.execute();
		await trx.deleteFrom('board_updates').where('board_id', '=', boardId).where('seq', '<=', lastSeq).execute();
	});
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
