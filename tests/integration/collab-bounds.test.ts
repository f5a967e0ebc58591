/**
 * The hub's bounds (issue 8, "Boards: bounds"): only the board's own schema is accepted, a board
 * has a size limit its writers are told about, sockets are limited per user, guest and address,
 * and a socket too slow to take more gets nothing until it drains (then catches up).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import { addNote, boardRoots, deleteNotes, listNotes, presenceColor, ROOT } from '../../src/lib/board/index.ts';
import { encodeUpdate } from '../../src/lib/server/collab/protocol.ts';
import { createSqlBoardStore } from '../../src/lib/server/collab/board-store.ts';
import { formatJoinCode, openJoinCode, redeemJoinCode } from '../../src/lib/server/guests/join-codes.ts';
import type { CollabHubOptions } from '../../src/lib/server/collab/hub.ts';
import {
	collectNotices,
	connectClient,
	makeBoardFixture,
	openRawSocket,
	startCollabServer,
	until,
	upgradeStatus,
	type BoardFixture,
	type Client,
	type CollabServer
} from './collab-harness.ts';

let server: CollabServer;
let fx: BoardFixture;
const clients: Client[] = [];
const cleanups: (() => void)[] = [];

async function start(options: Partial<Omit<CollabHubOptions, 'db'>> = {}) {
	server = await startCollabServer(options);
	fx = await makeBoardFixture(server.db);
}

function client(boardId: string, cookie: string): Client {
	const c = connectClient(server.collabUrl, boardId, { cookie, origin: server.origin });
	clients.push(c);
	return c;
}

async function raw(boardId: string, cookie: string) {
	const socket = await openRawSocket(server.collabUrl, boardId, { cookie, origin: server.origin });
	cleanups.push(() => socket.socket.terminate());
	return socket;
}

/** What one change to a copy of the board sends (the copy starts as the server's board). */
async function updateFrom(boardId: string, change: (doc: Y.Doc) => void, clientId?: number): Promise<Uint8Array> {
	const doc = new Y.Doc();
	if (clientId !== undefined) doc.clientID = clientId;
	Y.applyUpdate(doc, await server.hub.readBoard(boardId, (d) => Y.encodeStateAsUpdate(d)));
	const before = Y.encodeStateVector(doc);
	change(doc);
	return Y.encodeStateAsUpdate(doc, before);
}

async function storedBytes(boardId: string): Promise<number> {
	const stored = await createSqlBoardStore(server.db).load(boardId);
	return (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((sum, u) => sum + u.byteLength, 0);
}

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	for (const cleanup of cleanups.splice(0)) cleanup();
	await server.close();
});

