import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { addNote, getNote, listNotes, listSections, updateNote, findSectionByKey } from '../../src/lib/board/index.ts';
import { countLoggedUpdates, createSqlBoardStore } from '../../src/lib/server/collab/board-store.ts';
import { UnknownBoardError } from '../../src/lib/server/collab/hub.ts';
import { removeTeamMember, setTeamRole } from '../../src/lib/server/projects/team.ts';
import { invalidateSession } from '../../src/lib/server/auth/session.ts';
import {
	connectClient,
	makeBoardFixture,
	startCollabServer,
	until,
	upgradeStatus,
	webSocketWithHeaders,
	type BoardFixture,
	type Client,
	type CollabServer
} from './collab-harness.ts';

let server: CollabServer;
let fx: BoardFixture;
const clients: Client[] = [];

function client(boardId: string, cookie: string, origin = server.origin): Client {
	const c = connectClient(server.collabUrl, boardId, { cookie, origin });
	clients.push(c);
	return c;
}

async function storedNotes(boardId: string) {
	const stored = await createSqlBoardStore(server.db).load(boardId);
	const doc = new Y.Doc();
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
	for (const u of stored.updates) Y.applyUpdate(doc, u);
	return listNotes(doc);
}

function rawSocket(boardId: string, cookie: string): Promise<WebSocket> {
	const Socket = webSocketWithHeaders({ cookie, origin: server.origin });
	const socket = new Socket(`${server.collabUrl}/${boardId}`);
	return new Promise((resolve, reject) => {
		socket.once('open', () => resolve(socket));
		socket.once('error', reject);
	});
}

function closeCode(socket: WebSocket): Promise<number> {
	return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

beforeEach(async () => {
	server = await startCollabServer();
	fx = await makeBoardFixture(server.db);
});

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await server.close();
});

