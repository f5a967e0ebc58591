/**
 * Big boards on the server (issue 14, target 4): what a loaded 10,000-note board costs the hub in
 * memory, so how many fit in 24 GiB; and what 100,000 edits do to a board's stored log and
 * snapshot, with the hub's compaction folding the log. Needs a build. `npm run bench -- big-board`
 *
 *   BIG_BOARD_COUNT=20     boards of 10,000 notes loaded together
 *   BIG_BOARD_EDITS=100000 edits (moves and text changes) made to one of them
 */
import * as Y from 'yjs';
import { addNote, listNotes, NoteIndex, updateNotes } from '../src/lib/board/index.ts';
import { openDatabase } from '../src/lib/server/db/open.ts';
import { changeStoredBoard } from '../src/lib/server/collab/stored-board.ts';
import { createProject, listBoards } from '../src/lib/server/projects/projects.ts';
import { startAppServer } from '../tests/helpers/app-server.ts';
import { connectClient, demoBoardSession, until, type Client } from '../tests/integration/collab-harness.ts';
import { PROBE_PRELOAD, serverUsage } from './server-probe.ts';

const NOTES = 10_000;
const BOARDS = Number(process.env.BIG_BOARD_COUNT ?? 20);
const EDITS = Number(process.env.BIG_BOARD_EDITS ?? 100_000);
const MB = 1024 * 1024;
process.setMaxListeners(100);

