/**
 * Board leases for several nodes on one PostgreSQL database (ownership.ts,
 * createSharedBoardOwnership): one holder at a time, found with its address; a lease nobody
 * renews expires and is taken over, and its holder learns it lost the board; a dead owner's
 * lease can be ended at once. PostgreSQL only (the PostgreSQL pass runs *postgres.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote } from '../../src/lib/board/index.ts';
import { createSqlBoardStore, StaleEpochError } from '../../src/lib/server/collab/board-store.ts';
import { BoardOwnedElsewhere, createSharedBoardOwnership, LeaseLost, takeLease, type BoardOwnership } from '../../src/lib/server/collab/ownership.ts';
import type { DB } from '../../src/lib/server/db/open.ts';
import { freshDatabase } from '../helpers/db.ts';
import { makeBoardFixture, type BoardFixture } from './collab-harness.ts';

let db: DB;
let fx: BoardFixture;
const nodes: BoardOwnership[] = [];

beforeEach(async () => {
	db = await freshDatabase();
	fx = await makeBoardFixture(db);
});
afterEach(async () => {
	for (const node of nodes.splice(0)) await node.close();
	await db.destroy();
});

function node(nodeId: string, leaseMs = 60_000, address = `http://${nodeId}.internal:3000`): BoardOwnership {
	const ownership = createSharedBoardOwnership(db, { nodeId, address: () => address, leaseMs, log: () => {} });
	nodes.push(ownership);
	return ownership;
}

describe('board leases shared by several nodes', () => {
	it('give a board to one node; another is told who holds it and where, and gets it once released', async () => {
		const a = node('a');
		const b = node('b');
		const lease = await a.acquire(fx.boards.ideate);
		const refused = await b.acquire(fx.boards.ideate).catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(BoardOwnedElsewhere);
		expect((refused as BoardOwnedElsewhere).owner).toEqual({ nodeId: 'a', epoch: lease.epoch, address: 'http://a.internal:3000' });
		expect(await b.ownerOf(fx.boards.ideate)).toEqual({ nodeId: 'a', epoch: lease.epoch, address: 'http://a.internal:3000' });
		await lease.release();
		expect(await b.ownerOf(fx.boards.ideate)).toBeNull();
		expect((await b.acquire(fx.boards.ideate)).epoch).toBe(lease.epoch + 1);
	});

	it('keep a renewed lease past its length, and hand over an unrenewed one: its holder learns it is lost', async () => {
		const a = node('a', 300);
		const lease = await a.acquire(fx.boards.ideate);
		const renewedUntil = Date.now() + 1_000;
		await expect.poll(() => Date.now() > renewedUntil, { timeout: 5_000, interval: 50 }).toBe(true);
		await expect(node('b').acquire(fx.boards.ideate)).rejects.toBeInstanceOf(BoardOwnedElsewhere);
		// A stops renewing (as a node that hangs would): another node takes the board once the lease runs out.
		await db.updateTable('board_leases').set({ expires_at: 0 }).where('board_id', '=', fx.boards.ideate).execute();
		const taken = await node('c').acquire(fx.boards.ideate);
		expect(taken.epoch).toBe(lease.epoch + 1);
		await expect.poll(() => lease.lost.aborted, { timeout: 5_000, interval: 10 }).toBe(true);
		expect(lease.lost.reason).toBeInstanceOf(LeaseLost);
	});

	it('end at once the lease of an owner found dead, and only the epoch it was found with', async () => {
		const a = node('a');
		const b = node('b');
		const lease = await a.acquire(fx.boards.ideate);
		await b.evict!(fx.boards.ideate, { nodeId: 'a', epoch: lease.epoch - 1, address: null });
		await expect(b.acquire(fx.boards.ideate)).rejects.toBeInstanceOf(BoardOwnedElsewhere);
		await b.evict!(fx.boards.ideate, { nodeId: 'a', epoch: lease.epoch, address: null });
		expect((await b.acquire(fx.boards.ideate)).epoch).toBe(lease.epoch + 1);
	});

	it('let a restarted node (same address, new id) take its own boards back at once', async () => {
		const before = node('a-1', 60_000, 'http://10.0.0.5:3000');
		const lease = await before.acquire(fx.boards.ideate);
		const after = node('a-2', 60_000, 'http://10.0.0.5:3000');
		expect((await after.acquire(fx.boards.ideate)).epoch).toBe(lease.epoch + 1);
	});

	it('make a takeover wait for an append in flight: the new owner loads every append the old epoch was told is stored', async () => {
		// The append reads the lease row FOR NO KEY UPDATE in its transaction (board-store.ts); a
		// read without the lock would let the takeover commit between that read and the insert,
		// and the new owner load a log without a row its old owner went on to relay.
		const store = createSqlBoardStore(db);
		const doc = new Y.Doc();
		addNote(doc, { text: 'ระหว่างส่งต่อบอร์ด', author: fx.facilitator.id });
		const update = Y.encodeStateAsUpdate(doc);
		const outcomes = { stored: 0, stale: 0 };
		for (let trial = 0; trial < 120; trial++) {
			const old = await takeLease(db, fx.boards.ideate, 'old', Date.now());
			const appended = store.append(fx.boards.ideate, old, update).catch((error: unknown) => {
				expect(error).toBeInstanceOf(StaleEpochError);
				return null;
			});
			// The takeover starts a different number of event-loop turns into the append's transaction.
			for (let turn = 0; turn < trial % 12; turn++) await new Promise((resolve) => setImmediate(resolve));
			await takeLease(db, fx.boards.ideate, 'new', Date.now());
			const loaded = await store.load(fx.boards.ideate);
			const seq = await appended;
			if (seq === null) outcomes.stale++;
			else {
				outcomes.stored++;
				expect(loaded.lastSeq, `trial ${trial}`).toBeGreaterThanOrEqual(seq);
			}
		}
		// Both sides of the race were run.
		expect(outcomes.stored).toBeGreaterThan(0);
		expect(outcomes.stale).toBeGreaterThan(0);
	});
});
