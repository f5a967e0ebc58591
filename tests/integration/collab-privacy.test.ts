/**
 * A workshop's private parts, enforced by the hub (collab/privacy.ts): private brainstorms,
 * anonymous notes, secret votes and the done check, with the real hub on port 0 and stock
 * y-websocket clients that speak the workshop message type.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import {
	addNote,
	boardRoots,
	castVote,
	findSectionByKey,
	getNote,
	listNotes,
	MESSAGE_WORKSHOP,
	openVotingRound,
	readPrivacy,
	readSecretResults,
	readVotes,
	readVotingRound,
	type WorkshopMessage,
	type WorkshopRequest
} from '../../src/lib/board/index.ts';
import { freshDatabase } from '../helpers/db.ts';
import { formatJoinCode, openJoinCode, redeemJoinCode } from '../../src/lib/server/guests/join-codes.ts';
import { guestUserId } from '../../src/lib/server/guests/guest-session.ts';
import {
	collectNotices,
	connectClient,
	makeBoardFixture,
	openRawSocket,
	startCollabServer,
	until,
	type BoardFixture,
	type Client,
	type CollabServer
} from './collab-harness.ts';

let server: CollabServer;
let fx: BoardFixture;
const clients: Client[] = [];
const voterKey = randomBytes(32);

interface Speaker extends Client {
	/** Every workshop message received, in order. */
	messages: WorkshopMessage[];
	send(request: WorkshopRequest): void;
	/** The last state received. */
	state(): Extract<WorkshopMessage, { type: 'state' }> | undefined;
	refusals(): string[];
}

/** A stock provider that also speaks the workshop message type (as the board page does). */
async function speaker(boardId: string, cookie: string): Promise<Speaker> {
	const c = connectClient(server.collabUrl, boardId, { cookie, origin: server.origin });
	clients.push(c);
	const messages: WorkshopMessage[] = [];
	c.provider.messageHandlers[MESSAGE_WORKSHOP] = (_encoder, decoder) => {
		messages.push(JSON.parse(decoding.readVarString(decoder)) as WorkshopMessage);
	};
	const send = (request: WorkshopRequest) => {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, MESSAGE_WORKSHOP);
		encoding.writeVarString(e, JSON.stringify(request));
		c.provider.ws!.send(encoding.toUint8Array(e));
	};
	await c.synced();
	send({ type: 'hello' });
	await until(() => messages.length > 0, 'the hub answers hello');
	return {
		...c,
		messages,
		send,
		state: () => messages.filter((m): m is Extract<WorkshopMessage, { type: 'state' }> => m.type === 'state').at(-1),
		refusals: () => messages.flatMap((m) => (m.type === 'refused' ? [m.reason] : []))
	};
}

/** Every byte the database holds for a board's document (its log and snapshot), as text. */
async function storedBytes(boardId: string): Promise<string> {
	const updates = await server.db.selectFrom('board_updates').select('data').where('board_id', '=', boardId).execute();
	const snapshots = await server.db.selectFrom('board_snapshots').select('state').where('board_id', '=', boardId).execute();
	return [...updates.map((u) => u.data), ...snapshots.map((s) => s.state)]
		.map((bytes) => Buffer.from(bytes as Uint8Array).toString('utf8'))
		.join('\n');
}

const docText = (doc: Y.Doc) => Buffer.from(Y.encodeStateAsUpdate(doc)).toString('utf8');
const newNote = (id: string, text: string) => ({ id, text, x: 100, y: 100, w: 180, h: 140, color: 'yellow', section: '' });

beforeEach(async () => {
	server = await startCollabServer({ voterKey });
	fx = await makeBoardFixture(server.db);
});

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await server.close();
});

