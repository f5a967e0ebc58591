/**
 * Propagation latency of a note between clients through the real production server (a child
 * process): one client adds a note, how long until the others have it. Covers the whole path —
 * WebSocket, the hub's queue, the SQLite append (stored before relayed), the relay, the Yjs apply.
 * Needs a build (`npm run build`, or BUILD_DIR=…). `npm run bench -- collab-latency`
 */
import * as Y from 'yjs';
import { addNote, boardRoots } from '../src/lib/board/index.ts';
import { startAppServer } from '../tests/helpers/app-server.ts';
import { connectClient, demoBoardSession, type Client } from '../tests/integration/collab-harness.ts';

// Each y-websocket provider listens for the process' exit.
process.setMaxListeners(200);

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function hasNote(doc: Y.Doc, id: string): boolean {
	// The newest ops are at the end of the log.
	const ops = boardRoots(doc).noteOps;
	for (let i = ops.length - 1; i >= Math.max(0, ops.length - 50); i--) if (ops.get(i)?.id === id) return true;
	return false;
}

/** Resolves when every one of `docs` holds the note (checked on each of their updates). */
function arrival(docs: Y.Doc[], id: string): Promise<void> {
	return new Promise((resolve) => {
		let pending = docs.length;
		for (const doc of docs) {
			const check = () => {
				if (!hasNote(doc, id)) return;
				doc.off('update', check);
				if (--pending === 0) resolve();
			};
			doc.on('update', check);
		}
	});
}

// Forty sockets from one account: past the per-user socket limit, which this is not about.
const server = await startAppServer({ env: { COLLAB_SOCKETS_PER_USER: '100' } });
try {
	const { cookie, boardId, userId } = await demoBoardSession(server.databasePath, 'facilitator@prachalab.test', 'empathize');
	const url = `ws://localhost:${server.port}/collab`;
	const clients: Client[] = [];
	const join = () => {
		const client = connectClient(url, boardId, { cookie, origin: server.url });
		clients.push(client);
		return client;
	};

	async function run(receivers: number, rounds: number): Promise<number[]> {
		const writer = join();
		const readers = Array.from({ length: receivers }, join);
		await Promise.all([writer, ...readers].map((c) => c.synced()));
		const times: number[] = [];
		for (let i = 0; i < rounds + 20; i++) {
			const started = performance.now();
			let id = '';
			const arrived = new Promise<void>((resolve) => {
				// The id is only known once addNote returns; the update cannot arrive before that.
				queueMicrotask(
					() =>
						void arrival(
							readers.map((r) => r.doc),
							id
						).then(resolve)
				);
			});
			id = addNote(writer.doc, { text: `วัดเวลา ${i}`, x: (i % 20) * 200, y: 3000 + Math.floor(i / 20) * 160, author: userId });
			await arrived;
			if (i >= 20) times.push(performance.now() - started); // the first 20 warm up
		}
		for (const c of clients.splice(0)) c.destroy();
		return times;
	}

	const two = await run(1, 300);
	const room = await run(39, 200);
	console.log(`note propagation through the production server on localhost (${process.platform}, Node ${process.version}):`);
	for (const [label, t] of [
		['1 → 1 other client      ', two],
		['1 → 39 others (40 in room)', room]
	] as const) {
		console.log(
			`  ${label}  median ${percentile(t, 50).toFixed(1)} ms  p95 ${percentile(t, 95).toFixed(1)} ms  max ${Math.max(...t).toFixed(1)} ms  (${t.length} notes)`
		);
	}
} finally {
	await server.stop();
	server.cleanup();
}
