/**
 * Memory of the production server (a child process) with 100 clients connected to one board —
 * a large workshop — each showing presence (a cursor) and writing notes. Resident set size from
 * /proc, so it is the whole process: V8 heap, SQLite, sockets. Needs a build.
 * `npm run bench -- collab-memory`
 */
import { readFileSync } from 'node:fs';
import { addNote } from '../src/lib/board/index.ts';
import { startAppServer } from '../tests/helpers/app-server.ts';
import { connectClient, demoBoardSession, until, type Client } from '../tests/integration/collab-harness.ts';

const CLIENTS = 100;
process.setMaxListeners(CLIENTS + 20);

function rssMB(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

// 100 sockets from three accounts: past the per-user socket limit, which this is not about.
const server = await startAppServer({ env: { COLLAB_SOCKETS_PER_USER: '100' } });
const pid = server.child.pid!;
try {
	const url = `ws://localhost:${server.port}/collab`;
	const people = ['facilitator', 'member', 'admin'].map((who) => `${who}@prachalab.test`);
	const sessions = await Promise.all(people.map((email) => demoBoardSession(server.databasePath, email, 'ideate')));
	const boardId = sessions[0]!.boardId;

	// One client first, so the board itself is loaded before the baseline.
	const first = connectClient(url, boardId, { cookie: sessions[0]!.cookie, origin: server.url });
	await first.synced();
	const idle = rssMB(pid);

	const clients: Client[] = [first];
	const started = performance.now();
	for (let i = 1; i < CLIENTS; i++) clients.push(connectClient(url, boardId, { cookie: sessions[i % sessions.length]!.cookie, origin: server.url }));
	await Promise.all(clients.map((c) => c.synced()));
	const connectMs = performance.now() - started;
	clients.forEach((c, i) =>
		c.provider.awareness.setLocalState({ user: { name: `คน ${i}`, color: '#0b57d0' }, cursor: { x: i * 10, y: i * 5 }, selection: [] })
	);
	await until(() => clients.every((c) => c.provider.awareness.getStates().size >= CLIENTS), 'everyone sees everyone', 30_000);
	const connected = rssMB(pid);

	// A burst of work: every client writes 5 notes and moves its cursor 20 times.
	for (let round = 0; round < 20; round++) {
		clients.forEach((c, i) => {
			c.provider.awareness.setLocalStateField('cursor', { x: i * 10 + round, y: i * 5 + round });
			if (round < 5)
				addNote(c.doc, { text: `โน้ตจากคนที่ ${i} รอบ ${round}`, x: i * 200, y: 4000 + round * 160, author: sessions[i % sessions.length]!.userId });
		});
	}
	const total = clients.length * 5;
	await until(() => clients.every((c) => c.doc.getArray('noteOps').length >= total), 'every note everywhere', 60_000);
	const busy = rssMB(pid);

	console.log(`production server RSS with ${CLIENTS} clients on one board (${process.platform}, Node ${process.version}):`);
	console.log(`  1 client (board loaded):                 ${idle.toFixed(1)} MB`);
	console.log(
		`  ${CLIENTS} clients, synced, presence shared:  ${connected.toFixed(1)} MB  (+${(((connected - idle) / (CLIENTS - 1)) * 1024).toFixed(0)} KB per client; all connected and synced in ${connectMs.toFixed(0)} ms)`
	);
	console.log(`  after ${total} notes and 2,000 cursor moves:  ${busy.toFixed(1)} MB`);
	for (const c of clients) c.destroy();
} finally {
	await server.stop();
	server.cleanup();
}
