/**
 * How much history a busy board keeps: a six-hour workshop day on one Ideate board, twelve people
 * (real y-websocket clients on an in-process hub) adding, moving, editing and deleting notes every
 * minute (the hub's history on a clock the bench moves), someone deleting thirty notes at once
 * every hour, ending near 3,000 notes (`MINUTES=…` for another length). The default limits: a version every 5 minutes while the
 * board changes, 50 versions or 16 MiB a board, 500 deleted notes. No build needed.
 * `npm run bench -- collab-history`
 */
import * as Y from 'yjs';
import { addNote, deleteNotes, listNotes, updateNote } from '../src/lib/board/index.ts';
import { createBoardHistory, DEFAULT_HISTORY_LIMITS, historySize, listVersions } from '../src/lib/server/collab/history.ts';
import { freshDatabase } from '../tests/helpers/db.ts';
import { connectClient, makeBoardFixture, startCollabServer, until, type Client } from '../tests/integration/collab-harness.ts';

const PEOPLE = 12;
const MINUTES = Number(process.env.MINUTES ?? 360);
process.setMaxListeners(100);

const startedAt = Date.UTC(2026, 10, 24, 2, 0, 0);
let clock = startedAt;
const db = await freshDatabase();
const server = await startCollabServer({ db, history: createBoardHistory(db, DEFAULT_HISTORY_LIMITS, () => clock) });
const fx = await makeBoardFixture(db);
const board = fx.boards.ideate;
const clients: Client[] = [];
try {
	for (let i = 0; i < PEOPLE; i++)
		clients.push(connectClient(server.collabUrl, board, { cookie: i % 2 ? fx.member.cookie : fx.facilitator.cookie, origin: server.origin }));
	await Promise.all(clients.map((c) => c.synced()));
	const authorOf = (i: number) => (i % 2 ? fx.member.id : fx.facilitator.id);
	let seed = 7;
	const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
	const started = performance.now();
	let updates = 0;
	for (let minute = 0; minute < MINUTES; minute++) {
		clock += 60_000;
		for (let i = 0; i < PEOPLE; i++) {
			const doc = clients[i]!.doc;
			const notes = listNotes(doc);
			const roll = random();
			if (roll < 0.72 || notes.length < 20)
				addNote(doc, {
					text: `ไอเดียนาทีที่ ${minute} จากคนที่ ${i}: ${'ลดเวลารอคิว '.repeat(1 + (minute % 4))}`,
					x: Math.round(random() * 4000),
					y: Math.round(random() * 3000),
					author: authorOf(i)
				});
			else if (roll < 0.9)
				updateNote(doc, notes[Math.floor(random() * notes.length)]!.id, { x: Math.round(random() * 4000), y: Math.round(random() * 3000) });
			else if (roll < 0.97) updateNote(doc, notes[Math.floor(random() * notes.length)]!.id, { text: `แก้แล้ว ${minute}` });
			else deleteNotes(doc, [notes[Math.floor(random() * notes.length)]!.id]);
			updates++;
		}
		if (minute % 60 === 59) {
			const doc = clients[0]!.doc;
			deleteNotes(
				doc,
				listNotes(doc)
					.slice(0, 30)
					.map((n) => n.id)
			);
			updates++;
		}
		// Every client has everything before the next minute (the server stored and relayed it all).
		const same = (a: Y.Doc, b: Y.Doc) => Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b)));
		await until(() => clients.every((c) => same(c.doc, clients[0]!.doc)), 'everyone in step', 30_000);
	}
	const notes = await server.hub.readBoard(board, (doc) => listNotes(doc).length);
	const state = await server.hub.readBoard(board, (doc) => Y.encodeStateAsUpdate(doc).byteLength);
	const size = await historySize(db, board);
	const versions = await listVersions(db, board);
	const trashBytes = (await db.selectFrom('board_trash').select('note').where('board_id', '=', board).execute()).reduce(
		(sum, t) => sum + Buffer.byteLength(t.note),
		0
	);
	const spread = versions.map((v) => Math.round((v.createdAt - startedAt) / 60_000));
	console.log(
		`a busy board: ${PEOPLE} people, ${MINUTES} minutes, ${updates} updates (${((performance.now() - started) / 1000).toFixed(1)} s to run)`
	);
	console.log(`  the board: ${notes} notes, ${(state / 1024).toFixed(0)} KiB stored state`);
	console.log(
		`  versions kept: ${size.versions} (${versions.filter((v) => v.reason === 'before-deletion').length} before a large deletion), ${(size.versionBytes / 1024).toFixed(0)} KiB deflated`
	);
	console.log(`  kept versions at minute: ${spread.reverse().join(', ')}`);
	console.log(`  trash: ${size.trash} notes, ${(trashBytes / 1024).toFixed(0)} KiB`);
} finally {
	for (const c of clients) c.destroy();
	await server.close();
}