describe('the board’s own schema', () => {
	const outOfSchema: [string, (doc: Y.Doc) => void][] = [
		['a made-up top-level map', (doc) => doc.getMap('junk').set('v', 'ก'.repeat(20_000))],
		['a top-level map named like an object’s own method', (doc) => doc.getMap('toString').set('v', 'ก')],
		['a made-up top-level text', (doc) => doc.getText('notes2').insert(0, 'ข้อความ')],
		['text inside the note log', (doc) => boardRoots(doc).noteOps.push([new Y.Text('ข้อความ') as never])],
		['a plain value where a section’s map goes', (doc) => boardRoots(doc).sections.set('s1', 'plain' as never)],
		[
			'a map nested in a section',
			(doc) =>
				boardRoots(doc)
					.sections.get([...boardRoots(doc).sections.keys()][0]!)!
					.set('deep', new Y.Map())
		],
		[
			'a note op with a field no note has',
			(doc) => boardRoots(doc).noteOps.push([{ id: 'n1', author: 'x', created: 1, junk: 'ก'.repeat(1000) } as never])
		],
		[
			'a note op with fields named like an object’s own methods',
			(doc) => boardRoots(doc).noteOps.push([{ id: 'n1', toString: 'ก', hasOwnProperty: 'ข' } as never])
		],
		['a note whose text is longer than a note’s', (doc) => boardRoots(doc).noteOps.push([{ id: 'n1', text: 'ก'.repeat(5000) }])],
		['binary content in meta', (doc) => boardRoots(doc).meta.set('blob', new Uint8Array(10_000))],
		['a sub-document', (doc) => boardRoots(doc).meta.set('sub', new Y.Doc() as never)]
	];

	it('refuses an update that puts anything else in a board, before it is applied, and closes its socket', async () => {
		await start();
		const board = fx.boards.ideate;
		const watcher = client(board, fx.facilitator.cookie);
		await watcher.synced();
		const before = await storedBytes(board);
		expect(before).toBeGreaterThan(0);
		let refused = 0;
		for (const [what, change] of outOfSchema) {
			const socket = await raw(board, fx.member.cookie);
			const update = await updateFrom(board, change);
			socket.socket.send(encodeUpdate(update));
			expect(await socket.closed, what).toBe(4422);
			refused += update.byteLength;
		}
		// The board's own roots (schema.ts), and nothing the refused updates named.
		expect(await server.hub.readBoard(board, (doc) => [...doc.share.keys()].sort())).toEqual(Object.values(ROOT).sort());
		expect(await storedBytes(board)).toBe(before);
		expect(server.hub.stats().refusedBytes).toBe(refused);
		// The board goes on: a real note from the watcher is taken.
		addNote(watcher.doc, { text: 'ยังใช้ได้', author: fx.facilitator.id });
		const fresh = client(board, fx.member.cookie);
		await until(() => listNotes(fresh.doc).length > 0, 'a fresh client sees the note');
		expect((await server.hub.readBoard(board, listNotes)).map((n) => n.text)).toEqual(['ยังใช้ได้']);
	});

	it('refuses a guest’s made-up top-level entries whatever their size, storing none of them', async () => {
		await start();
		const board = fx.boards.ideate;
		const { code } = await openJoinCode(server.db, board, fx.facilitator.id, 60 * 60_000);
		const guest = await redeemJoinCode(server.db, { code: formatJoinCode(code), name: 'ผู้บุกรุก' });
		await server.hub.readBoard(board, () => {}); // seeded with its template
		// Folded now, so that a background compaction cannot change the bytes stored under the test.
		await server.hub.compactBoard(board);
		const before = await storedBytes(board);
		let sent = 0;
		for (let i = 0; i < 5; i++) {
			const socket = await raw(board, `guest=${guest!.token}`);
			const update = await updateFrom(board, (doc) => doc.getMap(`x${i}`).set('v', 'ก'.repeat(200_000)));
			socket.socket.send(encodeUpdate(update));
			expect(await socket.closed).toBe(4422);
			sent += update.byteLength;
		}
		expect(sent).toBeGreaterThan(2_500_000);
		expect(await storedBytes(board)).toBe(before);
	});

	it('holds an update that builds on what has not arrived, and judges it as its sender’s once it can be applied', async () => {
		await start();
		const board = fx.boards.ideate;
		const facilitator = client(board, fx.facilitator.cookie);
		const member = client(board, fx.member.cookie);
		await Promise.all([facilitator.synced(), member.synced()]);
		// The member forges a note "by the facilitator" right after the facilitator's next op, which
		// the server has not seen yet: Yjs would keep it aside and apply it inside the facilitator's
		// update, as the facilitator's.
		const next = await updateFrom(board, (doc) => addNote(doc, { text: 'ตัวจริง', author: fx.facilitator.id, x: 0, y: 0 }), facilitator.doc.clientID);
		const ahead = new Y.Doc();
		Y.applyUpdate(ahead, await server.hub.readBoard(board, (d) => Y.encodeStateAsUpdate(d)));
		Y.applyUpdate(ahead, next);
		const sv = Y.encodeStateVector(ahead);
		ahead.clientID = member.doc.clientID + 1;
		boardRoots(ahead).noteOps.push([{ id: 'forged', text: 'ผู้อำนวยการสั่งให้ยกเลิกโครงการ', author: fx.facilitator.id, created: 1, x: 0, y: 0 }]);
		const forged = Y.encodeStateAsUpdate(ahead, sv);
		const socket = await raw(board, fx.member.cookie);
		socket.socket.send(encodeUpdate(forged));
		// The facilitator's own op arrives; the forged one is applied after it, as the member's.
		addNote(facilitator.doc, { text: 'ตัวจริง', author: fx.facilitator.id, x: 0, y: 0 });
		await until(() => listNotes(member.doc).some((n) => n.text === 'ตัวจริง'), 'the facilitator’s note arrives');
		const marker = addNote(facilitator.doc, { text: 'marker', author: fx.facilitator.id });
		await until(() => listNotes(member.doc).some((n) => n.id === marker), 'a later note arrives');
		expect((await server.hub.readBoard(board, listNotes)).map((n) => n.text)).not.toContain('ผู้อำนวยการสั่งให้ยกเลิกโครงการ');
		expect(listNotes(member.doc).map((n) => n.id)).not.toContain('forged');
	});
});

