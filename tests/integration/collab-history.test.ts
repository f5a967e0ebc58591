/**
 * Vandalism is recoverable (issue 8): the server keeps versions of a board (now and then while
 * it changes, always before a large deletion, bounded per board) and a trash of deleted notes;
 * facilitators restore a version or single notes as forward changes every client receives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { inflateRawSync } from 'node:zlib';
import * as Y from 'yjs';
import { addNote, boardRoots, deleteNotes, findSectionByKey, listNotes, listSections, updateNote } from '../../src/lib/board/index.ts';
import {
	createBoardHistory,
	forgetNotesInHistory,
	historySize,
	listTrash,
	listVersions,
	type HistoryLimits
} from '../../src/lib/server/collab/history.ts';
import { previewVersion, restoreFromTrash, restoreVersion } from '../../src/lib/server/collab/restore.ts';
import { formatJoinCode, openJoinCode, redeemJoinCode } from '../../src/lib/server/guests/join-codes.ts';
import { guestUserId } from '../../src/lib/server/guests/guest-session.ts';
import { removeBoardNotes } from '../../src/lib/server/feedback/to-board.ts';
import { freshDatabase } from '../helpers/db.ts';
import { connectClient, makeBoardFixture, startCollabServer, until, type BoardFixture, type Client, type CollabServer } from './collab-harness.ts';

let server: CollabServer;
let fx: BoardFixture;
const clients: Client[] = [];
let clock = 1_700_000_000_000;

/** A server whose history runs on a clock the test moves. */
async function start(limits?: Partial<HistoryLimits>) {
	const db = await freshDatabase();
	const history = createBoardHistory(
		db,
		{ versionEveryMs: 5 * 60_000, maxVersions: 50, maxVersionBytes: 16 << 20, maxTrash: 500, ...limits },
		() => clock
	);
	server = await startCollabServer({ db, accessRecheckMs: 60_000, history });
	fx = await makeBoardFixture(server.db);
}

