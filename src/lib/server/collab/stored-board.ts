import * as Y from 'yjs';
import type { DB } from '../db/open.ts';
import { createSqlBoardStore, type StoredDocument } from './board-store.ts';
import { createLocalBoardOwnership } from './ownership.ts';

/** Updates of a board's log applied in one Yjs transaction when a board is loaded. */
export const LOG_UPDATES_PER_TRANSACTION = 20;

/**
 * Puts a stored board into `doc`: its snapshot, then its log in transactions of
 * LOG_UPDATES_PER_TRANSACTION updates. Neither extreme: a transaction per update pays Yjs's
 * per-transaction work (the update event's encoding, the observers) thousands of times, and one
 * transaction for the whole log costs more than linear time in Yjs. A 10,000-note board with
 * 9,800 logged edits: about 1 s in one transaction, 290 ms one by one, 160 ms twenty at a time;
 * with 40,000 edits one transaction runs out of memory (`npm run bench -- board-log-load`).
 */
export function applyStoredBoard(doc: Y.Doc, stored: Pick<StoredDocument, 'snapshot' | 'updates'>): void {
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
	for (let first = 0; first < stored.updates.length; first += LOG_UPDATES_PER_TRANSACTION) {
		doc.transact(() => {
			const last = Math.min(stored.updates.length, first + LOG_UPDATES_PER_TRANSACTION);
			for (let i = first; i < last; i++) Y.applyUpdate(doc, stored.updates[i]!);
		});
	}
}

/**
 * Changes a board straight in storage, without the hub: for seeding at start-up, before any
 * socket can have the board loaded. Anywhere else use `runtime.collab.changeBoard`, which keeps
 * live clients in step. It still takes the board's lease like any room, so a room that had the
 * board loaded after all would find its lease gone rather than overwrite this change.
 */
export async function changeStoredBoard(db: DB, boardId: string, change: (doc: Y.Doc) => void, now = Date.now()): Promise<void> {
	const store = createSqlBoardStore(db, () => now);
	const lease = await createLocalBoardOwnership(db, { now: () => now }).acquire(boardId);
	try {
		const stored = await store.load(boardId);
		const doc = new Y.Doc();
		applyStoredBoard(doc, stored);
		doc.transact(() => change(doc));
		await store.snapshot(boardId, lease.epoch, Y.encodeStateAsUpdate(doc), stored.lastSeq);
		doc.destroy();
	} finally {
		await lease.release();
	}
}

/**
 * Reads a board straight from storage, without the hub: for seeding at start-up, before any
 * socket can hold it. Anywhere else use `runtime.collab.readBoard`.
 */
export async function readStoredBoard<T>(db: DB, boardId: string, read: (doc: Y.Doc) => T): Promise<T> {
	const stored = await createSqlBoardStore(db).load(boardId);
	const doc = new Y.Doc();
	applyStoredBoard(doc, stored);
	try {
		return read(doc);
	} finally {
		doc.destroy();
	}
}