describe('a board’s size', () => {
	it('is capped: the writer whose note would pass the limit has it undone and is told, deleting still works', async () => {
		await start({ maxBoardBytes: 48 * 1024 });
		const board = fx.boards.ideate;
		const writer = client(board, fx.member.cookie);
		const watcher = client(board, fx.facilitator.cookie);
		const notices = collectNotices(writer);
		await Promise.all([writer.synced(), watcher.synced()]);
		const ids: string[] = [];
		// Each note is about 4 KB; the board fills up after ten or so.
		for (let i = 0; notices.length === 0 && i < 40; i++) {
			ids.push(addNote(writer.doc, { text: `${i} ${'ข'.repeat(1300)}`, author: fx.member.id, x: i * 200, y: 0 }));
			await until(() => notices.length > 0 || listNotes(watcher.doc).some((n) => n.id === ids.at(-1)), `note ${i} is taken or refused`);
		}
		expect(notices).toEqual(['prachalab:board-full']);
		const refused = ids.at(-1)!;
		await until(() => !listNotes(writer.doc).some((n) => n.id === refused), 'the writer’s copy drops the refused note');
		expect((await server.hub.readBoard(board, listNotes)).some((n) => n.id === refused)).toBe(false);
		expect(listNotes(watcher.doc).some((n) => n.id === refused)).toBe(false);
		expect(await server.hub.readBoard(board, (doc) => Y.encodeStateAsUpdate(doc).byteLength)).toBeLessThanOrEqual(48 * 1024);
		// Making room lets the writer write again.
		deleteNotes(writer.doc, ids.slice(0, 3));
		const again = addNote(writer.doc, { text: 'มีที่แล้ว', author: fx.member.id });
		await until(() => listNotes(watcher.doc).some((n) => n.id === again), 'the next note is taken');
		expect(notices).toEqual(['prachalab:board-full']);
	});
});

describe('sockets per person and per address', () => {
	it('refuses a user’s, a guest’s and an address’s sockets past their limits with 429, and takes them again once some close', async () => {
		await start({ socketLimits: { perUser: 3, perGuest: 2, perAddress: 7 } });
		const board = fx.boards.ideate;
		const url = `${server.collabUrl}/${board}`;
		const { code } = await openJoinCode(server.db, board, fx.facilitator.id, 60 * 60_000);
		const guest = await redeemJoinCode(server.db, { code: formatJoinCode(code), name: 'แขก' });
		const member = await Promise.all([1, 2, 3].map(() => raw(board, fx.member.cookie)));
		expect(await upgradeStatus(url, { origin: server.origin, cookie: fx.member.cookie })).toBe(429);
		const guests = await Promise.all([1, 2].map(() => raw(board, `guest=${guest!.token}`)));
		expect(await upgradeStatus(url, { origin: server.origin, cookie: `guest=${guest!.token}` })).toBe(429);
		// 5 open from this address: two more, then it is full for anyone.
		await raw(board, fx.facilitator.cookie);
		await raw(board, fx.facilitator.cookie);
		expect(await upgradeStatus(url, { origin: server.origin, cookie: fx.viewer.cookie })).toBe(429);

		member[0]!.socket.close();
		guests[0]!.socket.close();
		await until(() => server.hub.stats().connections === 5, 'two sockets have closed');
		expect(await upgradeStatus(url, { origin: server.origin, cookie: fx.member.cookie })).toBe(101);
		await until(() => server.hub.stats().connections === 5, 'that socket closed again');
		expect(await upgradeStatus(url, { origin: server.origin, cookie: `guest=${guest!.token}` })).toBe(101);
	});

	it('counts a socket whose upgrade is refused for another reason nowhere', async () => {
		await start({ socketLimits: { perUser: 2, perGuest: 2, perAddress: 3 } });
		const url = `${server.collabUrl}/${fx.boards.ideate}`;
		for (let i = 0; i < 5; i++) expect(await upgradeStatus(url, { origin: server.origin, cookie: fx.outsider.cookie })).toBe(404);
		expect(await upgradeStatus(`${server.collabUrl}/nosuchboard`, { origin: server.origin, cookie: fx.member.cookie })).toBe(404);
		expect(await upgradeStatus(url, { origin: server.origin, cookie: fx.member.cookie })).toBe(101);
	});
});