const server = await startAppServer({
	preload: PROBE_PRELOAD,
	env: {
		NODE_OPTIONS: `--expose-gc${process.env.BIG_BOARD_PROFILE ? ` --cpu-prof --cpu-prof-dir=${process.env.BIG_BOARD_PROFILE}` : ''}`,
		// One client sends every edit: only the per-connection limits are raised past the load.
		COLLAB_MESSAGES_PER_SECOND: '1000000',
		COLLAB_MESSAGE_BURST: '1000000',
		COLLAB_BYTES_PER_SECOND: '1000000000',
		COLLAB_BYTE_BURST: '1000000000',
		COLLAB_MAX_BOARD_BYTES: String(512 * 1024 * 1024)
	}
});
const clients: Client[] = [];
try {
	const { cookie, userId } = await demoBoardSession(server.databasePath, 'facilitator@prachalab.test', 'ideate');
	const url = `ws://localhost:${server.port}/collab`;
	const db = openDatabase(server.databasePath);

	// The same 10,000 notes (as one update) stored into BOARDS fresh boards none has opened yet.
	const source = new Y.Doc();
	for (let i = 0; i < NOTES; i++) {
		addNote(source, {
			text: `ไอเดียที่ ${i + 1}: ลดเวลารอด้วยการนัดหมายล่วงหน้า`,
			x: (i % 100) * 200,
			y: Math.floor(i / 100) * 160,
			color: ['yellow', 'pink', 'blue', 'green'][i % 4],
			author: userId
		});
	}
	const notes = Y.encodeStateAsUpdate(source);
	const user = await db.selectFrom('users').select(['id', 'email', 'name', 'role']).where('id', '=', userId).executeTakeFirstOrThrow();
	const boards: string[] = [];
	while (boards.length < BOARDS) {
		const project = await createProject(
			db,
			{ title: `บอร์ดใหญ่ ${boards.length}`, challenge: 'บอร์ดใหญ่ที่มีโน้ตหนึ่งหมื่นใบ', agency: 'ห้องทดลอง', tags: '' },
			user as never
		);
		for (const board of await listBoards(db, project.id)) if (boards.length < BOARDS) boards.push(board.id);
	}
	for (const id of boards) await changeStoredBoard(db, id, (doc) => Y.applyUpdate(doc, notes));
	const stateBytes = notes.byteLength;

	// Memory: every board loaded by the hub, one client on each (the clients' own cost, about
	// 0.1 MB each in collab-memory.bench.ts, is in the figure: a loaded board has someone on it).
	const before = await serverUsage(server.child, true);
	const loadTimes: number[] = [];
	for (const id of boards) {
		const started = performance.now();
		const client = connectClient(url, id, { cookie, origin: server.url });
		await client.synced();
		loadTimes.push(performance.now() - started);
		clients.push(client);
	}
	if (listNotes(clients[0]!.doc).length < NOTES) throw new Error('a board did not arrive whole');
	const loaded = await serverUsage(server.child, true);
	const perBoard = {
		rss: (loaded.rss - before.rss) / BOARDS,
		heap: (loaded.heapUsed - before.heapUsed) / BOARDS,
		external: (loaded.external - before.external) / BOARDS
	};
	const fit = Math.floor((24 * 1024 * MB - before.rss) / perBoard.rss);
	loadTimes.sort((a, b) => a - b);
	console.log(
		`${BOARDS} boards of ${NOTES.toLocaleString('en')} notes (stored state ${(stateBytes / MB).toFixed(2)} MB each), Node ${process.version}:`
	);
	console.log(`  server before: RSS ${(before.rss / MB).toFixed(1)} MB, heap ${(before.heapUsed / MB).toFixed(1)} MB`);
	console.log(`  server with all loaded: RSS ${(loaded.rss / MB).toFixed(1)} MB, heap ${(loaded.heapUsed / MB).toFixed(1)} MB`);
	console.log(
		`  per loaded board: RSS ${(perBoard.rss / MB).toFixed(2)} MB, V8 heap ${(perBoard.heap / MB).toFixed(2)} MB, external ${(perBoard.external / MB).toFixed(2)} MB`
	);
	console.log(`  load + sync of one board (cold, from SQLite): median ${loadTimes[Math.floor(BOARDS / 2)]!.toFixed(0)} ms`);
	console.log(`  boards that fit in 24 GiB at that rate: ${fit.toLocaleString('en')}`);
	for (const client of clients.splice(1)) client.destroy();

	// 100,000 edits to one board, by one writer, watched by a second client; at every tenth the
	// board's stored log (rows and bytes since the last compaction) and its snapshot.
	const board = boards[0]!;
	const writer = clients[0]!;
	const watcher = connectClient(url, board, { cookie, origin: server.url });
	clients.push(watcher);
	await watcher.synced();
	const ids = listNotes(writer.doc).map((n) => n.id);
	const index = new NoteIndex(writer.doc);
	const stored = async () => {
		const log = await db
			.selectFrom('board_updates')
			.select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.sum<number>(eb.fn('length', ['data'])).as('bytes')])
			.where('board_id', '=', board)
			.executeTakeFirstOrThrow();
		const snapshot = await db
			.selectFrom('board_snapshots')
			.select((eb) => eb.fn('length', ['state']).as('bytes'))
			.where('board_id', '=', board)
			.executeTakeFirst();
		return { rows: Number(log.rows), logBytes: Number(log.bytes ?? 0), snapshotBytes: Number(snapshot?.bytes ?? 0) };
	};
	console.log(`\n${EDITS.toLocaleString('en')} edits to one of them (a move, or every fifth a text change, of a random note):`);
	console.log('  | edits | stored log rows | log | snapshot | the document (encoded) | server heap | edits/s |');
	console.log('  | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
	let seed = 1;
	const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
	let started = performance.now();
	for (let done = 0; done < EDITS;) {
		const id = ids[random(ids.length)]!;
		// As the browser edits: from its index of the notes, not a fold of the whole log each time.
		const patch = done % 5 === 4 ? { text: `แก้ครั้งที่ ${done}` } : { x: random(20_000), y: random(16_000) };
		updateNotes(writer.doc, new Map([[id, patch]]), index.notes);
		done++;
		if (done % 500 === 0) {
			// Flow control: the watcher has everything so far before the next 500 go.
			const target = Y.encodeStateVector(writer.doc);
			await until(() => Buffer.compare(Buffer.from(Y.encodeStateVector(watcher.doc)), Buffer.from(target)) === 0, 'the watcher to catch up', 60_000);
		}
		if (done % (EDITS / 10) === 0) {
			const rate = (EDITS / 10 / (performance.now() - started)) * 1000;
			const s = await stored();
			const usage = await serverUsage(server.child, true);
			console.log(
				`  | ${done.toLocaleString('en')} | ${s.rows.toLocaleString('en')} | ${(s.logBytes / MB).toFixed(2)} MB | ${(s.snapshotBytes / MB).toFixed(2)} MB | ` +
					`${(Y.encodeStateAsUpdate(watcher.doc).byteLength / MB).toFixed(2)} MB | ${(usage.heapUsed / MB).toFixed(0)} MB | ${rate.toFixed(0)} |`
			);
			started = performance.now();
		}
	}
	await db.destroy();
} finally {
	for (const client of clients) client.destroy();
	await server.stop();
	server.cleanup();
}
