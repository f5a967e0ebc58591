/**
 * What the collab hub withstands, measured on the production server (a child process): the
 * attacks of issue 8 ("Boards: bounds"), each as an attacker would run it.
 *
 * - schema: a guest writes made-up top-level entries (60 KB each, 4 a second on each of 8
 *   sockets, under the per-connection rate limit) for 10 s: bytes sent, bytes the board stored.
 * - memory: 10 sockets ask 40 times each for the whole board (a Test board with 3,000 notes,
 *   0.7 MB) and never read. The rate limit alone stops a socket after three answers, so this runs
 *   on a second server with it out of the way, to measure back-pressure on its own (an attacker
 *   with many sockets gets the same). The server's RSS before, at its peak, and after they closed.
 * - sockets: one session opens 600 sockets at once: how many the server takes.
 * - history: a busy board (12 people adding, moving and deleting notes, 2,000 notes at the
 *   end, 60 versions asked for): how much history it keeps.
 *
 * Needs a build. `npm run bench -- collab-attacks`
 */
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { addNote, findSectionByKey } from '../src/lib/board/index.ts';
import { openDatabase } from '../src/lib/server/db/open.ts';
import { changeStoredBoard } from '../src/lib/server/collab/stored-board.ts';
import { formatJoinCode, openJoinCode, redeemJoinCode } from '../src/lib/server/guests/join-codes.ts';
import { startAppServer, type AppServer } from '../tests/helpers/app-server.ts';
import { demoBoardSession } from '../tests/integration/collab-harness.ts';

process.setMaxListeners(1000);
const EXTRA_NOTES = 3_000;