describe('presence', () => {
	it('shows others only the fields a board shares, bounded: a plain colour, coordinates on the board, no extra fields', async () => {
		await start();
		const board = fx.boards.ideate;
		const a = client(board, fx.member.cookie);
		const b = client(board, fx.facilitator.cookie);
		await Promise.all([a.synced(), b.synced()]);
		a.provider.awareness.setLocalState({
			user: { id: 'x', name: 'ปลอม', color: 'red; background: url(https://evil.example/x.png)' },
			cursor: { x: 1e12, y: 2 },
			selection: ['n1', 'ก'.repeat(500), 42],
			junk: 'ข'.repeat(30_000),
			editing: 'n1'
		});
		const seen = () => b.provider.awareness.getStates().get(a.doc.clientID) as Record<string, unknown> | undefined;
		await until(() => seen()?.editing === 'n1', 'b sees a');
		expect(seen()).toEqual({
			user: { id: fx.member.id, name: fx.member.name, color: presenceColor(fx.member.id) },
			cursor: { x: 1_000_000, y: 2 },
			selection: ['n1'],
			editing: 'n1'
		});
		a.provider.awareness.setLocalStateField('user', { name: 'x', color: '#0b57d0' });
		await until(() => (seen()?.user as { color?: string } | undefined)?.color === '#0b57d0', 'a plain colour is kept');
	});

	it('lets one connection speak for a few people at most', async () => {
		await start();
		const board = fx.boards.ideate;
		const watcher = client(board, fx.facilitator.cookie);
		await watcher.synced();
		const { socket } = await raw(board, fx.member.cookie);
		const inner = encoding.createEncoder();
		encoding.writeVarUint(inner, 10);
		for (let id = 1; id <= 10; id++) {
			encoding.writeVarUint(inner, 9000 + id);
			encoding.writeVarUint(inner, 1);
			encoding.writeVarString(inner, JSON.stringify({ user: { name: `คนที่ ${id}` }, cursor: { x: id, y: id } }));
		}
		const message = encoding.createEncoder();
		encoding.writeVarUint(message, 1);
		encoding.writeVarUint8Array(message, encoding.toUint8Array(inner));
		socket.send(encoding.toUint8Array(message));
		await until(() => [...watcher.provider.awareness.getStates().keys()].some((id) => id > 9000 && id <= 9010), 'the watcher sees some');
		const marker = client(board, fx.viewer.cookie);
		marker.provider.awareness.setLocalStateField('cursor', { x: 0, y: 0 });
		await until(() => watcher.provider.awareness.getStates().has(marker.doc.clientID), 'a later presence arrives');
		expect([...watcher.provider.awareness.getStates().keys()].filter((id) => id > 9000 && id <= 9010)).toHaveLength(4);
	});
});

