/**
 * Comments on notes and quick reactions (issue 10): the hub keeps every comment under its
 * writer's name and in its author's hands, every reaction the reactor's own, and closes both to
 * guests when the facilitator says so and to participants in anonymous mode.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addComment,
	addNote,
	boardRoots,
	deleteComment,
	editComment,
	MAX_COMMENT_TEXT,
	reactionKey,
	readComments,
	readReactions,
	setGuestsMayComment,
	toggleReaction
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

/** Runs `attempt` on `c` and waits for the server's undo of it to come back. */
async function refused(c: Client, attempt: (doc: Y.Doc) => void): Promise<void> {
	const undone = nextRemoteUpdate(c);
	c.doc.transact(() => attempt(c.doc));
	await undone;
}

const onServer = <T>(board: string, read: (doc: Y.Doc) => T) => server.hub.readBoard(board, read);
const serverComments = (board: string) => onServer(board, (d) => [...readComments(d).values()]);

/** A board with a note by the facilitator, the facilitator and the member connected. */
async function boardWithNote(board: string) {
	const facilitator = client(board, fx.facilitator.cookie);
	const member = client(board, fx.member.cookie);
	await Promise.all([facilitator.synced(), member.synced()]);
	const noteId = addNote(facilitator.doc, { text: 'ป้ายรถเมล์ไม่มีหลังคา', author: fx.facilitator.id });
	await until(() => member.doc.getArray('noteOps').length > 0, 'the member has the note');
	return { facilitator, member, noteId };
}

beforeEach(async () => {
	server = await startCollabServer({ accessRecheckMs: 60_000 });
	fx = await makeBoardFixture(server.db);
});

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await server.close();
});