function rssMB(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

function syncMessage(write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	write(e);
	return encoding.toUint8Array(e);
}

/** A raw socket on a board: resolves once open, or with the refusal's HTTP status. */
function open(url: string, headers: Record<string, string>): Promise<{ ws: WebSocket | null; status: number }> {
	return new Promise((resolve) => {
		const ws = new WebSocket(url, { headers });
		ws.on('unexpected-response', (_req, res) => {
			resolve({ ws: null, status: res.statusCode ?? 0 });
			ws.terminate();
		});
		ws.on('open', () => resolve({ ws, status: 101 }));
		ws.on('error', () => resolve({ ws: null, status: 0 }));
	});
}

async function storedBytes(databasePath: string, boardId: string): Promise<number> {
	const db = openDatabase(databasePath);
	try {
		const updates = await db.selectFrom('board_updates').select('data').where('board_id', '=', boardId).execute();
		const snapshot = await db.selectFrom('board_snapshots').select('state').where('board_id', '=', boardId).executeTakeFirst();
		return updates.reduce((sum, u) => sum + u.data.byteLength, 0) + (snapshot?.state.byteLength ?? 0);
	} finally {
		await db.destroy();
	}
}

// A database with the demo, and 3,000 notes on the demo's Test board.
const first = await startAppServer();
const test = await demoBoardSession(first.databasePath, 'facilitator@prachalab.test', 'test');
const ideate = await demoBoardSession(first.databasePath, 'facilitator@prachalab.test', 'ideate');
await first.stop();
{
	const db = openDatabase(first.databasePath);
	await changeStoredBoard(db, test.boardId, (doc) => {
		const worked = findSectionByKey(doc, 'test_worked');
		for (let i = 0; i < EXTRA_NOTES; i++) {
			addNote(doc, {
				text: `ข้อสังเกตที่ ${i + 1}: ผู้มาติดต่อชอบบัตรคิวที่บอกเวลารอโดยประมาณ`,
				x: 3000 + (i % 60) * 200,
				y: Math.floor(i / 60) * 160,
				section: i < 20 ? worked?.id : undefined,
				author: 'bench'
			});
		}
	});
	await db.destroy();
}

let server: AppServer | null = null;
let open2: AppServer | null = null;
try {
	server = await startAppServer({ databasePath: first.databasePath });
	const collab = `ws://localhost:${server.port}/collab`;
	const origin = server.url;
	const { cookie } = await demoBoardSession(server.databasePath, 'facilitator@prachalab.test', 'test');

	// 1. A guest writes made-up top-level entries, reconnecting whenever the server closes a socket.
	{
		const db = openDatabase(server.databasePath);
		const facilitator = await db.selectFrom('users').select('id').where('email', '=', 'facilitator@prachalab.test').executeTakeFirstOrThrow();
		const { code } = await openJoinCode(db, ideate.boardId, facilitator.id, 60 * 60_000);
		const guest = await redeemJoinCode(db, { code: formatJoinCode(code), name: 'ผู้บุกรุก' });
		await db.destroy();
		const headers = { origin, cookie: `guest=${guest!.token}` };
		const before = await storedBytes(server.databasePath, ideate.boardId);
		let sent = 0;
		let closed = 0;
		let stopped = false;
		const live = new Set<WebSocket>();
		const attacker = async (s: number) => {
			const doc = new Y.Doc();
			let n = 0;
			while (!stopped) {
				const { ws } = await open(`${collab}/${ideate.boardId}`, headers);
				if (!ws) {
					await wait(250);
					continue;
				}
				live.add(ws);
				ws.on('close', () => {
					live.delete(ws);
					if (!stopped) closed++;
				});
				while (!stopped && ws.readyState === WebSocket.OPEN) {
					let update: Uint8Array | null = null;
					doc.once('update', (u: Uint8Array) => (update = u));
					doc.getMap(`x${s}_${n++}`).set('v', 'ก'.repeat(20_000));
					const message = syncMessage((e) => syncProtocol.writeUpdate(e, update!));
					ws.send(message);
					sent += message.byteLength;
					await wait(250);
				}
			}
		};
		const attackers = Array.from({ length: 8 }, (_, s) => attacker(s));
		await wait(10_000);
		stopped = true;
		for (const ws of live) ws.terminate();
		await Promise.all(attackers);
		await wait(500);
		const after = await storedBytes(server.databasePath, ideate.boardId);
		console.log(`schema: a guest on 8 sockets (reconnecting when closed) sent ${mib(sent)} of made-up top-level entries in 10 s;`);
		console.log(
			`  the board stored ${mib(after - before)} of it, refused ${mib(Math.max(0, sent - (after - before)))}; sockets the server closed: ${closed}`
		);
	}

	// 3. One session opens 600 sockets.
	{
		const headers = { origin, cookie };
		const results = await Promise.all(Array.from({ length: 600 }, () => open(`${collab}/${test.boardId}`, headers)));
		const opened = results.filter((r) => r.status === 101).length;
		const refused = new Map<number, number>();
		for (const r of results) if (r.status !== 101) refused.set(r.status, (refused.get(r.status) ?? 0) + 1);
		console.log(`sockets: one session asked for 600: ${opened} opened, refused ${JSON.stringify(Object.fromEntries(refused))}`);
		for (const r of results) r.ws?.terminate();
	}
	await server.stop();
	server = null;

	// 2. Ten sockets ask for the whole board and never read (rate limits out of the way).
	open2 = await startAppServer({
		databasePath: first.databasePath,
		env: { COLLAB_BYTE_BURST: String(1 << 30), COLLAB_BYTES_PER_SECOND: String(1 << 30) }
	});
	{
		const pid = open2.child.pid!;
		const url = `ws://localhost:${open2.port}/collab/${test.boardId}`;
		const headers = { origin: open2.url, cookie };
		const warm = await open(url, headers);
		await wait(1000);
		const before = rssMB(pid);
		const sockets = (await Promise.all(Array.from({ length: 10 }, () => open(url, headers)))).flatMap((s) => (s.ws ? [s.ws] : []));
		const request = syncMessage((e) => {
			encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
			encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
		});
		for (const ws of sockets) {
			(ws as unknown as { _socket: { pause(): void } })._socket.pause();
			for (let i = 0; i < 40; i++) ws.send(request);
		}
		let peak = before;
		for (let i = 0; i < 50; i++) {
			await wait(200);
			peak = Math.max(peak, rssMB(pid));
		}
		const stillOpen = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length;
		for (const ws of sockets) ws.terminate();
		warm.ws?.terminate();
		await wait(5000);
		const after = rssMB(pid);
		console.log(`memory: 10 sockets asking 40 times each for a board of ${EXTRA_NOTES} notes, never reading (${stillOpen} open after 10 s):`);
		console.log(`  server RSS ${before.toFixed(0)} MB before, ${peak.toFixed(0)} MB at the peak, ${after.toFixed(0)} MB 5 s after they closed`);
	}
} finally {
	await server?.stop();
	await open2?.stop();
	first.cleanup();
}