describe('back-pressure', () => {
	function syncRequest(): Uint8Array {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		syncProtocol.writeSyncStep1(encoder, new Y.Doc());
		return encoding.toUint8Array(encoder);
	}

	it('sends nothing more to a socket that does not read, reads it no more, and forgets it when it closes', async () => {
		await start({
			maxBufferedBytes: 64 * 1024,
			rateLimits: { messagesPerSecond: 10_000, messageBurst: 10_000, bytesPerSecond: 1 << 30, byteBurst: 1 << 30 }
		});
		const board = fx.boards.test;
		await server.hub.changeBoard(board, (doc) => {
			for (let i = 0; i < 3000; i++) addNote(doc, { text: `ข้อสังเกตที่ ${i}: ชอบบัตรคิวที่บอกเวลารอ`, x: i, y: 0, author: fx.member.id });
		});
		const greedy = await Promise.all([1, 2, 3].map(() => raw(board, fx.member.cookie)));
		for (const { socket } of greedy) (socket as unknown as { _socket: { pause(): void } })._socket.pause();
		// Each asks for the whole board again and again, reading none of it: what the kernel's
		// buffers take goes; then the server holds the rest, sends nothing more and reads no more.
		for (let round = 0; server.hub.stats().congested < 3 && round < 400; round++) {
			for (const { socket } of greedy) socket.send(syncRequest());
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		await until(() => server.hub.stats().congested === 3, 'the three are too slow to send to');
		// Everyone else carries on.
		const writer = client(board, fx.facilitator.cookie);
		const reader = client(board, fx.viewer.cookie);
		await Promise.all([writer.synced(), reader.synced()]);
		const id = addNote(writer.doc, { text: 'ยังไหลอยู่', author: fx.facilitator.id });
		await until(() => listNotes(reader.doc).some((n) => n.id === id), 'the reader receives the note');
		expect(writer.provider.wsconnected && reader.provider.wsconnected).toBe(true);
		for (const { socket } of greedy) socket.terminate();
		await until(() => server.hub.stats().connections === 2, 'the hub forgets them');
		expect(server.hub.stats().congested).toBe(0);
	});

	it('brings a socket that fell behind up to date in one go once it reads again', async () => {
		await start({
			maxBufferedBytes: 16 * 1024,
			rateLimits: { messagesPerSecond: 10_000, messageBurst: 10_000, bytesPerSecond: 1 << 30, byteBurst: 1 << 30 }
		});
		const board = fx.boards.test;
		const writer = client(board, fx.facilitator.cookie);
		const slow = client(board, fx.member.cookie);
		// Reads as fast as it can: a round has reached the server once it has reached this one.
		const watcher = client(board, fx.viewer.cookie);
		await Promise.all([writer.synced(), slow.synced(), watcher.synced()]);
		const underlying = (slow.provider.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
		underlying.pause();
		const ids: string[] = [];
		// Enough to fill the kernel's buffers and then the server's.
		for (let round = 0; server.hub.stats().congested === 0 && round < 200; round++) {
			writer.doc.transact(() => {
				for (let i = 0; i < 50; i++)
					ids.push(addNote(writer.doc, { text: `${round}/${i} ${'ค'.repeat(3000)}`, x: i, y: round, author: fx.facilitator.id }));
			});
			// The next round only once the server has relayed this one: a writer racing ahead of a slow
			// server would pass the board's size cap before the slow socket's buffer ever filled.
			await until(() => server.hub.stats().congested > 0 || listNotes(watcher.doc).length === ids.length, 'the round is relayed');
			await new Promise((resolve) => setImmediate(resolve));
		}
		await until(() => server.hub.stats().congested === 1, 'the slow client is left behind');
		ids.push(addNote(writer.doc, { text: 'ล่าสุด', author: fx.facilitator.id }));
		underlying.resume();
		await until(() => listNotes(slow.doc).length === ids.length, 'the slow client catches up', 20_000);
		expect(server.hub.stats().congested).toBe(0);
		expect(slow.provider.wsconnected).toBe(true);
	});

	it('catches a briefly slow socket up with the very updates it missed, in order, without re-encoding the board', async () => {
		await start({
			maxBufferedBytes: 32 * 1024,
			rateLimits: { messagesPerSecond: 10_000, messageBurst: 10_000, bytesPerSecond: 1 << 30, byteBurst: 1 << 30 }
		});
		const board = fx.boards.test;
		const writer = client(board, fx.facilitator.cookie);
		const watcher = client(board, fx.viewer.cookie);
		await Promise.all([writer.synced(), watcher.synced()]);
		const slow = await raw(board, fx.member.cookie);
		// What it has: the board as it joined (a raw socket asks for nothing; it is sent what changes).
		const doc = new Y.Doc();
		Y.applyUpdate(doc, await server.hub.readBoard(board, (d) => Y.encodeStateAsUpdate(d)));
		const tcp = (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
		tcp.pause();
		const ids: string[] = [];
		for (let round = 0; server.hub.stats().congested === 0 && round < 400; round++) {
			writer.doc.transact(() => {
				for (let i = 0; i < 8; i++)
					ids.push(addNote(writer.doc, { text: `${round}/${i} ${'ข'.repeat(800)}`, x: i, y: round, author: fx.facilitator.id }));
			});
			await until(() => server.hub.stats().congested > 0 || listNotes(watcher.doc).length === ids.length, 'the round is relayed');
			await new Promise((resolve) => setImmediate(resolve));
		}
		await until(() => server.hub.stats().congested === 1, 'the slow socket is left behind');
		for (let i = 0; i < 3; i++) ids.push(addNote(writer.doc, { text: `หลังจากนั้น ${i}`, author: fx.facilitator.id }));
		await until(() => listNotes(watcher.doc).length === ids.length, 'the others have them');
		const before = slow.received.length;
		tcp.resume();
		const kinds: string[] = [];
		const apply = () => {
			for (const message of slow.received.splice(0)) {
				const decoder = decoding.createDecoder(message);
				if (decoding.readVarUint(decoder) !== 0) continue;
				const step = decoding.readVarUint(decoder);
				if (step !== 0) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
				if (step === 1) kinds.push('answer');
				else if (step === 2) kinds.push('update');
			}
			return listNotes(doc).length === ids.length;
		};
		await until(apply, 'the slow socket catches up', 20_000);
		expect(before).toBeGreaterThan(0);
		expect(server.hub.stats().congested).toBe(0);
		// Only the updates themselves: no answer built from the whole board (it never asked for one).
		expect(kinds).not.toContain('answer');
		expect(kinds.filter((k) => k === 'update').length).toBeGreaterThan(3);
		expect(slow.socket.readyState).toBe(WebSocket.OPEN);
	});
});
