/**
 * One owner per board, fenced by the lease epoch: a copy of a board that is no longer its
 * owner writes nothing, and its clients resync with the owner. The last test is issue 9's
 * reproduced loss: two copies of one board on one database (as two processes had them).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, listNotes } from '../../src/lib/board/index.ts';
import { countLoggedUpdates, createSqlBoardStore, StaleEpochError } from '../../src/lib/server/collab/board-store.ts';
import { createLocalBoardOwnership } from '../../src/lib/server/collab/ownership.ts';
import { CLOSE_BOARD_MOVED } from '../../src/lib/server/collab/room.ts';
import type { DB } from '../../src/lib/server/db/open.ts';
import { freshDatabase } from '../helpers/db.ts';
import { connectClient, makeBoardFixture, startCollabServer, until, type BoardFixture, type Client, type CollabServer } from './collab-harness.ts';

// Wait for a condition (checked every few ms), never for a fixed time.
const POLL = { timeout: 15_000, interval: 10 };

let db: DB;
let fx: BoardFixture;
const servers: CollabServer[] = [];
const clients: Client[] = [];

beforeEach(async () => {
	db = await freshDatabase();
	fx = await makeBoardFixture(db);
});

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	for (const s of servers.splice(0)) {
		await s.hub.close();
		s.server.closeAllConnections();
		s.server.close();
	}
	await db.destroy();
});

/** A hub on the shared database (several of them stand for several processes' copies of a board). */
async function hub(options: Parameters<typeof startCollabServer>[0] = {}): Promise<CollabServer> {
	const server = await startCollabServer({ ...options, db });
	servers.push(server);
	return server;
}

function client(server: CollabServer, boardId: string, cookie: string): Client {
	const c = connectClient(server.collabUrl, boardId, { cookie, origin: server.origin });
	clients.push(c);
	return c;
}

function update(text: string): Uint8Array {
	const doc = new Y.Doc();
	addNote(doc, { text, author: 'test' });
	return Y.encodeStateAsUpdate(doc);
}

async function storedTexts(boardId: string): Promise<string[]> {
	const stored = await createSqlBoardStore(db).load(boardId);
	const doc = new Y.Doc();
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
	for (const u of stored.updates) Y.applyUpdate(doc, u);
	return listNotes(doc)
		.map((n) => n.text)
		.sort();
}

async function rowsOfEpoch(boardId: string, epoch: number): Promise<number> {
	const rows = await db.selectFrom('board_updates').select('seq').where('board_id', '=', boardId).where('epoch', '=', epoch).execute();
	return rows.length;
}

