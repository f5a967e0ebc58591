/**
 * Two app servers (real processes) on one PostgreSQL database and one Redis: 50 boards × 20
 * clients, half of each board's clients on each server (as a proxy that does not route by
 * board sends them: half are piped to the owner), one note a second written on every board.
 * Measures how long a note takes to reach the board's other 19 clients (p50/p95/p99), then
 * kills the owner of half the boards (kill -9) and measures how long until every client of
 * those boards is back in sync on the other server (failover).
 *
 * Needs a build, DATABASE_URL=postgres://… and REDIS_URL (.ci/services.sh, or the dev
 * services). `npm run bench -- multinode`; BOARDS and CLIENTS change the size.
 */
import * as Y from 'yjs';
import { addNote, boardRoots } from '../src/lib/board/index.ts';
import { openDatabase } from '../src/lib/server/db/open.ts';
import { createSession } from '../src/lib/server/auth/session.ts';
import { createProject } from '../src/lib/server/projects/projects.ts';
import { isPostgresUrl } from '../src/lib/server/db/open.ts';
import { startCluster, startRouter, type Router } from '../tests/helpers/cluster.ts';
import { connectClient, type Client } from '../tests/integration/collab-harness.ts';

if (!isPostgresUrl(process.env.DATABASE_URL ?? '') || !process.env.REDIS_URL) {
	console.log('multinode: not run, it needs DATABASE_URL=postgres://… and REDIS_URL (source .ci/services.sh)');
	process.exit(0);
}
const BOARDS = Number(process.env.BOARDS ?? 50);
const CLIENTS = Number(process.env.CLIENTS ?? 20);
const SECONDS = Number(process.env.SECONDS ?? 20);
// ONE_NODE=1: every client on A (the baseline: no socket piped between servers).
const ONE_NODE = process.env.ONE_NODE === '1';
process.setMaxListeners(BOARDS * CLIENTS + 100);

function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	return new Promise((resolve) => {
		const tick = () => {
			if (check()) return resolve(true);
			if (Date.now() > deadline) return resolve(false);
			setTimeout(tick, 5);
		};
		tick();
	});
}

const many = { COLLAB_SOCKETS_PER_USER: '100000', COLLAB_SOCKETS_PER_ADDRESS: '100000' };
const cluster = await startCluster(['bench-a', 'bench-b'], many);
const [a, b] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
const routers: Router[] = [];
const clients: Client[] = [];
try {
	const db = openDatabase(cluster.databaseUrl, { poolSize: 2 });
	const user = await db
		.selectFrom('users')
		.select(['id', 'email', 'name', 'role'])
		.where('email', '=', 'facilitator@prachalab.test')
		.executeTakeFirstOrThrow();
	const boardIds: string[] = [];
	while (boardIds.length < BOARDS) {
		const project = await createProject(
			db,
			{ title: `โครงการทดสอบ ${boardIds.length}`, challenge: 'วัดความเร็ว', agency: 'แล็บ', tags: '' },
			user as never
		);
		const rows = await db.selectFrom('boards').select('id').where('project_id', '=', project.id).execute();
		boardIds.push(...rows.map((r) => r.id).slice(0, BOARDS - boardIds.length));
	}
	const { token } = await createSession(db, user.id);
	const cookie = `session=${token}`;
	// "On A": a router that prefers A (and falls back to B once A is gone), and the other way round.
	const viaA = await startRouter([a, b]);
	const viaB = await startRouter([b, a]);
	routers.push(viaA, viaB);

	// Board i's first client goes to A for even i, B for odd: each server owns half the boards.
	const boards = boardIds.map((id, i) => {
		const members: Client[] = [];
		for (let c = 0; c < CLIENTS; c++) {
			const via = ONE_NODE || (i + c) % 2 === 0 ? viaA : viaB;
			members.push(connectClient(`ws://127.0.0.1:${via.port}/collab`, id, { cookie, origin: via.url }));
		}
		clients.push(...members);
		return { id, members };
	});
	const connectStarted = performance.now();
	for (const board of boards) await board.members[0]!.synced();
	await Promise.all(clients.map((c) => c.synced()));
	console.log(
		`${ONE_NODE ? 'all on one server' : 'half of each board’s clients on each server'}: ${BOARDS} boards × ${CLIENTS} clients connected and synced in ${((performance.now() - connectStarted) / 1000).toFixed(1)} s`
	);

	// One note a second on every board, from a rotating writer; time until all others have it.
	const times: number[] = [];
	const hasNote = (doc: Y.Doc, id: string) => {
		const ops = boardRoots(doc).noteOps;
		for (let i = ops.length - 1; i >= Math.max(0, ops.length - 20); i--) if (ops.get(i)?.id === id) return true;
		return false;
	};
	let round = 0;
	const writing = setInterval(() => {
		round++;
		for (const board of boards) {
			const writer = board.members[round % CLIENTS]!;
			const others = board.members.filter((m) => m !== writer);
			const started = performance.now();
			let id = '';
			let pending = others.length;
			for (const other of others) {
				const check = () => {
					if (!id || !hasNote(other.doc, id)) return;
					other.doc.off('update', check);
					if (--pending === 0) times.push(performance.now() - started);
				};
				other.doc.on('update', check);
			}
			id = addNote(writer.doc, { text: `รอบ ${round}`, x: (round % 30) * 200, y: 3000, author: user.id });
		}
	}, 1000);
	await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
	clearInterval(writing);
	await until(() => times.length >= (round - 1) * BOARDS, 10_000);
	console.log(
		`relay to the board's other ${CLIENTS - 1} clients, ${times.length} notes over ${SECONDS} s (${BOARDS} notes/s): ` +
			`p50 ${percentile(times, 50).toFixed(1)} ms  p95 ${percentile(times, 95).toFixed(1)} ms  p99 ${percentile(times, 99).toFixed(1)} ms  max ${Math.max(...times).toFixed(1)} ms`
	);

	// Failover: A dies; its boards' clients (on A, and on B piped to A) come back on B.
	const ownedByA = new Set(
		(await db.selectFrom('board_leases').select('board_id').where('owner', '=', 'bench-a').execute()).map((row) => row.board_id)
	);
	await db.destroy();
	const movedBoards = boards.filter((board) => ownedByA.has(board.id));
	const moved = movedBoards.flatMap((board) => board.members);
	let closed = 0;
	for (const c of moved) c.provider.once('connection-close', () => closed++);
	const killed = performance.now();
	await a.kill();
	await until(() => closed === moved.length, 10_000);
	const back = await until(() => moved.every((c) => c.provider.wsconnected && c.provider.synced), 60_000);
	const inSync = moved.filter((c) => c.provider.wsconnected && c.provider.synced).length;
	console.log(
		`failover after kill -9 of one server: ${inSync} of ${moved.length} clients of ${movedBoards.length} boards back in sync on the other in ` +
			`${back ? ((performance.now() - killed) / 1000).toFixed(2) + ' s' : 'more than 60 s'} (${closed} saw their socket close)`
	);
} finally {
	for (const c of clients) c.destroy();
	for (const r of routers) await r.close();
	await cluster.stop();
}
process.exit(0);