describe('a private brainstorm', () => {
	it('keeps a participant’s new note out of every other document until the reveal, then gives it to everyone under the same id', async () => {
		const board = fx.boards.ideate;
		const facilitator = await speaker(board, fx.facilitator.cookie);
		const member = await speaker(board, fx.member.cookie);
		const viewer = await speaker(board, fx.viewer.cookie);
		facilitator.send({ type: 'set-privacy', privateNotes: true });
		await until(() => readPrivacy(viewer.doc).privateNotes && readPrivacy(member.doc).privateNotes, 'the brainstorm is private everywhere');

		member.send({ type: 'note', note: newNote('privnote1', 'ความคิดลับของวิชัย') });
		await until(() => member.state()?.privateNotes.some((n) => n.id === 'privnote1') === true, 'the author has the note');
		// The author edits it meanwhile.
		member.send({ type: 'note', note: { ...newNote('privnote1', 'ความคิดลับของวิชัย ฉบับแก้'), x: 300 } });
		await until(() => member.state()?.privateNotes[0]?.text === 'ความคิดลับของวิชัย ฉบับแก้', 'the author sees the edit');
		await until(() => facilitator.state()?.waitingNotes === 1, 'the facilitator knows one note waits');

		// Nobody else holds it: not in their documents, not on the server's board, not in what is stored.
		for (const other of [viewer, facilitator]) {
			expect(getNote(other.doc, 'privnote1')).toBeNull();
			expect(docText(other.doc)).not.toContain('ความคิดลับ');
			expect(other.state()?.privateNotes ?? []).toEqual([]);
		}
		expect(await server.hub.readBoard(board, (d) => getNote(d, 'privnote1'))).toBeNull();
		expect(await storedBytes(board)).not.toContain('ความคิดลับ');
		// Another participant cannot change it.
		viewer.send({ type: 'note', note: newNote('privnote1', 'แทรก') });
		await until(() => viewer.refusals().includes('read-only'), 'the viewer is refused');

		facilitator.send({ type: 'reveal-notes' });
		await until(() => getNote(viewer.doc, 'privnote1') !== null, 'the viewer has the note after the reveal');
		const revealed = getNote(viewer.doc, 'privnote1')!;
		expect(revealed).toMatchObject({ text: 'ความคิดลับของวิชัย ฉบับแก้', x: 300, author: fx.member.id });
		await until(() => getNote(member.doc, 'privnote1')?.text === revealed.text, 'the author has it in the document too');
		await until(() => member.state()?.privateNotes.length === 0, 'it is no longer private');
		expect(await server.db.selectFrom('board_private_notes').selectAll().execute()).toEqual([]);
	});

	it('undoes a participant’s note written straight into the document while it is on, and tells them', async () => {
		const board = fx.boards.ideate;
		const facilitator = await speaker(board, fx.facilitator.cookie);
		const member = await speaker(board, fx.member.cookie);
		const notices = collectNotices(member);
		facilitator.send({ type: 'set-privacy', privateNotes: true });
		await until(() => readPrivacy(member.doc).privateNotes, 'the member knows');
		addNote(member.doc, { text: 'เขียนตรงเข้าเอกสาร', author: fx.member.id, x: 0, y: 0 });
		await until(() => notices.includes('prachalab:private'), 'the member is told');
		await until(() => listNotes(member.doc).every((n) => n.text !== 'เขียนตรงเข้าเอกสาร'), 'the note is undone in their copy');
		expect(listNotes(facilitator.doc).some((n) => n.text === 'เขียนตรงเข้าเอกสาร')).toBe(false);
		// The room compacts at once: the undone note leaves the stored log.
		await until(async () => !(await storedBytes(board)).includes('เขียนตรงเข้าเอกสาร'), 'the stored board keeps none of it');
	});

	it('keeps unrevealed notes through a restart of the server, and reveals them afterwards', async () => {
		const db = await freshDatabase();
		await server.close();
		server = await startCollabServer({ voterKey, db });
		fx = await makeBoardFixture(db);
		const board = fx.boards.empathize;
		const facilitator = await speaker(board, fx.facilitator.cookie);
		const member = await speaker(board, fx.member.cookie);
		facilitator.send({ type: 'set-privacy', privateNotes: true });
		await until(() => readPrivacy(member.doc).privateNotes, 'private');
		member.send({ type: 'note', note: newNote('keepnote1', 'อย่าหายนะ') });
		await until(() => member.state()?.privateNotes.length === 1, 'stored');
		for (const c of clients.splice(0)) c.destroy();

		// The hub stops (its boards stored and unloaded); a new one starts on the same database.
		await server.hub.close();
		server.server.closeAllConnections();
		server.server.close();
		await once(server.server, 'close');
		server = await startCollabServer({ voterKey, db });

		const memberAgain = await speaker(board, fx.member.cookie);
		expect(memberAgain.state()?.privateNotes.map((n) => n.text)).toEqual(['อย่าหายนะ']);
		const facilitatorAgain = await speaker(board, fx.facilitator.cookie);
		expect(getNote(facilitatorAgain.doc, 'keepnote1')).toBeNull();
		// Ending the brainstorm reveals it.
		facilitatorAgain.send({ type: 'set-privacy', privateNotes: false });
		await until(() => getNote(facilitatorAgain.doc, 'keepnote1')?.text === 'อย่าหายนะ', 'revealed after the restart');
		expect(readPrivacy(facilitatorAgain.doc).privateNotes).toBe(false);
	});
});