describe('comments', () => {
	it('relays a comment with a mention and a reply live, each under its writer’s name', async () => {
		const board = fx.boards.empathize;
		const { facilitator, member, noteId } = await boardWithNote(board);
		const first = addComment(facilitator.doc, { noteId, author: fx.facilitator.id, text: '@วิชัย ลองถามผู้โดยสารดู', mentions: [fx.member.id] });
		await until(() => readComments(member.doc).has(first), 'the member sees the comment');
		expect(readComments(member.doc).get(first)).toMatchObject({ author: fx.facilitator.id, mentions: [fx.member.id], noteId });
		const reply = addComment(member.doc, { noteId, author: fx.member.id, text: 'ได้ครับ', replyTo: first });
		await until(() => readComments(facilitator.doc).get(reply)?.replyTo === first, 'the facilitator sees the reply');
		expect((await serverComments(board)).map((c) => c.text)).toEqual(['@วิชัย ลองถามผู้โดยสารดู', 'ได้ครับ']);
	});

	it('undoes a comment written under someone else’s name, and tells the writer', async () => {
		const board = fx.boards.ideate;
		const { member, noteId } = await boardWithNote(board);
		const notices = collectNotices(member);
		await refused(member, (doc) => addComment(doc, { noteId, author: fx.facilitator.id, text: 'ปิดประชุม' }));
		await until(() => readComments(member.doc).size === 0, 'the member’s copy drops the forged comment');
		expect(await serverComments(board)).toEqual([]);
		expect(notices).toEqual(['prachalab:comments']);
	});

	it('lets only its author edit a comment, its author or a facilitator delete it, and nobody move or revive it', async () => {
		const board = fx.boards.prototype;
		const { facilitator, member, noteId } = await boardWithNote(board);
		const other = addNote(member.doc, { text: 'อีกโน้ต', author: fx.member.id });
		const id = addComment(member.doc, { noteId, author: fx.member.id, text: 'ความเห็นของวิชัย' });
		await until(() => readComments(facilitator.doc).has(id), 'the facilitator sees it');

		await refused(facilitator, (doc) => editComment(doc, id, 'แก้โดยคนอื่น', []));
		await refused(facilitator, (doc) => boardRoots(doc).comments.push([{ id, noteId: other }]));
		await refused(member, (doc) => boardRoots(doc).comments.push([{ id, created: 5 }]));
		expect((await serverComments(board)).map((c) => [c.text, c.noteId, c.edited > 0])).toEqual([['ความเห็นของวิชัย', noteId, false]]);

		editComment(member.doc, id, 'ความเห็นของวิชัย (แก้)', []);
		await until(() => readComments(facilitator.doc).get(id)?.text === 'ความเห็นของวิชัย (แก้)', 'the author’s edit arrives');

		deleteComment(facilitator.doc, id);
		await until(() => readComments(member.doc).get(id)?.deleted !== 0, 'the facilitator’s deletion arrives');
		const [gone] = await serverComments(board);
		expect(gone).toMatchObject({ id, text: '', author: fx.member.id });
		expect(gone!.deleted).toBeGreaterThan(0);
		// The text left the log with its ops: only the tombstone remains.
		expect(await onServer(board, (d) => JSON.stringify(boardRoots(d).comments.toJSON()))).not.toContain('ความเห็นของวิชัย');

		await refused(member, (doc) => boardRoots(doc).comments.push([{ id, deleted: 0, text: 'กลับมาแล้ว' }]));
		expect((await serverComments(board))[0]!.deleted).toBeGreaterThan(0);
	});

	it('refuses a member deleting someone else’s comment', async () => {
		const board = fx.boards.test;
		const { facilitator, member, noteId } = await boardWithNote(board);
		const id = addComment(facilitator.doc, { noteId, author: fx.facilitator.id, text: 'ของผู้นำกระบวนการ' });
		await until(() => readComments(member.doc).has(id), 'the member sees it');
		const notices = collectNotices(member);
		await refused(member, (doc) => deleteComment(doc, id));
		expect((await serverComments(board)).map((c) => [c.text, c.deleted])).toEqual([['ของผู้นำกระบวนการ', 0]]);
		await until(() => readComments(member.doc).get(id)?.deleted === 0, 'the member’s copy has it back');
		expect(notices).toEqual(['prachalab:comments']);
	});

	it('refuses a text over the limit, an empty one and a comment on no note', async () => {
		const board = fx.boards.empathize;
		const { member, noteId } = await boardWithNote(board);
		const at = Date.now();
		await refused(member, (doc) =>
			boardRoots(doc).comments.push([{ id: 'long', noteId, author: fx.member.id, text: 'ก'.repeat(MAX_COMMENT_TEXT + 1), created: at }])
		);
		await refused(member, (doc) => boardRoots(doc).comments.push([{ id: 'empty', noteId, author: fx.member.id, text: '   ', created: at }]));
		await refused(member, (doc) =>
			boardRoots(doc).comments.push([{ id: 'nowhere', noteId: 'nonote', author: fx.member.id, text: 'ไม่มีโน้ต', created: at }])
		);
		expect(await serverComments(board)).toEqual([]);
		// Exactly the limit is fine.
		const id = addComment(member.doc, { noteId, author: fx.member.id, text: 'ข'.repeat(MAX_COMMENT_TEXT) });
		await until(async () => (await serverComments(board)).some((c) => c.id === id), 'the longest allowed comment is kept');
	});

	it('never relays or keeps a viewer’s comment or reaction', async () => {
		const board = fx.boards.ideate;
		const { member, noteId } = await boardWithNote(board);
		const viewer = client(board, fx.viewer.cookie);
		await viewer.synced();
		await until(() => viewer.doc.getArray('noteOps').length > 0, 'the viewer reads the note');
		addComment(viewer.doc, { noteId, author: fx.viewer.id, text: 'ผู้ชมเขียน' });
		toggleReaction(viewer.doc, noteId, '👍', fx.viewer.id);
		// A marker from the member after the viewer's writes: once it arrives, so would have they.
		const marker = addComment(member.doc, { noteId, author: fx.member.id, text: 'marker' });
		const fresh = client(board, fx.facilitator.cookie);
		await fresh.synced();
		await until(() => readComments(fresh.doc).has(marker), 'the marker');
		expect([...readComments(fresh.doc).values()].map((c) => c.text)).toEqual(['marker']);
		expect(readReactions(fresh.doc).size).toBe(0);
		expect((await serverComments(board)).map((c) => c.text)).toEqual(['marker']);
	});

	it('closes comments and reactions to participants while notes are anonymous, not to facilitators', async () => {
		const board = fx.boards.ideate;
		const { facilitator, member, noteId } = await boardWithNote(board);
		await server.hub.changeBoard(board, (doc) => boardRoots(doc).meta.set('anonymousNotes', true));
		await until(() => boardRoots(member.doc).meta.get('anonymousNotes') === true, 'the member hears of the mode');
		const notices = collectNotices(member);
		await refused(member, (doc) => addComment(doc, { noteId, author: fx.member.id, text: 'ชื่อฉันจะติดไป' }));
		await refused(member, (doc) => toggleReaction(doc, noteId, '💡', fx.member.id));
		expect(notices).toEqual(['prachalab:comments-closed', 'prachalab:comments-closed']);
		const id = addComment(facilitator.doc, { noteId, author: fx.facilitator.id, text: 'ผู้นำกระบวนการยังเขียนได้' });
		await until(async () => (await serverComments(board)).some((c) => c.id === id), 'the facilitator’s comment is kept');
		expect((await serverComments(board)).map((c) => c.author)).toEqual([fx.facilitator.id]);
		expect(await onServer(board, (d) => readReactions(d).size)).toBe(0);
	});
});

