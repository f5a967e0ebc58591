/**
 * Group commit (board-store.ts, room.ts): the appends waiting in one turn, across boards, are
 * stored in one transaction, and each is relayed only once its batch has committed, in the order
 * its board's rows were stored. A stale epoch fails only its own board; any other failure fails
 * the whole batch and stores none of it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { addNote, listNotes } from '../../src/lib/board/index.ts';
import { createSqlBoardStore, StaleEpochError } from '../../src/lib/server/collab/board-store.ts';
import { createLocalBoardOwnership } from '../../src/lib/server/collab/ownership.ts';
import { CLOSE_BOARD_MOVED } from '../../src/lib/server/collab/room.ts';
import { encodeSyncStep1, encodeUpdate, MESSAGE_SYNC } from '../../src/lib/server/collab/protocol.ts';
import type { DB } from '../../src/lib/server/db/open.ts';
import { freshDatabase, freshSqliteDatabase } from '../helpers/db.ts';
import {
	connectClient,
	makeBoardFixture,
	openRawSocket,
	startCollabServer,
	until,
	type BoardFixture,
	type Client,
	type CollabServer
} from './collab-harness.ts';

let db: DB;
let fx: BoardFixture;
let server: CollabServer | null = null;
const clients: Client[] = [];

beforeEach(async () => {
	db = await freshDatabase();
	fx = await makeBoardFixture(db);
});

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	if (server) {
		await server.hub.close();
		server.server.closeAllConnections();
		server.server.close();
		server = null;
	}
	await db.destroy();
});

function update(text: string): Uint8Array {
	const doc = new Y.Doc();
	addNote(doc, { text, author: 'test' });
	return Y.encodeStateAsUpdate(doc);
}

/** The document updates among raw socket messages (sync step 2 answers and relayed updates), in order. */
function documentUpdates(messages: Uint8Array[]): { kind: 'answer' | 'update'; update: Uint8Array }[] {
	const out: { kind: 'answer' | 'update'; update: Uint8Array }[] = [];
	for (const message of messages) {
		const decoder = decoding.createDecoder(message);
		if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) continue;
		const step = decoding.readVarUint(decoder);
		if (step === syncProtocol.messageYjsSyncStep1) continue;
		out.push({ kind: step === syncProtocol.messageYjsUpdate ? 'update' : 'answer', update: decoding.readVarUint8Array(decoder) });
	}
	return out;
}

function sameVector(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function notesIn(updates: Uint8Array[]): string[] {
	const doc = new Y.Doc();
	for (const u of updates) Y.applyUpdate(doc, u);
	return listNotes(doc).map((n) => n.text);
}

describe('the store’s group commit', () => {
	it('stores the appends made in one turn in one transaction, each board’s in the order they were made', async () => {
		const boards = [fx.boards.empathize, fx.boards.ideate, fx.boards.prototype];
		// One call per batch: every row of a batch carries the same time.
		let batches = 0;
		const store = createSqlBoardStore(db, () => ++batches);
		const ownership = createLocalBoardOwnership(db);
		const epochs = await Promise.all(boards.map(async (b) => (await ownership.acquire(b)).epoch));
		const made = new Map<string, Uint8Array[]>(boards.map((b) => [b, []]));
		const appends: Promise<number>[] = [];
		for (let i = 0; i < 40; i++) {
			boards.forEach((board, b) => {
				const u = update(`${board} ${i}`);
				made.get(board)!.push(u);
				appends.push(store.append(board, epochs[b]!, u));
			});
		}
		const seqs = await Promise.all(appends);

		expect(batches).toBe(1);
		expect(new Set(seqs).size).toBe(seqs.length);
		for (const [b, board] of boards.entries()) {
			const mine = seqs.filter((_, i) => i % boards.length === b);
			expect(mine).toEqual([...mine].sort((x, y) => x - y));
			const stored = await store.load(board);
			expect(stored.updates).toEqual(made.get(board));
			expect(stored.lastSeq).toBe(mine.at(-1));
		}
	});

	it('fails only the appends of a board whose epoch is stale; the other boards in the batch are stored', async () => {
		const store = createSqlBoardStore(db);
		const stale = await createLocalBoardOwnership(db).acquire(fx.boards.ideate);
		const taken = await createLocalBoardOwnership(db).acquire(fx.boards.ideate);
		const other = await createLocalBoardOwnership(db).acquire(fx.boards.test);

		const results = await Promise.allSettled([
			store.append(fx.boards.ideate, stale.epoch, update('จากเจ้าของเก่า')),
			store.append(fx.boards.test, other.epoch, update('บอร์ดอื่น')),
			store.append(fx.boards.ideate, taken.epoch, update('จากเจ้าของใหม่')),
			store.append(fx.boards.ideate, stale.epoch, update('จากเจ้าของเก่าอีก'))
		]);

		expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'rejected']);
		expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(StaleEpochError);
		expect(notesIn((await store.load(fx.boards.ideate)).updates)).toEqual(['จากเจ้าของใหม่']);
		expect(notesIn((await store.load(fx.boards.test)).updates)).toEqual(['บอร์ดอื่น']);
	});

	it('fails every append of a batch it cannot write (a full disk) and stores none of it, then writes the next', async () => {
		// SQLite's page limit stands in for a full disk: this runs on SQLite in both passes.
		const sqlite = await freshSqliteDatabase();
		try {
			const fixture = await makeBoardFixture(sqlite);
			const store = createSqlBoardStore(sqlite);
			const ownership = createLocalBoardOwnership(sqlite);
			const a = await ownership.acquire(fixture.boards.ideate);
			const b = await ownership.acquire(fixture.boards.test);
			const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(sqlite)).rows[0]!.page_count);
			await sql`pragma max_page_count = ${sql.raw(String(pages + 2))}`.execute(sqlite);
			const big = new Uint8Array(64 * 1024).fill(7);

			const results = await Promise.allSettled([
				store.append(fixture.boards.ideate, a.epoch, update('ก่อนดิสก์เต็ม')),
				store.append(fixture.boards.test, b.epoch, big),
				store.append(fixture.boards.ideate, a.epoch, update('ดิสก์เต็ม'))
			]);
			expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
			expect((await store.load(fixture.boards.ideate)).updates).toEqual([]);
			expect((await store.load(fixture.boards.test)).updates).toEqual([]);

			await sql`pragma max_page_count = 1073741823`.execute(sqlite);
			await store.append(fixture.boards.ideate, a.epoch, update('มีที่แล้ว'));
			expect(notesIn((await store.load(fixture.boards.ideate)).updates)).toEqual(['มีที่แล้ว']);
		} finally {
			await sqlite.destroy();
		}
	});
});