describe('roles', () => {
	it('lets a guest write and change their own private note but not run the workshop, nor touch another’s note', async () => {
		const board = fx.boards.ideate;
		const { code } = await openJoinCode(server.db, board, fx.facilitator.id, 60 * 60_000);
		const joined = await redeemJoinCode(server.db, { code: formatJoinCode(code).toLowerCase(), name: 'ป้าแดง ชาวบ้าน' });
		const guest = await speaker(board, `guest=${joined!.token}`);
		const facilitator = await speaker(board, fx.facilitator.cookie);
		const member = await speaker(board, fx.member.cookie);
		guest.send({ type: 'set-privacy', privateNotes: false, anonymousNotes: true });
		guest.send({ type: 'reveal-notes' });
		guest.send({ type: 'done-check', on: true });
		await until(() => guest.refusals().filter((r) => r === 'facilitators-only').length === 3, 'the guest runs nothing');
		facilitator.send({ type: 'set-privacy', privateNotes: true });
		await until(() => readPrivacy(guest.doc).privateNotes, 'private');
		guest.send({ type: 'note', note: newNote('guestnote1', 'ของป้าแดง') });
		await until(() => guest.state()?.privateNotes[0]?.author === guestUserId(joined!.guestId), 'the guest has their note, under their guest id');
		member.send({ type: 'note', note: newNote('guestnote1', 'แก้ของคนอื่น') });
		member.send({ type: 'delete-note', id: 'guestnote1' });
		await until(() => member.refusals().filter((r) => r === 'not-yours').length === 2, 'the member may not touch it');
		guest.send({ type: 'note', note: newNote('guestnote1', 'ของป้าแดง แก้แล้ว') });
		await until(() => guest.state()?.privateNotes[0]?.text === 'ของป้าแดง แก้แล้ว', 'the guest changes it');
		expect(readPrivacy(facilitator.doc).anonymousNotes).toBe(false);
	});
});

describe('anonymous notes', () => {
	it('are written by the hub without an author: in no document, update or row is the writer named', async () => {
		const board = fx.boards.ideate;
		const facilitator = await speaker(board, fx.facilitator.cookie);
		const member = await speaker(board, fx.member.cookie);
		facilitator.send({ type: 'set-privacy', anonymousNotes: true });
		await until(() => readPrivacy(member.doc).anonymousNotes, 'anonymous mode reaches the member');
		// A client that names an author anyway is refused.
		member.send({ type: 'note', note: { ...newNote('anonnote1', 'ไม่มีใครรู้ว่าใครเขียน'), author: fx.member.id } as never });
		await until(() => getNote(facilitator.doc, 'anonnote1') !== null, 'the note reaches everyone');

		const op = boardRoots(facilitator.doc)
			.noteOps.toArray()
			.find((o) => o.id === 'anonnote1')!;
		expect('author' in op).toBe(false);
		expect(getNote(facilitator.doc, 'anonnote1')).toMatchObject({ text: 'ไม่มีใครรู้ว่าใครเขียน', author: '' });
		// Its writer edits it like any note.
		member.doc.transact(() => boardRoots(member.doc).noteOps.push([{ id: 'anonnote1', text: 'แก้แล้ว' }]));
		await until(() => getNote(facilitator.doc, 'anonnote1')?.text === 'แก้แล้ว', 'the edit arrives');

		// A note written straight into the document with the writer's name is undone and leaves storage.
		const notices = collectNotices(member);
		addNote(member.doc, { text: 'มีชื่อติดมา', author: fx.member.id, x: 0, y: 0 });
		await until(() => notices.includes('prachalab:anonymous'), 'the member is told');
		await until(async () => !(await storedBytes(board)).includes('มีชื่อติดมา'), 'the named note leaves storage');

		const stored = await storedBytes(board);
		expect(stored).toContain('แก้แล้ว');
		expect(stored).not.toContain(fx.member.id);
		expect(docText(facilitator.doc)).not.toContain(fx.member.id);
		const rows = JSON.stringify(await server.db.selectFrom('board_private_notes').selectAll().execute());
		expect(rows).not.toContain(fx.member.id);
	});

	it('keeps a private and anonymous note nameless in its row and after the reveal', async () => {
		const board = fx.boards.ideate;
		const facilitator = await speaker(board, fx.facilitator.cookie);
		const member = await speaker(board, fx.member.cookie);
		facilitator.send({ type: 'set-privacy', privateNotes: true, anonymousNotes: true });
		await until(() => readPrivacy(member.doc).privateNotes && readPrivacy(member.doc).anonymousNotes, 'both modes');
		member.send({ type: 'note', note: newNote('bothnote1', 'ทั้งลับทั้งไม่มีชื่อ') });
		await until(() => member.state()?.privateNotes.length === 1, 'stored');
		const rows = await server.db.selectFrom('board_private_notes').selectAll().execute();
		expect(rows).toHaveLength(1);
		expect(JSON.stringify(rows)).not.toContain(fx.member.id);
		facilitator.send({ type: 'set-privacy', privateNotes: false });
		await until(() => getNote(facilitator.doc, 'bothnote1') !== null, 'revealed');
		expect(getNote(facilitator.doc, 'bothnote1')!.author).toBe('');
		expect(await storedBytes(board)).not.toContain(fx.member.id);
	});
});

