/**
 * Who wrote a note (issue 8, "Authorship"), and what a guest may change: the hub checks every
 * note's author against the connection, keeps `author`, `created` and `source` as they were, and
 * lets guests change and delete only their own notes unless a facilitator allows more.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addNote,
	boardRoots,
	deleteNotes,
	findSectionByKey,
	getNote,
	guestsEditAll,
	listNotes,
	listSections,
	setGuestsEditAll,
	updateNote
} from '../../src/lib/board/index.ts';
import { formatJoinCode, openJoinCode, redeemJoinCode } from '../../src/lib/server/guests/join-codes.ts';
import { guestUserId } from '../../src/lib/server/guests/guest-session.ts';
import {
	collectNotices,
	connectClient,
	makeBoardFixture,
	startCollabServer,
	until,
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

async function guestOf(boardId: string, name: string): Promise<{ cookie: string; userId: string }> {
	const { code } = await openJoinCode(server.db, boardId, fx.facilitator.id, 60 * 60_000);
	const guest = await redeemJoinCode(server.db, { code: formatJoinCode(code), name });
	return { cookie: `guest=${guest!.token}`, userId: guestUserId(guest!.guestId) };
}

/** Resolves once `c` has taken in an update from the server (the echo of an undo, or a relay). */
function nextRemoteUpdate(c: Client): Promise<void> {
	return new Promise((resolve) => {
		const listener = (_update: Uint8Array, origin: unknown) => {
			if (origin !== c.provider) return;
			c.doc.off('update', listener);
			resolve();
		};
		c.doc.on('update', listener);
	});
}

const onServer = <T>(board: string, read: (doc: Y.Doc) => T) => server.hub.readBoard(board, read);

beforeEach(async () => {
	server = await startCollabServer({ accessRecheckMs: 60_000 });
	fx = await makeBoardFixture(server.db);
});

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await server.close();
});

describe('authorship', () => {
	it('undoes a guest’s note written under the facilitator’s name, and tells the guest; their own notes stand', async () => {
		const board = fx.boards.ideate;
		const guest = await guestOf(board, 'ป้าแดง');
		const facilitator = client(board, fx.facilitator.cookie);
		const visitor = client(board, guest.cookie);
		const notices = collectNotices(visitor);
		await Promise.all([facilitator.synced(), visitor.synced()]);

		const undone = nextRemoteUpdate(visitor);
		const forged = addNote(visitor.doc, { text: 'ประกาศ: ยกเลิกการประชุม', author: fx.facilitator.id });
		await undone;
		await until(() => getNote(visitor.doc, forged) === null, 'the guest’s copy drops the forged note');
		expect(notices).toEqual(['prachalab:authorship']);
		expect(await onServer(board, (d) => getNote(d, forged))).toBeNull();

		const own = addNote(visitor.doc, { text: 'อยากให้มีที่นั่งรอ', author: guest.userId });
		await until(() => getNote(facilitator.doc, own) !== null, 'the facilitator sees the guest’s own note');
		expect(getNote(facilitator.doc, own)!.author).toBe(guest.userId);
	});

	it('keeps the author, the time and the source of an existing note whoever edits it, and lets no client set a source', async () => {
		const board = fx.boards.test;
		const member = client(board, fx.member.cookie);
		const facilitator = client(board, fx.facilitator.cookie);
		const notices = collectNotices(member);
		await Promise.all([member.synced(), facilitator.synced()]);
		// Server code (feedback sent to the Test board) is the only one that sets a source.
		let citizen = '';
		await server.hub.changeBoard(board, (doc) => {
			citizen = addNote(doc, { text: 'รอคิวนานเกินไป', author: 'feedback', source: { kind: 'feedback', id: 'r1' }, created: 1000 });
		});
		const mine = addNote(member.doc, { text: 'ของฉัน', author: fx.member.id });
		await until(() => getNote(member.doc, citizen) !== null && getNote(facilitator.doc, mine) !== null, 'both notes everywhere');

		const attempts: [string, Client, () => void][] = [
			['claiming someone’s note', member, () => boardRoots(member.doc).noteOps.push([{ id: citizen, author: fx.member.id }])],
			['backdating a note', member, () => boardRoots(member.doc).noteOps.push([{ id: mine, created: 1 }])],
			['stripping a source', member, () => boardRoots(member.doc).noteOps.push([{ id: citizen, source: { kind: 'member', id: 'x' } }])],
			[
				'a new note posing as citizens’ feedback',
				member,
				() => addNote(member.doc, { text: 'ปลอม', author: fx.member.id, source: { kind: 'feedback', id: 'r9' } })
			],
			[
				'a facilitator’s note posing as feedback',
				facilitator,
				() => addNote(facilitator.doc, { text: 'ปลอม', author: fx.facilitator.id, source: { kind: 'feedback', id: 'r9' } })
			]
		];
		for (const [what, who, attempt] of attempts) {
			const undone = nextRemoteUpdate(who);
			who.doc.transact(attempt);
			await undone;
			const serverNotes = await onServer(board, listNotes);
			expect(serverNotes.map((n) => [n.text, n.author, n.created, n.source?.kind ?? null]).sort(), what).toEqual(
				[
					['รอคิวนานเกินไป', 'feedback', 1000, 'feedback'],
					['ของฉัน', fx.member.id, getNote(facilitator.doc, mine)!.created, null]
				].sort()
			);
		}
		expect(notices.every((n) => n === 'prachalab:authorship')).toBe(true);
		// Editing the text or moving someone's note is fine; it stays theirs.
		updateNote(member.doc, citizen, { x: 500, text: 'รอคิวนานเกินไป (สรุป)' });
		await until(() => getNote(facilitator.doc, citizen)?.x === 500, 'the move arrives');
		expect(getNote(facilitator.doc, citizen)).toMatchObject({ author: 'feedback', source: { kind: 'feedback', id: 'r1' }, created: 1000 });
	});

	it('lets a member undo deleting someone else’s note: it comes back as it was', async () => {
		const board = fx.boards.ideate;
		const facilitator = client(board, fx.facilitator.cookie);
		const member = client(board, fx.member.cookie);
		await Promise.all([facilitator.synced(), member.synced()]);
		const id = addNote(facilitator.doc, { text: 'ของผู้นำ', author: fx.facilitator.id });
		await until(() => getNote(member.doc, id) !== null, 'the member has it');
		const undo = new Y.UndoManager(boardRoots(member.doc).noteOps, { trackedOrigins: new Set(['me']), captureTimeout: 0 });
		member.doc.transact(() => deleteNotes(member.doc, [id]), 'me');
		await until(() => getNote(facilitator.doc, id) === null, 'the deletion arrives');
		undo.undo();
		await until(() => getNote(facilitator.doc, id) !== null, 'the note comes back');
		expect(getNote(facilitator.doc, id)).toMatchObject({ text: 'ของผู้นำ', author: fx.facilitator.id });
		expect((await onServer(board, (d) => getNote(d, id)))?.author).toBe(fx.facilitator.id);
		undo.destroy();
	});
});

