import * as Y from 'yjs';
import type { DB } from '../db/open.ts';
import { loadStoredDocument, writeSnapshot } from './storage.ts';

/**
 * Changes a board straight in storage, without the hub: for seeding at start-up, before any
 * socket can have the board loaded. Anywhere else use `runtime.collab.changeBoard`, which keeps
 * live clients in step.
 */
export async function changeStoredBoard(db: DB, boardId: string, change: (doc: Y.Doc) => void, now = Date.now()): Promise<void> {
	const stored = await loadStoredDocument(db, boardId);
	const doc = new Y.Doc();
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
	for (const update of stored.updates) Y.applyUpdate(doc, update);
	doc.transact(() => change(doc));
	await writeSnapshot(db, boardId, Y.encodeStateAsUpdate(doc), stored.lastSeq, now);
	doc.destroy();
}