describe('a secret vote', () => {
	it('keeps ballots out of every document, holds each person to their dots, and writes the right results at the reveal', async () => {
		const board = fx.boards.ideate;
		const facilitator = await speaker(board, fx.facilitator.cookie);
		const member = await speaker(board, fx.member.cookie);
		const viewer = await speaker(board, fx.viewer.cookie);
		const brainstorm = findSectionByKey(facilitator.doc, 'brainstorm')!;
		const [a, b, c] = ['คิวออนไลน์', 'ป้ายบอกเวลารอ', 'จุดบริการด่วน'].map((text) =>
			addNote(facilitator.doc, { text, author: fx.facilitator.id, section: brainstorm.id })
		) as [string, string, string];
		const round = openVotingRound(facilitator.doc, { perPerson: 2, anonymous: false, secret: true, section: brainstorm.id, noteIds: [a, b, c] });
		await until(
			() => readVotingRound(member.doc)?.secret === true && member.state()?.ballot?.roundId === round.id,
			'the secret round reaches the member'
		);

		member.send({ type: 'vote', roundId: round.id, noteId: a, delta: 1 });
		member.send({ type: 'vote', roundId: round.id, noteId: a, delta: 1 });
		member.send({ type: 'vote', roundId: round.id, noteId: b, delta: 1 });
		await until(() => member.refusals().includes('no-dots-left'), 'the third dot is refused');
		expect(member.state()?.ballot?.dots).toEqual({ [a]: 2 });
		facilitator.send({ type: 'vote', roundId: round.id, noteId: b, delta: 1 });
		facilitator.send({ type: 'vote', roundId: round.id, noteId: a, delta: 1 });
		facilitator.send({ type: 'vote', roundId: round.id, noteId: a, delta: -1 });
		await until(() => JSON.stringify(facilitator.state()?.ballot?.dots) === JSON.stringify({ [b]: 1 }), 'the facilitator’s ballot');
		// A viewer may not vote.
		viewer.send({ type: 'vote', roundId: round.id, noteId: c, delta: 1 });
		await until(() => viewer.refusals().includes('read-only'), 'the viewer is refused');

		// A dot written into the document instead is undone.
		const notices = collectNotices(member);
		castVote(member.doc, {
			voterId: fx.member.id,
			round: readVotingRound(member.doc),
			votes: readVotes(member.doc),
			note: getNote(member.doc, c)!,
			exists: () => true
		});
		await until(() => notices.includes('prachalab:votes'), 'the member is told');
		await until(() => [...readVotes(member.doc).values()].every((v) => v.size === 0), 'the dot is undone');

		// Before the reveal nobody's document, nor any state a participant got, holds a count.
		for (const who of [facilitator, member, viewer]) {
			expect([...readVotes(who.doc).values()].every((v) => v.size === 0)).toBe(true);
			expect(boardRoots(who.doc).meta.get('voteResults')).toBeUndefined();
		}
		for (const message of [...member.messages, ...viewer.messages]) {
			if (message.type !== 'state') continue;
			expect(message.doneCount).toBeNull();
			expect(message.waitingNotes).toBeNull();
			if (message.ballot) expect(Object.keys(message.ballot.dots).every((id) => id === a)).toBe(true);
		}
		expect(member.refusals()).not.toContain('failed');
		// A participant cannot reveal.
		member.send({ type: 'reveal-votes' });
		await until(() => member.refusals().includes('facilitators-only'), 'the member may not reveal');

		facilitator.send({ type: 'reveal-votes' });
		await until(() => readVotingRound(viewer.doc)?.status === 'revealed', 'revealed to the viewer');
		expect(readSecretResults(viewer.doc, round.id)).toEqual({
			roundId: round.id,
			tallies: [
				{ noteId: a, count: 2 },
				{ noteId: b, count: 1 }
			],
			voters: 2,
			dots: 3
		});
		expect(await server.db.selectFrom('board_ballots').selectAll().execute()).toEqual([]);

		// A round cleared without a reveal leaves no ballots behind once the next one is voted in.
		const dropped = openVotingRound(facilitator.doc, { perPerson: 1, anonymous: true, secret: true, noteIds: [a, b, c] });
		await until(() => member.state()?.ballot?.roundId === dropped.id, 'the next round');
		member.send({ type: 'vote', roundId: dropped.id, noteId: c, delta: 1 });
		await until(() => member.state()?.ballot?.dots[c] === 1, 'a dot in it');
		const next = openVotingRound(facilitator.doc, { perPerson: 1, anonymous: true, secret: true, noteIds: [a, b, c] });
		await until(() => member.state()?.ballot?.roundId === next.id, 'the round after');
		member.send({ type: 'vote', roundId: next.id, noteId: b, delta: 1 });
		await until(() => member.state()?.ballot?.dots[b] === 1, 'a dot in the round after');
		const left = await server.db.selectFrom('board_ballots').select('round_id').execute();
		expect(left.map((r) => r.round_id)).toEqual([next.id]);
	});
});