describe('guests and others’ notes', () => {
	it('lets a guest change and delete their own notes only, and not the sections, by default', async () => {
		const board = fx.boards.ideate;
		const guest = await guestOf(board, 'ลุงมี');
		const facilitator = client(board, fx.facilitator.cookie);
		const visitor = client(board, guest.cookie);
		const notices = collectNotices(visitor);
		await Promise.all([facilitator.synced(), visitor.synced()]);
		const theirs = addNote(facilitator.doc, { text: 'ของผู้นำ', author: fx.facilitator.id, x: 0, y: 0 });
		const own = addNote(visitor.doc, { text: 'ของแขก', author: guest.userId, x: 0, y: 300 });
		await until(() => getNote(visitor.doc, theirs) !== null && getNote(facilitator.doc, own) !== null, 'both notes everywhere');
		const hmw = findSectionByKey(visitor.doc, 'hmw')!;

		const attempts: [string, () => unknown][] = [
			['moving someone’s note', () => updateNote(visitor.doc, theirs, { x: 900 })],
			['rewriting someone’s note', () => updateNote(visitor.doc, theirs, { text: 'แก้แล้ว' })],
			['deleting someone’s note', () => deleteNotes(visitor.doc, [theirs])],
			['renaming a section', () => boardRoots(visitor.doc).sections.get(hmw.id)!.set('title', 'ของฉัน')],
			['deleting a section', () => boardRoots(visitor.doc).sections.delete(hmw.id)]
		];
		for (const [what, attempt] of attempts) {
			const undone = nextRemoteUpdate(visitor);
			visitor.doc.transact(() => void attempt());
			await undone;
			await until(
				() => getNote(visitor.doc, theirs)?.x === 0 && getNote(visitor.doc, theirs)?.text === 'ของผู้นำ',
				`the guest’s copy is put back after ${what}`
			);
			expect(await onServer(board, (d) => getNote(d, theirs)), what).toMatchObject({ text: 'ของผู้นำ', x: 0 });
			expect(await onServer(board, (d) => findSectionByKey(d, 'hmw')?.title), what).toBe('');
		}
		expect(new Set(notices)).toEqual(new Set(['prachalab:own-notes-only']));

		updateNote(visitor.doc, own, { text: 'ของแขก (แก้)', x: 40 });
		await until(() => getNote(facilitator.doc, own)?.text === 'ของแขก (แก้)', 'the guest edits their own note');
		deleteNotes(visitor.doc, [own]);
		await until(() => getNote(facilitator.doc, own) === null, 'the guest deletes their own note');
		expect(listSections(await onServer(board, (d) => d)).length).toBe(8);
	});

	it('lets guests change others’ notes once a facilitator allows it, and never lets a guest allow it', async () => {
		const board = fx.boards.ideate;
		const guest = await guestOf(board, 'น้องฟ้า');
		const facilitator = client(board, fx.facilitator.cookie);
		const visitor = client(board, guest.cookie);
		await Promise.all([facilitator.synced(), visitor.synced()]);
		const theirs = addNote(facilitator.doc, { text: 'ของผู้นำ', author: fx.facilitator.id, x: 0, y: 0 });
		await until(() => getNote(visitor.doc, theirs) !== null, 'the guest has it');

		const undone = nextRemoteUpdate(visitor);
		setGuestsEditAll(visitor.doc, true);
		await undone;
		await until(() => !guestsEditAll(visitor.doc), 'the guest’s copy is put back');

		setGuestsEditAll(facilitator.doc, true);
		await until(() => guestsEditAll(visitor.doc), 'the guest sees the setting');
		updateNote(visitor.doc, theirs, { x: 700 });
		await until(() => getNote(facilitator.doc, theirs)?.x === 700, 'the guest moves the facilitator’s note');
		expect(await onServer(board, (d) => getNote(d, theirs)?.author)).toBe(fx.facilitator.id);
	});
});