describe('the hub’s group commit', () => {
	it('relays every update of many writers on several boards only as stored, in the order its board stored it', async () => {
		server = await startCollabServer({ db, compactAfterUpdates: 100_000 });
		const boards = [fx.boards.empathize, fx.boards.ideate, fx.boards.test];
		const headers = { cookie: fx.facilitator.cookie, origin: server.origin };
		const watchers = await Promise.all(boards.map((b) => openRawSocket(server!.collabUrl, b, headers)));
		const writers = boards.flatMap((b) =>
			[fx.facilitator, fx.member, fx.facilitator].map((p) => connectClient(server!.collabUrl, b, { cookie: p.cookie, origin: server!.origin }))
		);
		clients.push(...writers);
		await Promise.all(writers.map((w) => w.synced()));
		const authors = [fx.facilitator.id, fx.member.id, fx.facilitator.id];
		// Bursts from every writer in the same turns, so that batches span writers and boards.
		for (let round = 0; round < 10; round++) {
			writers.forEach((w, i) => {
				for (let k = 0; k < 3; k++) addNote(w.doc, { text: `รอบ ${round} คน ${i} ที่ ${k}`, author: authors[i % 3]! });
			});
			await new Promise((resolve) => setImmediate(resolve));
		}

		for (const [b, board] of boards.entries()) {
			const watcher = watchers[b]!;
			await until(
				() => notesIn(documentUpdates(watcher.received).map((m) => m.update)).filter((t) => t.startsWith('รอบ')).length === 90,
				`board ${b} relayed every note`
			);
			const relayed = documentUpdates(watcher.received)
				.filter((m) => m.kind === 'update')
				.map((m) => m.update);
			const stored = (await createSqlBoardStore(db).load(board)).updates;
			// Every relayed update is a stored row, and they came in the order of the rows.
			expect(relayed.length).toBeGreaterThanOrEqual(90 / 3);
			expect(stored.slice(stored.length - relayed.length)).toEqual(relayed);
			watcher.socket.close();
		}
	});

	it('relays a commit of many updates as one merged update to every socket that wrote none of them, and never a writer’s own back', async () => {
		server = await startCollabServer({ db, compactAfterUpdates: 100_000 });
		const board = fx.boards.ideate;
		const headers = { cookie: fx.facilitator.cookie, origin: server.origin };
		const watchers = await Promise.all([0, 1, 2].map(() => openRawSocket(server!.collabUrl, board, headers)));
		const rawWriter = await openRawSocket(server.collabUrl, board, { cookie: fx.member.cookie, origin: server.origin });
		const writers = [fx.facilitator, fx.member].map((p) => connectClient(server!.collabUrl, board, { cookie: p.cookie, origin: server!.origin }));
		clients.push(...writers);
		await Promise.all(writers.map((w) => w.synced()));
		const stored = () => createSqlBoardStore(db).load(board);
		// What the board held before (its template): the watchers were sent none of it.
		const base = await stored();
		const rawDoc = new Y.Doc();
		rawWriter.socket.send(encodeSyncStep1(rawDoc));
		const own: string[] = [];
		for (let round = 0; round < 10; round++) {
			writers.forEach((w, i) => {
				for (let k = 0; k < 3; k++) addNote(w.doc, { text: `รอบ ${round} คน ${i} ที่ ${k}`, author: [fx.facilitator.id, fx.member.id][i]! });
			});
			const text = `ส่งเอง ${round}`;
			own.push(text);
			const before = Y.encodeStateVector(rawDoc);
			addNote(rawDoc, { text, author: fx.member.id });
			rawWriter.socket.send(encodeUpdate(Y.encodeStateAsUpdate(rawDoc, before)));
			await new Promise((resolve) => setImmediate(resolve));
		}
		// A burst bigger than one merged frame may hold (MAX_MERGED_UPDATES in room.ts).
		const burst = 250;
		for (let i = 0; i < burst; i++) addNote(writers[0]!.doc, { text: `ก้อน ${i}`, author: fx.facilitator.id });
		const all = 10 * 3 * 2 + own.length + burst;
		for (const watcher of watchers) {
			await until(() => notesIn(documentUpdates(watcher.received).map((m) => m.update)).length >= all, 'every note relayed');
		}
		const { snapshot, updates: rows } = await stored();
		expect(snapshot).toEqual(base.snapshot);
		expect(server.hub.stats().mergedRelays).toBeGreaterThan(0);
		for (const watcher of watchers) {
			const messages = documentUpdates(watcher.received);
			// Fewer frames than notes: commits of several updates went as one.
			expect(messages.filter((m) => m.kind === 'update').length).toBeLessThan(all);
			// Each frame brings the board from one stored prefix to a longer one: only what was
			// stored, in the order it was stored.
			const fromRows = new Y.Doc();
			const fromFrames = new Y.Doc();
			for (const doc of [fromRows, fromFrames])
				for (const u of [base.snapshot ?? Y.encodeStateAsUpdate(new Y.Doc()), ...base.updates]) Y.applyUpdate(doc, u);
			let row = base.updates.length;
			for (const { update: frame } of messages) {
				Y.applyUpdate(fromFrames, frame);
				const target = Y.encodeStateVector(fromFrames);
				while (row < rows.length && !sameVector(Y.encodeStateVector(fromRows), target)) Y.applyUpdate(fromRows, rows[row++]!);
				expect(Y.encodeStateVector(fromRows)).toEqual(target);
			}
			expect(row).toBe(rows.length);
			// The burst came in several frames, none of more than 100 notes, some of more than one.
			const perFrame = messages
				.filter((m) => m.kind === 'update')
				.map((m) => Buffer.from(m.update).toString('utf8').split('ก้อน').length - 1)
				.filter((n) => n > 0);
			expect(perFrame.reduce((a, b) => a + b, 0)).toBe(burst);
			expect(Math.max(...perFrame)).toBeLessThanOrEqual(100);
			expect(Math.max(...perFrame)).toBeGreaterThan(1);
			watcher.socket.close();
		}
		// The raw writer got everyone else's notes (which may build on its own: applied to what it
		// has), and no frame with its own.
		const fromOthers = () => documentUpdates(rawWriter.received).map((m) => m.update);
		await until(() => notesIn([Y.encodeStateAsUpdate(rawDoc), ...fromOthers()]).length >= all, 'the raw writer has every note');
		expect(notesIn([Y.encodeStateAsUpdate(rawDoc), ...fromOthers()]).filter((t) => t.startsWith('รอบ'))).toHaveLength(60);
		expect(fromOthers().filter((frame) => Buffer.from(frame).toString('utf8').includes('ส่งเอง'))).toEqual([]);
		rawWriter.socket.close();
	});

	it('relays nothing of a board that lost its lease, closes its sockets, and stores and relays the other boards’ updates of the same turn', async () => {
		server = await startCollabServer({ db });
		const headers = { cookie: fx.facilitator.cookie, origin: server.origin };
		const lostWatcher = await openRawSocket(server.collabUrl, fx.boards.ideate, headers);
		const keptWatcher = await openRawSocket(server.collabUrl, fx.boards.test, headers);
		const lostWriter = connectClient(server.collabUrl, fx.boards.ideate, { cookie: fx.member.cookie, origin: server.origin });
		const keptWriter = connectClient(server.collabUrl, fx.boards.test, { cookie: fx.member.cookie, origin: server.origin });
		clients.push(lostWriter, keptWriter);
		await Promise.all([lostWriter.synced(), keptWriter.synced()]);
		// Another node (another ownership, as another process would have) takes one board.
		await createLocalBoardOwnership(db).acquire(fx.boards.ideate);

		addNote(lostWriter.doc, { text: 'เขียนหลังเสียบอร์ด', author: fx.member.id });
		addNote(keptWriter.doc, { text: 'บอร์ดที่ยังเป็นของเรา', author: fx.member.id });

		expect(await lostWatcher.closed).toBe(CLOSE_BOARD_MOVED);
		expect(notesIn(documentUpdates(lostWatcher.received).map((m) => m.update))).not.toContain('เขียนหลังเสียบอร์ด');
		await until(() => notesIn(documentUpdates(keptWatcher.received).map((m) => m.update)).includes('บอร์ดที่ยังเป็นของเรา'), 'the other board relayed');
		expect(notesIn((await createSqlBoardStore(db).load(fx.boards.test)).updates)).toContain('บอร์ดที่ยังเป็นของเรา');
		keptWatcher.socket.close();
	});
});