describe('the done check', () => {
	it('counts the participants who are done for the facilitator only', async () => {
		const board = fx.boards.ideate;
		const facilitator = await speaker(board, fx.facilitator.cookie);
		const member = await speaker(board, fx.member.cookie);
		member.send({ type: 'done', done: true });
		await until(() => member.refusals().includes('no-check'), 'no check runs yet');
		facilitator.send({ type: 'done-check', on: true });
		await until(() => readPrivacy(member.doc).doneStep !== null, 'the check reaches the member');
		member.send({ type: 'done', done: true });
		await until(() => facilitator.state()?.doneCount === 1 && facilitator.state()?.participants === 1, 'the facilitator sees one of one done');
		expect(member.state()).toMatchObject({ done: true, doneCount: null, participants: null });
		member.send({ type: 'done', done: false });
		await until(() => facilitator.state()?.doneCount === 0, 'and the change of mind');
		const rows = JSON.stringify(await server.db.selectFrom('board_done_marks').selectAll().execute());
		expect(rows).not.toContain(fx.member.id);
		// The member leaves: the facilitator counts one participant fewer.
		member.destroy();
		await until(() => facilitator.state()?.participants === 0, 'the facilitator sees nobody left');
	});
});

describe('the workshop message type', () => {
	it('closes a socket that sends one that is not a request, and sends nothing of it to a client that never said hello', async () => {
		const board = fx.boards.ideate;
		const headers = { cookie: fx.member.cookie, origin: server.origin };
		const raw = await openRawSocket(server.collabUrl, board, headers);
		const facilitator = await speaker(board, fx.facilitator.cookie);
		facilitator.send({ type: 'set-privacy', privateNotes: true });
		facilitator.send({ type: 'done-check', on: true });
		// The meta changes reach the raw socket as updates (type 0); no workshop state (type 4) comes with them.
		await until(() => raw.received.filter((m) => m[0] === 0).length >= 3, 'the raw socket gets the updates');
		await until(() => facilitator.state()?.doneCount === 0, 'the facilitator has its state');
		expect(raw.received.some((m) => m[0] === MESSAGE_WORKSHOP)).toBe(false);

		const e = encoding.createEncoder();
		encoding.writeVarUint(e, MESSAGE_WORKSHOP);
		encoding.writeVarString(e, JSON.stringify({ type: 'vote', roundId: 'r', noteId: 'n', delta: 5 }));
		raw.socket.send(encoding.toUint8Array(e));
		expect(await raw.closed).toBe(4400);
	});
});