describe('reactions', () => {
	it('relays my reaction and its removal, and undoes one under someone else’s id', async () => {
		const board = fx.boards.test;
		const { facilitator, member, noteId } = await boardWithNote(board);
		toggleReaction(member.doc, noteId, '❤️', fx.member.id);
		await until(() => readReactions(facilitator.doc).get(noteId)?.get('❤️')?.has(fx.member.id) === true, 'the facilitator sees the reaction');

		const notices = collectNotices(member);
		await refused(member, (doc) => boardRoots(doc).reactions.set(reactionKey(noteId, '🎉', fx.facilitator.id), 1));
		await refused(member, (doc) => boardRoots(doc).reactions.set(`${noteId}:🐍:${fx.member.id}`, 1));
		expect(notices).toEqual(['prachalab:reactions', 'prachalab:reactions']);
		expect(await onServer(board, (d) => [...boardRoots(d).reactions.keys()])).toEqual([reactionKey(noteId, '❤️', fx.member.id)]);

		// Taking back someone else's reaction is refused too; my own comes off.
		toggleReaction(facilitator.doc, noteId, '👍', fx.facilitator.id);
		await until(() => readReactions(member.doc).get(noteId)?.get('👍')?.size === 1, 'the facilitator’s reaction arrives');
		await refused(member, (doc) => toggleReaction(doc, noteId, '👍', fx.facilitator.id));
		toggleReaction(member.doc, noteId, '❤️', fx.member.id);
		await until(async () => (await onServer(board, (d) => [...boardRoots(d).reactions.keys()])).length === 1, 'my reaction comes off');
		expect(await onServer(board, (d) => [...boardRoots(d).reactions.keys()])).toEqual([reactionKey(noteId, '👍', fx.facilitator.id)]);
	});
});

describe('guests', () => {
	it('lets a guest comment and react by default, refuses them once the facilitator turns it off, and again accepts when on', async () => {
		const board = fx.boards.empathize;
		const { facilitator, noteId } = await boardWithNote(board);
		const guest = await guestOf(board, 'ป้าแดง');
		const visitor = client(board, guest.cookie);
		await visitor.synced();
		await until(() => visitor.doc.getArray('noteOps').length > 0, 'the guest reads the note');

		const before = addComment(visitor.doc, { noteId, author: guest.userId, text: 'ควรมีที่นั่ง' });
		await until(() => readComments(facilitator.doc).has(before), 'the guest’s comment arrives');

		facilitator.doc.transact(() => setGuestsMayComment(facilitator.doc, false));
		await until(() => boardRoots(visitor.doc).meta.get('guestsComment') === false, 'the guest hears comments are off');
		const notices = collectNotices(visitor);
		await refused(visitor, (doc) => addComment(doc, { noteId, author: guest.userId, text: 'ปิดแล้ว' }));
		await refused(visitor, (doc) => toggleReaction(doc, noteId, '👍', guest.userId));
		expect(notices).toEqual(['prachalab:comments-closed', 'prachalab:comments-closed']);
		expect((await serverComments(board)).map((c) => c.text)).toEqual(['ควรมีที่นั่ง']);

		facilitator.doc.transact(() => setGuestsMayComment(facilitator.doc, true));
		await until(() => boardRoots(visitor.doc).meta.get('guestsComment') === undefined, 'the guest hears comments are on');
		toggleReaction(visitor.doc, noteId, '👍', guest.userId);
		await until(() => readReactions(facilitator.doc).get(noteId)?.get('👍')?.has(guest.userId) === true, 'the guest’s reaction arrives');
	});
});