describe('a board’s store and its lease', () => {
	it('writes nothing under a stale epoch: an append and a snapshot throw, and every row stays as it was', async () => {
		const board = fx.boards.ideate;
		const store = createSqlBoardStore(db);
		const first = await createLocalBoardOwnership(db).acquire(board);
		const seq = await store.append(board, first.epoch, update('ก่อนถูกแทนที่'));

		// Another node (another ownership, as another process would have) takes the board.
		const second = await createLocalBoardOwnership(db).acquire(board);
		expect(second.epoch).toBe(first.epoch + 1);

		await expect(store.append(board, first.epoch, update('หลังถูกแทนที่'))).rejects.toBeInstanceOf(StaleEpochError);
		await expect(store.snapshot(board, first.epoch, update('สำเนาเก่า'), seq)).rejects.toBeInstanceOf(StaleEpochError);
		expect(await countLoggedUpdates(db, board)).toBe(1);
		expect(await db.selectFrom('board_snapshots').select('board_id').where('board_id', '=', board).execute()).toEqual([]);
		expect(await storedTexts(board)).toEqual(['ก่อนถูกแทนที่']);

		// The owner writes, and its compaction folds the earlier epoch's row it loaded.
		const next = await store.append(board, second.epoch, update('เจ้าของใหม่'));
		await store.snapshot(board, second.epoch, Y.mergeUpdates([update('ก่อนถูกแทนที่'), update('เจ้าของใหม่')]), next);
		expect(await countLoggedUpdates(db, board)).toBe(0);
	});

	it('drops a long folded log a chunk at a time, keeps the rows after it, and loads past rows a fold left behind', async () => {
		const board = fx.boards.prototype;
		const store = createSqlBoardStore(db);
		const first = await createLocalBoardOwnership(db).acquire(board);
		// More rows than one chunk of the drop (1,000), as a big board's fold has.
		const doc = new Y.Doc();
		const appends: Promise<number>[] = [];
		for (let i = 0; i < 2_345; i++) {
			let change: Uint8Array | null = null;
			const catcher = (u: Uint8Array) => (change = u);
			doc.on('update', catcher);
			addNote(doc, { text: `โน้ต ${i}`, author: 'test' });
			doc.off('update', catcher);
			appends.push(store.append(board, first.epoch, change!));
		}
		const lastSeq = Math.max(...(await Promise.all(appends)));
		expect(await countLoggedUpdates(db, board)).toBe(2_345);

		// A row stored after the state being folded was taken stays in the log.
		const later = await store.append(board, first.epoch, update('ใหม่กว่า'));
		await store.snapshot(board, first.epoch, Y.encodeStateAsUpdate(doc), lastSeq);
		expect(await countLoggedUpdates(db, board)).toBe(1);
		expect(await storedTexts(board)).toContain('ใหม่กว่า');

		// A fold whose drop stopped part way (the process died): rows the snapshot holds are still in
		// the log. The load skips them, and its last sequence number is the newest row's.
		await db
			.insertInto('board_updates')
			.values([{ board_id: board, data: update('ถูกพับไปแล้ว'), created_at: 1, epoch: first.epoch, seq: lastSeq - 1 }])
			.execute();
		const stored = await createSqlBoardStore(db).load(board);
		expect(stored.updates).toHaveLength(1);
		expect(stored.lastSeq).toBe(later);
		expect((await storedTexts(board)).length).toBe(2_346);
		expect(await storedTexts(board)).not.toContain('ถูกพับไปแล้ว');
	});

	it('hands a board over within one process: the earlier lease learns it is lost, and its release leaves the new holder be', async () => {
		const board = fx.boards.empathize;
		const ownership = createLocalBoardOwnership(db);
		const first = await ownership.acquire(board);
		expect(await ownership.ownerOf(board)).toEqual({ nodeId: ownership.nodeId, epoch: first.epoch, address: null });
		const second = await ownership.acquire(board);
		expect(first.lost.aborted).toBe(true);
		expect(second.lost.aborted).toBe(false);

		await first.release();
		expect(await ownership.ownerOf(board)).toEqual({ nodeId: ownership.nodeId, epoch: second.epoch, address: null });
		const row = await db.selectFrom('board_leases').select(['epoch', 'owner']).where('board_id', '=', board).executeTakeFirstOrThrow();
		expect(row).toEqual({ epoch: second.epoch, owner: ownership.nodeId });

		await second.release();
		expect(await ownership.ownerOf(board)).toBeNull();
		// Epochs only grow: the next holder never reuses one.
		expect((await ownership.acquire(board)).epoch).toBe(second.epoch + 1);
	});
});

