import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	addNote,
	castVote,
	getNote,
	listNotes,
	openVotingRound,
	readVotes,
	readVotingRound,
	setLocked,
	isLocked
} from '../../src/lib/board/index.ts';
import { endGuestAccess, formatJoinCode, openJoinCode, redeemJoinCode, currentJoinCode } from '../../src/lib/server/guests/join-codes.ts';
import { guestUserId, validateGuestToken } from '../../src/lib/server/guests/guest-session.ts';
import {
	connectClient,
	makeBoardFixture,
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

function client(boardId: string, cookie: string): Client {
	const c = connectClient(server.collabUrl, boardId, { cookie, origin: server.origin });
	clients.push(c);
	return c;
}

/** A guest of `boardId`, joined with a fresh code: their cookie header and user id. */
async function guestOf(boardId: string, name = 'ป้าแดง ชาวบ้าน'): Promise<{ cookie: string; userId: string; guestId: string }> {
	const { code } = await openJoinCode(server.db, boardId, fx.facilitator.id, 60 * 60_000);
	const guest = await redeemJoinCode(server.db, { code: formatJoinCode(code).toLowerCase(), name });
	expect(guest).not.toBeNull();
	return { cookie: `guest=${guest!.token}`, userId: guestUserId(guest!.guestId), guestId: guest!.guestId };
}

beforeEach(async () => {
	server = await startCollabServer({ accessRecheckMs: 60_000 });
	fx = await makeBoardFixture(server.db);
});

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await server.close();
});

describe('guests of a workshop board', () => {
	it('join with a code and a name, write notes and vote on that board, under their guest id and name', async () => {
		const board = fx.boards.ideate;
		const guest = await guestOf(board);
		const facilitator = client(board, fx.facilitator.cookie);
		const visitor = client(board, guest.cookie);
		await Promise.all([facilitator.synced(), visitor.synced()]);

		const id = addNote(visitor.doc, { text: 'อยากให้มีที่นั่งรอมากกว่านี้', author: guest.userId });
		await until(() => getNote(facilitator.doc, id) !== null, 'the facilitator sees the guest’s note');
		visitor.provider.awareness.setLocalStateField('cursor', { x: 1, y: 2 });
		await until(() => facilitator.provider.awareness.getStates().has(visitor.doc.clientID), 'the guest is present');
		expect((facilitator.provider.awareness.getStates().get(visitor.doc.clientID) as { user: unknown }).user).toMatchObject({
			id: guest.userId,
			name: 'ป้าแดง ชาวบ้าน',
			guest: true
		});

		openVotingRound(facilitator.doc, { perPerson: 2, anonymous: false, noteIds: [id] });
		await until(() => readVotingRound(visitor.doc)?.status === 'open', 'the guest sees the round');
		castVote(visitor.doc, {
			voterId: guest.userId,
			round: readVotingRound(visitor.doc),
			votes: readVotes(visitor.doc),
			note: getNote(visitor.doc, id) ?? undefined,
			exists: () => true
		});
		await until(() => readVotes(facilitator.doc).get(id)?.get(guest.userId) === 1, 'the guest’s dot arrives');
	});

	it('run nothing: a guest’s lock is undone', async () => {
		const board = fx.boards.ideate;
		const guest = await guestOf(board);
		const facilitator = client(board, fx.facilitator.cookie);
		const visitor = client(board, guest.cookie);
		await Promise.all([facilitator.synced(), visitor.synced()]);
		setLocked(visitor.doc, true);
		addNote(facilitator.doc, { text: 'marker', author: fx.facilitator.id });
		await until(() => listNotes(visitor.doc).some((n) => n.text === 'marker') && !isLocked(visitor.doc), 'the guest’s copy is put back');
		expect(await server.hub.readBoard(board, isLocked)).toBe(false);
	});

	it('reach only their own board: another board of the project, a forged token, an expired or ended guest are refused', async () => {
		const board = fx.boards.ideate;
		const guest = await guestOf(board);
		const url = (id: string) => `${server.collabUrl}/${id}`;
		expect(await upgradeStatus(url(board), { origin: server.origin, cookie: guest.cookie })).toBe(101);
		expect(await upgradeStatus(url(fx.boards.empathize), { origin: server.origin, cookie: guest.cookie })).toBe(404);
		expect(await upgradeStatus(url(board), { origin: server.origin, cookie: `guest=${guest.guestId}.${'x'.repeat(24)}` })).toBe(401);
		expect(await upgradeStatus(url(board), { origin: 'http://evil.example', cookie: guest.cookie })).toBe(403);

		// A code that ran out lets nobody in; a guest whose time is up is refused.
		const past = Date.now() - 10 * 60_000;
		const stale = await openJoinCode(server.db, board, fx.facilitator.id, 60_000, past);
		expect(await redeemJoinCode(server.db, { code: stale.code, name: 'ช้าไป' })).toBeNull();
		const late = await redeemJoinCode(server.db, { code: stale.code, name: 'เคยเข้า' }, past + 1000);
		expect(late).not.toBeNull();
		expect(await validateGuestToken(server.db, late!.token)).toBeNull();
		expect(await upgradeStatus(url(board), { origin: server.origin, cookie: `guest=${late!.token}` })).toBe(401);
		expect(await redeemJoinCode(server.db, { code: 'NOPE-NOPE', name: 'เดา' })).toBeNull();
	});

	it('keep their access when a new code is opened, and lose it, open sockets too, when the facilitator ends guest access', async () => {
		const board = fx.boards.ideate;
		const guest = await guestOf(board);
		const visitor = client(board, guest.cookie);
		await visitor.synced();
		const { code } = await openJoinCode(server.db, board, fx.facilitator.id, 60 * 60_000);
		expect(await validateGuestToken(server.db, guest.cookie.slice('guest='.length))).not.toBeNull();
		expect(await currentJoinCode(server.db, board)).not.toBeNull();

		const closed = new Promise<number>((resolve) => visitor.provider.on('connection-close', (e: { code: number } | null) => e && resolve(e.code)));
		await endGuestAccess(server.db, board);
		await server.hub.recheckAccess();
		expect(await closed).toBe(4403);
		expect(await currentJoinCode(server.db, board)).toBeNull();
		expect(await redeemJoinCode(server.db, { code, name: 'มาทีหลัง' })).toBeNull();
		expect(await upgradeStatus(`${server.collabUrl}/${board}`, { origin: server.origin, cookie: guest.cookie })).toBe(401);
	});

	it('store neither the code nor the guest’s secret', async () => {
		const board = fx.boards.ideate;
		const { code } = await openJoinCode(server.db, board, fx.facilitator.id, 60 * 60_000);
		const guest = await redeemJoinCode(server.db, { code, name: 'นักศึกษา' });
		const secret = guest!.token.split('.')[1]!;
		const codes = await server.db.selectFrom('board_join_codes').selectAll().execute();
		const guests = await server.db.selectFrom('board_guests').selectAll().execute();
		const stored = JSON.stringify([codes, guests]);
		expect(stored).not.toContain(code);
		expect(stored).not.toContain(secret);
		expect(codes[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/);
	});
});
