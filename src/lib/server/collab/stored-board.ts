import * as Y from 'yjs';
import type { DB } from '../db/open.ts';
import { createSqlBoardStore } from './board-store.ts';
import { createLocalBoardOwnership } from './ownership.ts';

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
		if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
		for (const update of stored.updates) Y.applyUpdate(doc, update);
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
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
	for (const update of stored.updates) Y.applyUpdate(doc, update);
	try {
		return read(doc);
	} finally {
		doc.destroy();
	}
}