describe('a room that loses its board', () => {
	it('writes nothing more and sends its clients to reconnect; they resync with the new owner and keep writing', async () => {
		const ownership = createLocalBoardOwnership(db);
		const server = await hub({ ownership });
		const board = fx.boards.ideate;
		const writer = client(server, board, fx.member.cookie);
		await writer.synced();
		addNote(writer.doc, { text: 'ก่อนย้าย', author: fx.member.id });
		const stored = () => storedTexts(board);
		await expect.poll(stored, POLL).toContain('ก่อนย้าย');
		const lost = (await ownership.ownerOf(board))!.epoch;

		const closed = new Promise<number>((resolve) => writer.provider.once('connection-close', (e: { code: number } | null) => e && resolve(e.code)));
		// Someone else takes the board (here: this process again, as an unload/reload race would).
		const taker = await ownership.acquire(board);
		expect(await closed).toBe(CLOSE_BOARD_MOVED);
		const rowsBefore = await rowsOfEpoch(board, lost);

		// The provider reconnects by itself (1012 is not final), and the board is loaded afresh.
		await until(() => writer.provider.wsconnected && writer.provider.synced, 'the writer is back');
		expect(writer.provider.shouldConnect).toBe(true);
		expect(taker.lost.aborted).toBe(true);
		addNote(writer.doc, { text: 'หลังย้าย', author: fx.member.id });
		await expect.poll(stored, POLL).toEqual(['ก่อนย้าย', 'หลังย้าย']);
		expect(await rowsOfEpoch(board, lost)).toBe(rowsBefore);
		expect((await ownership.ownerOf(board))!.epoch).toBeGreaterThan(taker.epoch);
	});

	it('applies a server-side change exactly once when the board was taken over under it (it finds out on writing)', async () => {
		const server = await hub();
		const board = fx.boards.test;
		const watcher = client(server, board, fx.facilitator.cookie);
		await watcher.synced();
		const moved = new Promise<number>((resolve) => watcher.provider.once('connection-close', (e: { code: number } | null) => e && resolve(e.code)));
		// Another node takes the board; this hub's room only learns it when its write is refused.
		await createLocalBoardOwnership(db).acquire(board);

		await server.hub.changeBoard(board, (doc) => void addNote(doc, { text: 'จากแบบสอบถาม', author: fx.facilitator.id }));
		expect(await moved).toBe(CLOSE_BOARD_MOVED);
		expect(await storedTexts(board)).toEqual(['จากแบบสอบถาม']);
		await until(() => listNotes(watcher.doc).some((n) => n.text === 'จากแบบสอบถาม'), 'the watcher, reconnected, has the note');
		expect(listNotes(watcher.doc).filter((n) => n.text === 'จากแบบสอบถาม')).toHaveLength(1);
	});

	it('keeps every note when two copies of a board on one database take writes (issue 9: two processes, one board)', async () => {
		// Two hubs, each with its own rooms and its own idea of ownership, as two processes had.
		const a = await hub({ compactAfterUpdates: 4 });
		const b = await hub({ compactAfterUpdates: 4 });
		const board = fx.boards.ideate;
		const written: string[] = [];
		// Each note under its writer's own id (the hub takes notes only so).
		const authors = new Map<Client, string>();
		const write = (c: Client, text: string) => {
			addNote(c.doc, { text, author: authors.get(c)! });
			written.push(text);
		};

		const early = client(a, board, fx.member.cookie);
		authors.set(early, fx.member.id);
		await early.synced();
		for (let i = 0; i < 10; i++) write(early, `ก-${i}`);
		await expect.poll(() => storedTexts(board), POLL).toHaveLength(10);

		// A late joiner on the other copy, which loads what the first stored so far.
		const late = client(b, board, fx.facilitator.cookie);
		authors.set(late, fx.facilitator.id);
		await late.synced();
		for (let i = 0; i < 10; i++) write(late, `ข-${i}`);
		await expect.poll(() => storedTexts(board), POLL).toHaveLength(20);

		// Both copies take writes again, each compacting every 4 updates.
		for (let i = 10; i < 20; i++) {
			write(early, `ก-${i}`);
			write(late, `ข-${i}`);
		}
		await expect.poll(() => storedTexts(board), POLL).toEqual([...written].sort());

		early.destroy();
		late.destroy();
		await until(() => a.hub.stats().boards === 0 && b.hub.stats().boards === 0, 'both copies let go of the board');
		expect(await storedTexts(board)).toEqual([...written].sort());
	});
});