describe('the collab hub', () => {
	it('lets two clients on one board converge, a move and a text edit of one note both surviving', async () => {
		const board = fx.boards.ideate;
		const a = client(board, fx.facilitator.cookie);
		const b = client(board, fx.member.cookie);
		await Promise.all([a.synced(), b.synced()]);
		expect(listSections(a.doc).length).toBeGreaterThan(0);

		const id = addNote(a.doc, { text: 'ลดขั้นตอนเอกสาร', author: fx.facilitator.id, x: 10, y: 10 });
		addNote(b.doc, { text: 'คิวออนไลน์ผ่าน LINE', author: fx.member.id, x: 300, y: 10 });
		await until(() => listNotes(a.doc).length === 2 && listNotes(b.doc).length === 2, 'both see both notes');

		// Concurrent: a moves the note while b edits its text, each offline from the other.
		a.provider.disconnect();
		b.provider.disconnect();
		updateNote(a.doc, id, { x: 500, y: 600 });
		updateNote(b.doc, id, { text: 'ลดขั้นตอนเอกสารเหลือหนึ่งหน้า' });
		a.provider.connect();
		b.provider.connect();
		await until(() => getNote(a.doc, id)?.text === 'ลดขั้นตอนเอกสารเหลือหนึ่งหน้า' && getNote(b.doc, id)?.x === 500, 'the edits cross');
		expect(getNote(a.doc, id)).toMatchObject({ x: 500, y: 600, text: 'ลดขั้นตอนเอกสารเหลือหนึ่งหน้า' });
		expect(listNotes(a.doc)).toEqual(listNotes(b.doc));
		expect(await storedNotes(board)).toEqual(listNotes(a.doc));
	});

	it('refuses an upgrade without a session, from a foreign origin, from a non-member, and to a random board', async () => {
		const url = `${server.collabUrl}/${fx.boards.empathize}`;
		expect(await upgradeStatus(url, { origin: server.origin })).toBe(401);
		expect(await upgradeStatus(url, { origin: server.origin, cookie: 'session=not.a-real-token' })).toBe(401);
		expect(await upgradeStatus(url, { origin: 'http://evil.example', cookie: fx.member.cookie })).toBe(403);
		expect(await upgradeStatus(url, { cookie: fx.member.cookie })).toBe(403);
		expect(await upgradeStatus(url, { origin: server.origin, cookie: fx.outsider.cookie })).toBe(404);
		expect(await upgradeStatus(`${server.collabUrl}/doesnotexist123`, { origin: server.origin, cookie: fx.member.cookie })).toBe(404);
		expect(await upgradeStatus(url, { origin: server.origin, cookie: fx.member.cookie })).toBe(101);
	});

	it('creates nothing, in memory or on disk, for a random board id', async () => {
		const status = await upgradeStatus(`${server.collabUrl}/zzzzzzzzzzzzzzzz`, { origin: server.origin, cookie: fx.facilitator.cookie });
		expect(status).toBe(404);
		await expect(server.hub.readBoard('zzzzzzzzzzzzzzzz', (doc) => listNotes(doc))).rejects.toBeInstanceOf(UnknownBoardError);
		await expect(server.hub.changeBoard('zzzzzzzzzzzzzzzz', () => {})).rejects.toThrow(/no board with id "zzzzzzzzzzzzzzzz"/);
		expect(server.hub.stats().boards).toBe(0);
		expect(await server.db.selectFrom('board_updates').selectAll().execute()).toEqual([]);
		expect(await server.db.selectFrom('board_snapshots').selectAll().execute()).toEqual([]);
	});

	it('lets a viewer read live but never applies or relays what the viewer writes', async () => {
		const board = fx.boards.empathize;
		const member = client(board, fx.member.cookie);
		const viewer = client(board, fx.viewer.cookie);
		await Promise.all([member.synced(), viewer.synced()]);
		addNote(member.doc, { text: 'ผู้สูงอายุรอนาน', author: fx.member.id });
		await until(() => listNotes(viewer.doc).length === 1, 'the viewer sees the member’s note');

		// A modified client writes anyway: as an update, and again as sync step 2.
		addNote(viewer.doc, { text: 'โน้ตที่ไม่ควรมีอยู่', author: fx.viewer.id });
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		syncProtocol.writeSyncStep2(encoder, viewer.doc);
		viewer.provider.ws!.send(encoding.toUint8Array(encoder));
		// A marker from the member after the viewer's writes: once it arrives, so would have they.
		addNote(member.doc, { text: 'marker', author: fx.member.id });
		const fresh = client(board, fx.facilitator.cookie);
		await fresh.synced();
		await until(() => listNotes(fresh.doc).some((n) => n.text === 'marker') && listNotes(member.doc).length === 2, 'the marker');
		expect(listNotes(member.doc).map((n) => n.text)).toEqual(['ผู้สูงอายุรอนาน', 'marker']);
		expect(listNotes(fresh.doc).map((n) => n.text)).toEqual(['ผู้สูงอายุรอนาน', 'marker']);
		expect((await server.hub.readBoard(board, listNotes)).map((n) => n.text)).toEqual(['ผู้สูงอายุรอนาน', 'marker']);
		expect((await storedNotes(board)).map((n) => n.text)).toEqual(['ผู้สูงอายุรอนาน', 'marker']);
		expect(viewer.provider.wsconnected).toBe(true);
	});

	it('closes only the connection that sends an oversized message', async () => {
		await server.close();
		server = await startCollabServer({ maxMessageBytes: 64 * 1024 });
		fx = await makeBoardFixture(server.db);
		const board = fx.boards.ideate;
		const good = client(board, fx.member.cookie);
		await good.synced();
		const bad = await rawSocket(board, fx.facilitator.cookie);
		const closed = closeCode(bad);
		bad.send(new Uint8Array(65 * 1024));
		expect(await closed).toBe(1009);
		addNote(good.doc, { text: 'ยังทำงานได้', author: fx.member.id });
		const other = client(board, fx.facilitator.cookie);
		await until(() => listNotes(other.doc).length === 1, 'the others still sync');
		expect(good.provider.wsconnected).toBe(true);
	});

	it('closes only the connection that sends a malformed message', async () => {
		const board = fx.boards.test;
		const good = client(board, fx.member.cookie);
		await good.synced();
		for (const garbage of [
			new Uint8Array([0, 2, 5, 1, 2]), // an update whose length runs past the end
			new Uint8Array([0, 2, 3, 255, 255, 255]), // an update that does not decode
			new Uint8Array([9, 9, 9]), // an unknown message type
			new Uint8Array([1, 4, 1, 1, 1, 0x7b]) // awareness with broken JSON
		]) {
			const bad = await rawSocket(board, fx.facilitator.cookie);
			const closed = closeCode(bad);
			bad.send(garbage);
			expect(await closed).toBe(4400);
		}
		addNote(good.doc, { text: 'ปกติดี', author: fx.member.id });
		const other = client(board, fx.facilitator.cookie);
		await until(() => listNotes(other.doc).some((n) => n.text === 'ปกติดี'), 'the others still sync');
		expect(good.provider.wsconnected).toBe(true);
	});

	it('stores a server change before any client receives it, and relays it to everyone', async () => {
		const board = fx.boards.test;
		const a = client(board, fx.member.cookie);
		const b = client(board, fx.facilitator.cookie);
		await Promise.all([a.synced(), b.synced()]);
		const seenOnDisk: boolean[] = [];
		a.doc.on('update', () => {
			// Checked the moment the update arrives: it must already be in SQLite.
			void storedNotes(board).then((notes) => seenOnDisk.push(notes.some((n) => n.source?.id === 'fb-1')));
		});
		await server.hub.changeBoard(board, (doc) => {
			const section = findSectionByKey(doc, 'feedback');
			addNote(doc, { text: 'ป้ายบอกเวลารอช่วยได้มาก', author: 'citizen', section: section?.id, source: { kind: 'feedback', id: 'fb-1' } });
		});
		await until(() => listNotes(a.doc).length === 1 && listNotes(b.doc).length === 1, 'both clients get the note');
		await until(() => seenOnDisk.length > 0, 'the disk check ran');
		expect(seenOnDisk.every(Boolean)).toBe(true);
		const note = listNotes(b.doc)[0]!;
		expect(note.section).toBe(findSectionByKey(b.doc, 'feedback')!.id);
		expect(await server.hub.readBoard(board, (doc) => listNotes(doc).map((n) => n.text))).toEqual(['ป้ายบอกเวลารอช่วยได้มาก']);
	});

	it('reads and changes a board nobody is connected to, leaving nothing loaded', async () => {
		const board = fx.boards.prototype;
		await server.hub.changeBoard(board, (doc) => void addNote(doc, { text: 'ต้นแบบบัตรคิว', author: fx.facilitator.id }));
		await until(() => server.hub.stats().boards === 0, 'the board is unloaded');
		expect(await server.hub.readBoard(board, (doc) => listNotes(doc).map((n) => n.text))).toEqual(['ต้นแบบบัตรคิว']);
		await until(() => server.hub.stats().boards === 0, 'the board is unloaded again');
		expect(await countLoggedUpdates(server.db, board)).toBe(0);
		expect((await storedNotes(board)).map((n) => n.text)).toEqual(['ต้นแบบบัตรคิว']);
	});

	it('loads a board once while anyone is on it, and unloads it after a final compaction when the last one leaves', async () => {
		const board = fx.boards.empathize;
		const a = client(board, fx.member.cookie);
		const b = client(board, fx.facilitator.cookie);
		await Promise.all([a.synced(), b.synced()]);
		expect(server.hub.stats()).toEqual({ boards: 1, connections: 2, throttled: 0, congested: 0, refusedBytes: 0, mergedRelays: 0, forwarded: 0 });
		for (let i = 0; i < 5; i++) addNote(a.doc, { text: `โน้ต ${i}`, author: fx.member.id });
		await until(() => listNotes(b.doc).length === 5, 'b has the notes');
		expect(await countLoggedUpdates(server.db, board)).toBeGreaterThanOrEqual(5);
		a.destroy();
		b.destroy();
		await until(() => server.hub.stats().boards === 0, 'the board is unloaded');
		expect(await countLoggedUpdates(server.db, board)).toBe(0);
		expect((await storedNotes(board)).length).toBe(5);
	});

	it('compacts the log into a snapshot in the background once it is long', async () => {
		await server.close();
		// Exactly at the thresholds: no spread (room.ts `compactionSpread`), so the counts below hold.
		server = await startCollabServer({ compactAfterUpdates: 10, compactionSpread: 0 });
		fx = await makeBoardFixture(server.db);
		const board = fx.boards.ideate;
		const a = client(board, fx.member.cookie);
		await a.synced();
		for (let i = 0; i < 35; i++) addNote(a.doc, { text: `ไอเดีย ${i}`, author: fx.member.id });
		const b = client(board, fx.facilitator.cookie);
		await until(() => listNotes(b.doc).length === 35, 'every note went through the server');
		// The compaction the long log queued may still be running (on PostgreSQL it often is).
		await until(async () => (await countLoggedUpdates(server.db, board)) < 10, 'the log is folded into a snapshot');
		expect(await countLoggedUpdates(server.db, board)).toBeLessThan(10);
		const snapshot = await server.db.selectFrom('board_snapshots').select('last_seq').where('board_id', '=', board).executeTakeFirst();
		expect(snapshot?.last_seq).toBeGreaterThanOrEqual(30);
		expect((await storedNotes(board)).length).toBe(35);
	});

	it('folds a board somewhat after its thresholds, at a point of its own, so boards that grow alike do not fold together', async () => {
		await server.close();
		// A factor from 1 to 2: never exactly at 10 updates (that would take Math.random() = 0), always by 20.
		server = await startCollabServer({ compactAfterUpdates: 10, compactionSpread: 1 });
		fx = await makeBoardFixture(server.db);
		const board = fx.boards.ideate;
		const a = client(board, fx.member.cookie);
		await a.synced();
		const b = client(board, fx.facilitator.cookie);
		await b.synced();
		const folded = async () =>
			(await server.db.selectFrom('board_snapshots').select('last_seq').where('board_id', '=', board).executeTakeFirst()) !== undefined;
		for (let i = 0; i < 10; i++) addNote(a.doc, { text: `ก่อน ${i}`, author: fx.member.id });
		await until(() => listNotes(b.doc).length === 10, 'the first ten notes went through the server');
		// A fold at 10 would be queued before the tenth note was relayed and written within
		// milliseconds; give it ample time to show (a fold missing here cannot be a race).
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(await folded()).toBe(false);
		for (let i = 0; i < 10; i++) addNote(a.doc, { text: `หลัง ${i}`, author: fx.member.id });
		await until(() => listNotes(b.doc).length === 20, 'the next ten went through too');
		await until(folded, 'the log is folded by twice the threshold');
		expect((await storedNotes(board)).length).toBe(20);
	});

	it('drops a socket that stops answering pings', async () => {
		await server.close();
		server = await startCollabServer({ pingIntervalMs: 40 });
		fx = await makeBoardFixture(server.db);
		const silent = new WebSocket(`${server.collabUrl}/${fx.boards.ideate}`, {
			headers: { cookie: fx.member.cookie, origin: server.origin },
			autoPong: false
		});
		await new Promise((resolve) => silent.once('open', resolve));
		const healthy = client(fx.boards.ideate, fx.facilitator.cookie);
		await healthy.synced();
		expect(await closeCode(silent)).toBe(1006);
		expect(healthy.provider.wsconnected).toBe(true);
		await until(() => server.hub.stats().connections === 1, 'the hub forgets the dead socket');
	});

	it('shows everyone the signed-in name in presence, whatever a client claims', async () => {
		const board = fx.boards.ideate;
		const a = client(board, fx.member.cookie);
		const b = client(board, fx.facilitator.cookie);
		await Promise.all([a.synced(), b.synced()]);
		a.provider.awareness.setLocalState({ user: { id: fx.facilitator.id, name: 'ผู้อำนวยการ (ปลอม)', color: '#b3261e' }, cursor: { x: 1, y: 2 } });
		const aId = a.doc.clientID;
		await until(() => (b.provider.awareness.getStates().get(aId) as { cursor?: unknown } | undefined)?.cursor !== undefined, 'b sees a');
		expect(b.provider.awareness.getStates().get(aId)).toEqual({
			user: { id: fx.member.id, name: fx.member.name, color: '#b3261e' },
			cursor: { x: 1, y: 2 }
		});
		// b may not overwrite (or remove) a's presence, even with a higher clock.
		const forged = encoding.createEncoder();
		encoding.writeVarUint(forged, 1);
		encoding.writeVarUint(forged, aId);
		encoding.writeVarUint(forged, 999);
		encoding.writeVarString(forged, JSON.stringify({ user: { name: 'ปลอม' } }));
		const message = encoding.createEncoder();
		encoding.writeVarUint(message, 1);
		encoding.writeVarUint8Array(message, encoding.toUint8Array(forged));
		b.provider.ws!.send(encoding.toUint8Array(message));
		a.provider.awareness.setLocalStateField('cursor', { x: 5, y: 5 });
		await until(() => (b.provider.awareness.getStates().get(aId) as { cursor?: { x: number } })?.cursor?.x === 5, 'a moves');
		const third = client(board, fx.facilitator.cookie);
		await third.synced();
		await until(() => third.provider.awareness.getStates().has(aId), 'third sees a');
		expect((third.provider.awareness.getStates().get(aId) as { user: { name: string } }).user.name).toBe(fx.member.name);
	});
	it('shows a member again when they reconnect, though others’ providers echoed their leaving', async () => {
		const board = fx.boards.ideate;
		const a = client(board, fx.member.cookie);
		const b = client(board, fx.facilitator.cookie);
		await Promise.all([a.synced(), b.synced()]);
		a.provider.awareness.setLocalStateField('cursor', { x: 1, y: 1 });
		const aId = a.doc.clientID;
		await until(() => b.provider.awareness.getStates().has(aId), 'b sees a');
		a.provider.disconnect();
		// b's provider relays every awareness change it applies, a's removal included.
		await until(() => !b.provider.awareness.getStates().has(aId), 'b sees a leave');
		const marker = client(board, fx.facilitator.cookie);
		await marker.synced();
		a.provider.connect();
		a.provider.awareness.setLocalStateField('cursor', { x: 2, y: 2 });
		await until(() => (b.provider.awareness.getStates().get(aId) as { cursor?: { x: number } } | undefined)?.cursor?.x === 2, 'b sees a again');
		expect((b.provider.awareness.getStates().get(aId) as { user: { id: string } }).user.id).toBe(fx.member.id);
	});

	it('checks open sockets again: a demoted member’s writes are dropped, a removed member or an ended session is disconnected', async () => {
		await server.close();
		server = await startCollabServer({ accessRecheckMs: 25 });
		fx = await makeBoardFixture(server.db);
		const board = fx.boards.ideate;
		const watcher = client(board, fx.facilitator.cookie);
		const member = client(board, fx.member.cookie);
		const viewer = client(board, fx.viewer.cookie);
		await Promise.all([watcher.synced(), member.synced(), viewer.synced()]);

		await setTeamRole(server.db, fx.projectId, fx.member.id, 'viewer');
		await server.hub.recheckAccess();
		addNote(member.doc, { text: 'หลังถูกลดสิทธิ์', author: fx.member.id });
		addNote(watcher.doc, { text: 'marker', author: fx.facilitator.id });
		await until(() => listNotes(viewer.doc).some((n) => n.text === 'marker'), 'the marker');
		expect(listNotes(watcher.doc).map((n) => n.text)).toEqual(['marker']);

		const closed = new Promise<number>((resolve) => member.provider.on('connection-close', (e: { code: number } | null) => e && resolve(e.code)));
		// From here on the periodic check (every 25 ms in this test) has to notice by itself.
		await removeTeamMember(server.db, fx.projectId, fx.member.id);
		expect(await closed).toBe(4403);
		expect(member.provider.shouldConnect).toBe(false);

		const viewerClosed = new Promise<number>((resolve) =>
			viewer.provider.on('connection-close', (e: { code: number } | null) => e && resolve(e.code))
		);
		const sessionId = fx.viewer.cookie.slice('session='.length).split('.')[0]!;
		await invalidateSession(server.db, sessionId);
		expect(await viewerClosed).toBe(4403);
		expect(watcher.provider.wsconnected).toBe(true);
	});
	it('lets go of a board when a handshake that passed the checks turns out malformed', async () => {
		const { request } = await import('node:http');
		const status = await new Promise<number>((resolve, reject) => {
			const req = request(`${server.origin}/collab/${fx.boards.test}`, {
				headers: { origin: server.origin, cookie: fx.member.cookie, connection: 'Upgrade', upgrade: 'websocket' }
			});
			req.on('response', (res) => resolve(res.statusCode ?? 0));
			req.on('error', reject);
			req.end();
		});
		expect(status).toBe(400);
		await until(() => server.hub.stats().boards === 0, 'the board is let go');
	});
});