/** Waits until the server's copy of the board has `count` notes (and everything before is done). */
async function serverHas(board: string, count: number): Promise<void> {
	const deadline = Date.now() + 10_000;
	while ((await server.hub.readBoard(board, (doc) => listNotes(doc).length)) !== count) {
		if (Date.now() > deadline) throw new Error(`timed out waiting until the server has ${count} notes`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

function client(boardId: string, cookie: string): Client {
	const c = connectClient(server.collabUrl, boardId, { cookie, origin: server.origin });
	clients.push(c);
	return c;
}

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await server.close();
});

const texts = (doc: Y.Doc) =>
	listNotes(doc)
		.map((n) => n.text)
		.sort();

/** An Ideate board with 24 notes in its 8 sections, written by the facilitator. */
async function workedBoard(facilitator: Client): Promise<string[]> {
	const sections = listSections(facilitator.doc);
	const ids: string[] = [];
	facilitator.doc.transact(() => {
		for (let i = 0; i < 24; i++)
			ids.push(addNote(facilitator.doc, { text: `ไอเดีย ${i + 1}`, section: sections[i % 8]!.id, author: fx.facilitator.id }));
	});
	return ids;
}

describe('a board’s history', () => {
	it('keeps the board from before a member wiped it, and its notes in the trash; the facilitator restores it and everyone sees it return', async () => {
		await start();
		const board = fx.boards.ideate;
		const facilitator = client(board, fx.facilitator.cookie);
		const member = client(board, fx.member.cookie);
		await Promise.all([facilitator.synced(), member.synced()]);
		await workedBoard(facilitator);
		await until(() => listNotes(member.doc).length === 24, 'the member has the 24 notes');
		const before = texts(member.doc);

		// Everything, notes and sections, in one update.
		member.doc.transact(() => {
			deleteNotes(
				member.doc,
				listNotes(member.doc).map((n) => n.id)
			);
			for (const id of [...boardRoots(member.doc).sections.keys()]) boardRoots(member.doc).sections.delete(id);
		});
		await until(() => listNotes(facilitator.doc).length === 0 && listSections(facilitator.doc).length === 0, 'the wipe reaches everyone');
		// Everyone leaves: the board is compacted and unloaded.
		for (const c of clients.splice(0)) c.destroy();
		await until(() => server.hub.stats().boards === 0, 'the board is unloaded');

		const versions = await listVersions(server.db, board);
		const saved = versions.find((v) => v.reason === 'before-deletion')!;
		expect(saved).toMatchObject({ by: { id: fx.member.id, name: fx.member.name }, notes: 24, sections: 8 });
		const trash = await listTrash(server.db, board);
		expect(trash).toHaveLength(24);
		expect(trash.every((t) => t.deletedBy.id === fx.member.id && t.note.author === fx.facilitator.id)).toBe(true);

		// The facilitator looks first (read-only), then restores; someone else is watching.
		const watcher = client(board, fx.member.cookie);
		await watcher.synced();
		const preview = await previewVersion(server.db, server.hub, board, saved.id);
		expect(preview).toMatchObject({ compared: { comeBack: 24, go: 0, changeBack: 0 } });
		expect(preview!.notes.map((n) => n.text).sort()).toEqual(before);
		expect(preview!.sections).toHaveLength(8);
		expect(listNotes(watcher.doc)).toHaveLength(0);

		const result = await restoreVersion(server.db, server.hub, board, saved.id, { id: fx.facilitator.id, name: fx.facilitator.name });
		expect(result).toMatchObject({ added: 24, changed: 0, removed: [], sections: 8 });
		await until(() => listNotes(watcher.doc).length === 24 && listSections(watcher.doc).length === 8, 'the watcher sees the board return');
		expect(texts(watcher.doc)).toEqual(before);
		expect(listNotes(watcher.doc).every((n) => n.author === fx.facilitator.id)).toBe(true);
		// The restore can itself be undone: the board as it was just before is a version too.
		expect((await listVersions(server.db, board)).map((v) => v.reason)).toContain('before-restore');
	});

	it('keeps every note a person deleted, a few at a time, and brings single ones back', async () => {
		await start();
		const board = fx.boards.ideate;
		const { code } = await openJoinCode(server.db, board, fx.facilitator.id, 60 * 60_000);
		const redeemed = await redeemJoinCode(server.db, { code: formatJoinCode(code), name: 'แขกรับเชิญ' });
		const facilitator = client(board, fx.facilitator.cookie);
		const guest = client(board, `guest=${redeemed!.token}`);
		await Promise.all([facilitator.synced(), guest.synced()]);
		const guestId = guestUserId(redeemed!.guestId);
		const ids = ['หนึ่ง', 'สอง', 'สาม'].map((text) => addNote(guest.doc, { text, author: guestId }));
		await until(() => listNotes(facilitator.doc).length === 3, 'the notes arrive');
		updateNote(guest.doc, ids[1]!, { text: 'สอง (แก้แล้ว)', x: 333 });
		deleteNotes(guest.doc, [ids[0]!]);
		deleteNotes(guest.doc, [ids[1]!]);
		await until(() => listNotes(facilitator.doc).length === 1, 'the deletions arrive');

		// The trash is written just after the deletion is relayed: wait for it rather than race it.
		await expect
			.poll(async () => (await listTrash(server.db, board)).map((t) => [t.note.text, t.deletedBy.name]), { timeout: 10_000, interval: 20 })
			.toEqual(
				expect.arrayContaining([
					['หนึ่ง', 'แขกรับเชิญ'],
					['สอง (แก้แล้ว)', 'แขกรับเชิญ']
				])
			);
		const trash = await listTrash(server.db, board);
		const second = trash.find((t) => t.note.id === ids[1])!;
		expect(await restoreFromTrash(server.db, server.hub, board, [second.id])).toBe(1);
		await until(() => listNotes(guest.doc).some((n) => n.id === ids[1]), 'the note is back for the guest');
		expect(listNotes(guest.doc).find((n) => n.id === ids[1])).toMatchObject({ text: 'สอง (แก้แล้ว)', x: 333, author: guestId });
		// Out of the trash once back; the other stays.
		expect((await listTrash(server.db, board)).map((t) => t.note.text)).toEqual(['หนึ่ง']);
		// The guest may change their note again: it is still theirs.
		updateNote(guest.doc, ids[1]!, { text: 'สอง (อีกครั้ง)' });
		await until(() => listNotes(facilitator.doc).some((n) => n.text === 'สอง (อีกครั้ง)'), 'the guest edits it');
	});

	it('saves a version now and then while the board changes, none while it is quiet, and stays within its bounds', async () => {
		await start({ maxVersions: 6 });
		const board = fx.boards.ideate;
		const facilitator = client(board, fx.facilitator.cookie);
		await facilitator.synced();
		const began = clock;
		for (let minute = 0; minute < 120; minute++) {
			clock += 60_000;
			if (minute % 30 >= 20) continue; // ten quiet minutes every half hour
			addNote(facilitator.doc, { text: `นาทีที่ ${minute}`, author: fx.facilitator.id });
			await serverHas(board, listNotes(facilitator.doc).length);
		}
		const versions = await listVersions(server.db, board);
		expect(versions).toHaveLength(6);
		const times = versions.map((v) => v.createdAt).sort((a, b) => a - b);
		// Thinned with age: the newest close together, older ones farther apart.
		expect(times.at(-1)! - times.at(-2)!).toBeLessThan(times[1]! - times[0]!);
		expect(versions.every((v) => v.reason === 'periodic')).toBe(true);
		// Saved as the board changed, never in its quiet minutes.
		expect(versions.every((v) => ((v.createdAt - began) / 60_000 - 1) % 30 < 20)).toBe(true);
	});

	it('forgets notes for good: gone from the trash and from every version', async () => {
		await start();
		const board = fx.boards.test;
		const facilitator = client(board, fx.facilitator.cookie);
		await facilitator.synced();
		const secret = 'บ้านเลขที่ 99/1 ซอยลับ';
		let citizen = '';
		await server.hub.changeBoard(board, (doc) => {
			citizen = addNote(doc, { text: secret, author: 'feedback', source: { kind: 'feedback', id: 'r1' } });
			for (let i = 0; i < 5; i++) addNote(doc, { text: `อื่น ${i}`, author: fx.facilitator.id });
		});
		await until(() => listNotes(facilitator.doc).length === 6, 'the notes arrive');
		// Deleted together with others: a version before it and the trash both hold the text.
		deleteNotes(
			facilitator.doc,
			listNotes(facilitator.doc).map((n) => n.id)
		);
		await serverHas(board, 0);
		const holds = async () => {
			const versions = await server.db.selectFrom('board_versions').select('state').where('board_id', '=', board).execute();
			const trash = await server.db.selectFrom('board_trash').select('note').where('board_id', '=', board).execute();
			return versions.some((v) => Buffer.from(inflateRawSync(v.state)).includes(secret)) || trash.some((t) => t.note.includes(secret));
		};
		expect(await holds()).toBe(true);
		await forgetNotesInHistory(server.db, board, [citizen]);
		expect(await holds()).toBe(false);
		expect((await historySize(server.db, board)).trash).toBe(5);
	});

	it('forgets a withdrawn response’s note in the history too, when its notes leave the board', async () => {
		await start();
		const board = fx.boards.test;
		const member = client(board, fx.member.cookie);
		await member.synced();
		const words = 'ม้าลายสีชมพูกระโดดข้ามรั้ว zebrafjordquux';
		let citizen = '';
		await server.hub.changeBoard(board, (doc) => {
			citizen = addNote(doc, { text: words, author: 'feedback', source: { kind: 'feedback', id: 'r1' } });
			for (let i = 0; i < 5; i++) addNote(doc, { text: `อื่น ${i}`, author: fx.facilitator.id });
		});
		await until(() => listNotes(member.doc).length === 6, 'the notes arrive');
		// A member clears the board (a version before it, the notes in the trash), and it is restored.
		deleteNotes(
			member.doc,
			listNotes(member.doc).map((n) => n.id)
		);
		await serverHas(board, 0);
		const saved = (await listVersions(server.db, board)).find((v) => v.reason === 'before-deletion')!;
		await restoreVersion(server.db, server.hub, board, saved.id, { id: fx.facilitator.id, name: fx.facilitator.name });
		await serverHas(board, 6);
		const held = async () => {
			const versions = await server.db.selectFrom('board_versions').select('state').where('board_id', '=', board).execute();
			const trash = await server.db.selectFrom('board_trash').select('note').where('board_id', '=', board).execute();
			return versions.filter((v) => Buffer.from(inflateRawSync(v.state)).includes(words)).length + trash.filter((t) => t.note.includes(words)).length;
		};
		expect(await held()).toBeGreaterThan(0);

		// The citizen withdraws: feedback/to-board.ts takes the note off the board, and out of its history.
		await removeBoardNotes(server.hub, [{ boardId: board, noteId: citizen }]);
		expect(await held()).toBe(0);
		await until(() => !listNotes(member.doc).some((n) => n.id === citizen), 'the note leaves the member’s board');
	});

	it('keeps a busy board’s history bounded in count and bytes', async () => {
		await start({ maxVersions: 50, maxVersionBytes: 64 * 1024, versionEveryMs: 1 });
		const board = fx.boards.ideate;
		const facilitator = client(board, fx.facilitator.cookie);
		await facilitator.synced();
		const brainstorm = findSectionByKey(facilitator.doc, 'brainstorm')!;
		for (let i = 0; i < 60; i++) {
			clock += 1000;
			facilitator.doc.transact(() => {
				for (let k = 0; k < 10; k++)
					addNote(facilitator.doc, { text: `${i}/${k} ${'ง'.repeat(40)}`, section: brainstorm.id, author: fx.facilitator.id });
			});
			await serverHas(board, (i + 1) * 10);
		}
		const size = await historySize(server.db, board);
		expect(size.versions).toBeGreaterThan(3);
		expect(size.versionBytes).toBeLessThanOrEqual(64 * 1024);
	});
});
