/**
 * Board leases for several nodes on one PostgreSQL database (ownership.ts,
 * createSharedBoardOwnership): one holder at a time, found with its address; a lease nobody
 * renews expires and is taken over, and its holder learns it lost the board; a dead owner's
 * lease can be ended at once. PostgreSQL only (the PostgreSQL pass runs *postgres.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BoardOwnedElsewhere, createSharedBoardOwnership, LeaseLost, type BoardOwnership } from '../../src/lib/server/collab/ownership.ts';
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
});
