/**
 * Prachalab's collab hub beside the reference y-websocket server (`@y/websocket-server` 0.1.1,
 * no auth, LevelDB store), side by side on this machine: each server a child process pinned to
 * CPU 0, the load in separate generator processes (collab-compare-load.ts) pinned to CPU 1, the
 * two servers interleaved run by run, medians of the repetitions. Prachalab runs as in
 * production (server/index.ts over the build: sessions checked on upgrade, rules, every update
 * stored before it is relayed); only its per-connection limits are raised past the load.
 *
 * Workloads: N clients on one board each adding a note a second (p50/p99 from a note's sending
 * to its arrival at every other client, server CPU); 10 writers flooding one board, and 50
 * writers flooding 50 boards (relayed notes a second); 5,000 notes a second paced into one
 * board and across 50 (p50/p99).
 *
 * Needs a build (`npm run build`). `npm run bench -- compare`. Knobs: COMPARE_REPS (3),
 * COMPARE_SECONDS (measured seconds per run, 5), COMPARE_WARMUP_SECONDS (1.5),
 * COMPARE_CLIENTS (100,200,500), COMPARE_WORKLOADS (a comma list of workload names to keep:
 * fanout, flood, paced), COMPARE_ONLY (keeps the workloads whose name contains it, e.g. "50 boards"),
 * COMPARE_RATE (5000), COMPARE_PROFILE (a directory: Prachalab's server
 * writes a `--cpu-prof` profile there when it stops), COMPARE_NODE_OPTIONS (more options for
 * Prachalab's server, e.g. `--import ./bench/stalls.preload.ts`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/lib/server/db/open.ts';
import { createProject, listBoards } from '../src/lib/server/projects/projects.ts';
import { startAppServer, type AppServer } from '../tests/helpers/app-server.ts';
import { demoBoardSession } from '../tests/integration/collab-harness.ts';
import type { LoadClient, LoadPlan, LoadResult } from './collab-compare-load.ts';

const REPS = Number(process.env.COMPARE_REPS ?? 3);
const MEASURE_MS = Number(process.env.COMPARE_SECONDS ?? 5) * 1000;
const WARMUP_MS = Number(process.env.COMPARE_WARMUP_SECONDS ?? 1.5) * 1000;
const CLIENTS = (process.env.COMPARE_CLIENTS ?? '100,200,500').split(',').map(Number);
const KEEP = (process.env.COMPARE_WORKLOADS ?? 'fanout,flood,paced').split(',');
const RATE = Number(process.env.COMPARE_RATE ?? 5000);
const SERVER_CPU = '0';
/** As in collab-compare-load.ts: tenths of a millisecond up to 10 s. */
const BINS = 100_000;
const LOAD_CPU = '1';
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..');
const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK']).stdout.toString().trim() || 100);

if (cpus().length < 2) throw new Error('the comparison pins the server and the load to different CPUs: it needs two');

/** CPU seconds a process has used so far (user + system). */
function cpuSeconds(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const probe = createServer().listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

interface Target {
	name: 'prachalab' | 'reference';
	pid: number;
	/** The WebSocket URL of a board and the headers its clients send. */
	board(index: number): { url: string; headers: Record<string, string> };
	author: string;
	stop(): Promise<void>;
}

async function startPrachalab(boards: number): Promise<Target> {
	const server: AppServer = await startAppServer({
		env: {
			COLLAB_SOCKETS_PER_USER: '5000',
			COLLAB_SOCKETS_PER_ADDRESS: '5000',
			COLLAB_MESSAGES_PER_SECOND: '1000000',
			COLLAB_MESSAGE_BURST: '1000000',
			COLLAB_BYTES_PER_SECOND: '1000000000',
			COLLAB_BYTE_BURST: '1000000000',
			COLLAB_MAX_BOARD_BYTES: String(512 * 1024 * 1024),
			NODE_OPTIONS: [
				process.env.NODE_OPTIONS ?? '',
				process.env.COMPARE_PROFILE ? `--cpu-prof --cpu-prof-dir=${process.env.COMPARE_PROFILE}` : '',
				process.env.COMPARE_NODE_OPTIONS ?? ''
			].join(' ')
		}
	});
	spawnSync('taskset', ['-a', '-cp', SERVER_CPU, String(server.child.pid)]);
	const { cookie, userId } = await demoBoardSession(server.databasePath, 'facilitator@prachalab.test', 'ideate');
	const db = openDatabase(server.databasePath);
	const user = await db.selectFrom('users').select(['id', 'email', 'name', 'role']).where('id', '=', userId).executeTakeFirstOrThrow();
	const ids: string[] = [];
	while (ids.length < boards) {
		const project = await createProject(
			db,
			{ title: `เทียบความเร็ว ${ids.length}`, challenge: 'บอร์ดสดรับได้เท่าไร', agency: 'ห้องทดลอง', tags: '' },
			user as never
		);
		ids.push(...(await listBoards(db, project.id)).map((b) => b.id));
	}
	await db.destroy();
	return {
		name: 'prachalab',
		pid: server.child.pid!,
		author: userId,
		board: (index) => ({ url: `ws://localhost:${server.port}/collab/${ids[index]}`, headers: { cookie, origin: server.url } }),
		async stop() {
			await server.stop();
			server.cleanup();
		}
	};
}

async function startReference(): Promise<Target> {
	const dir = mkdtempSync(join(tmpdir(), 'y-websocket-server-'));
	const port = await freePort();
	const child: ChildProcess = spawn('taskset', ['-c', SERVER_CPU, process.execPath, join(root, 'node_modules/@y/websocket-server/src/server.js')], {
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), YPERSISTENCE: join(dir, 'leveldb') },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	await new Promise<void>((resolve, reject) => {
		let output = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('running at')) resolve();
		});
		child.once('exit', (code) => reject(new Error(`the reference server exited (${code}): ${output}`)));
	});
	return {
		name: 'reference',
		pid: child.pid!,
		author: 'bench',
		board: (index) => ({ url: `ws://127.0.0.1:${port}/board-${index}`, headers: {} }),
		async stop() {
			child.kill('SIGTERM');
			if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

interface Workload {
	name: string;
	kind: 'fanout' | 'flood' | 'paced';
	boards: number;
	/** Client specs per generator process, for boards numbered from `first`. */
	plan(target: Target, first: number): LoadClient[][];
	rate: number;
}

function fanout(n: number): Workload {
	const processes = Math.ceil(n / 125);
	return {
		name: `${n} clients × 1 note/s`,
		kind: 'fanout',
		boards: 1,
		rate: 0,
		plan: (target, first) =>
			Array.from({ length: processes }, (_, p) =>
				Array.from({ length: Math.ceil(n / processes) }, (_, i) => {
					const k = p + i * processes;
					return k < n ? { ...target.board(first), writes: 'each-second' as const, phase: Math.floor((k * 1000) / n), records: true } : null;
				}).filter((c) => c !== null)
			)
	};
}

/** `writers` writers spread over `boards` boards, each board with an observer in every process that writes to it. */
function writersOn(kind: 'flood' | 'paced', label: string, writers: number, boards: number, rate: number): Workload {
	const processes = 2;
	return {
		name: label,
		kind,
		boards,
		rate,
		plan: (target, first) =>
			Array.from({ length: processes }, (_, p) => {
				const clients: LoadClient[] = [];
				const observers = new Map<number, number>();
				for (let w = p; w < writers; w += processes) {
					const board = w % boards;
					if (!observers.has(board)) {
						observers.set(board, clients.length);
						clients.push({ ...target.board(first + board), writes: null, records: true });
					}
					clients.push({ ...target.board(first + board), writes: kind, observer: observers.get(board)!, records: false });
				}
				return clients;
			})
	};
}

const workloads: Workload[] = [
	...(KEEP.includes('fanout') ? CLIENTS.map(fanout) : []),
	...(KEEP.includes('flood')
		? [writersOn('flood', '10 writers flooding one board', 10, 1, 0), writersOn('flood', '50 writers flooding 50 boards', 50, 50, 0)]
		: []),
	...(KEEP.includes('paced')
		? [
				writersOn('paced', `${RATE.toLocaleString('en')} notes/s paced into one board`, 10, 1, RATE / 10),
				writersOn('paced', `${RATE.toLocaleString('en')} notes/s paced across 50 boards`, 50, 50, RATE / 50)
			]
		: [])
].filter((w) => !process.env.COMPARE_ONLY || w.name.includes(process.env.COMPARE_ONLY));

interface Measured {
	p50: number;
	p99: number;
	samples: number;
	cpu: number;
	loadCpu: number;
	/** The other server's CPU during the run (it shares CPU 0): near 0 when the run was fair. */
	otherCpu: number;
	observedPerSecond: number;
	writtenPerSecond: number;
	closed: number;
	/** Others' notes in each frame a recording client received (above 1: the server merged what one commit stored). */
	notesPerFrame: number;
}

function percentile(histogram: number[], total: number, p: number): number {
	let seen = 0;
	const want = Math.ceil(total * p);
	for (let i = 0; i < histogram.length; i++) {
		seen += histogram[i]!;
		if (seen >= want) return (i + 0.5) / 10;
	}
	return Infinity;
}

/**
 * Waits until both servers are idle (under 4 % of a core over half a second, at most two minutes):
 * both share CPU 0, and the reference's LevelDB goes on writing and compacting for tens of seconds
 * after a flood has ended, which took 60 % of the CPU from the next run of whichever server came
 * after it. Returns the seconds waited.
 */
async function settle(servers: Target[]): Promise<number> {
	const began = Date.now();
	while (Date.now() - began < 120_000) {
		const before = servers.map((s) => cpuSeconds(s.pid));
		await new Promise((resolve) => setTimeout(resolve, 500));
		if (servers.every((s, i) => cpuSeconds(s.pid) - before[i]! < 0.02)) break;
	}
	return (Date.now() - began) / 1000;
}

async function run(target: Target, workload: Workload, first: number, other: Target): Promise<Measured> {
	const plans = workload.plan(target, first);
	const generators = plans.map((clients, p) => {
		const plan: LoadPlan = {
			clients,
			author: target.author,
			rate: workload.rate,
			window: 200,
			warmupMs: WARMUP_MS,
			measureMs: MEASURE_MS,
			process: p
		};
		const child = spawn('taskset', ['-c', LOAD_CPU, process.execPath, join(here, 'collab-compare-load.ts'), JSON.stringify(plan)], {
			stdio: ['pipe', 'pipe', 'inherit']
		});
		const lines = createInterface({ input: child.stdout! });
		const messages: unknown[] = [];
		const waiters: ((m: unknown) => void)[] = [];
		lines.on('line', (line) => {
			const message = JSON.parse(line) as unknown;
			const waiter = waiters.shift();
			if (waiter) waiter(message);
			else messages.push(message);
		});
		const next = () => new Promise<unknown>((resolve) => (messages.length > 0 ? resolve(messages.shift()) : waiters.push(resolve)));
		return { child, next };
	});
	await Promise.all(generators.map((g) => g.next()));
	const start = Date.now() + 300;
	for (const g of generators) g.child.stdin!.write(`${JSON.stringify({ start })}\n`);
	const from = start + WARMUP_MS;
	await new Promise((resolve) => setTimeout(resolve, from - Date.now()));
	const serverBefore = cpuSeconds(target.pid);
	const otherBefore = cpuSeconds(other.pid);
	const loadBefore = generators.reduce((sum, g) => sum + cpuSeconds(g.child.pid!), 0);
	await new Promise((resolve) => setTimeout(resolve, from + MEASURE_MS - Date.now()));
	const serverAfter = cpuSeconds(target.pid);
	const otherAfter = cpuSeconds(other.pid);
	const loadAfter = generators.reduce((sum, g) => sum + cpuSeconds(g.child.pid!), 0);
	const results = (await Promise.all(generators.map((g) => g.next()))) as LoadResult[];
	const histogram = new Array<number>(BINS + 1).fill(0);
	for (const r of results) for (const [bin, count] of r.histogram) histogram[bin]! += count;
	const samples = histogram.reduce((a, b) => a + b, 0);
	const seconds = MEASURE_MS / 1000;
	return {
		p50: percentile(histogram, samples, 0.5),
		p99: percentile(histogram, samples, 0.99),
		samples,
		cpu: ((serverAfter - serverBefore) / seconds) * 100,
		loadCpu: ((loadAfter - loadBefore) / seconds) * 100,
		otherCpu: ((otherAfter - otherBefore) / seconds) * 100,
		observedPerSecond: results.reduce((sum, r) => sum + r.observed, 0) / seconds,
		writtenPerSecond: results.reduce((sum, r) => sum + r.written, 0) / seconds,
		closed: results.reduce((sum, r) => sum + r.closed, 0),
		notesPerFrame:
			results.reduce((sum, r) => sum + r.framedNotes, 0) /
			Math.max(
				1,
				results.reduce((sum, r) => sum + r.frames, 0)
			)
	};
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const boardsNeeded = REPS * workloads.reduce((sum, w) => sum + w.boards, 0);
const started = Date.now();
const load = [loadavg()[0]!];
const prachalab = await startPrachalab(boardsNeeded);
const reference = await startReference();
const results = new Map<string, Measured[]>();
try {
	let first = 0;
	for (let rep = 0; rep < REPS; rep++) {
		for (const workload of workloads) {
			// Interleaved, each going first in turn.
			const order = rep % 2 === 0 ? [prachalab, reference] : [reference, prachalab];
			for (const target of order) {
				const waited = await settle([prachalab, reference]);
				const measured = await run(target, workload, first, target === prachalab ? reference : prachalab);
				const key = `${workload.name}|${target.name}`;
				results.set(key, [...(results.get(key) ?? []), measured]);
				console.error(
					`rep ${rep + 1} ${workload.name} ${target.name}: p50 ${measured.p50.toFixed(1)} ms p99 ${measured.p99.toFixed(1)} ms ` +
						`cpu ${measured.cpu.toFixed(1)} % other server ${measured.otherCpu.toFixed(1)} % (settled ${waited.toFixed(1)} s) load cpu ${measured.loadCpu.toFixed(0)} % relayed ${measured.observedPerSecond.toFixed(0)}/s written ${measured.writtenPerSecond.toFixed(0)}/s closed ${measured.closed} notes a frame ${measured.notesPerFrame.toFixed(2)}`
				);
				load.push(loadavg()[0]!);
			}
			first += workload.boards;
		}
	}
} finally {
	await prachalab.stop();
	await reference.stop();
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');
console.log(
	`collab hub vs @y/websocket-server 0.1.1 (LevelDB) — ${cpus().length} × ${cpus()[0]!.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
		`Node ${process.version}; servers on CPU ${SERVER_CPU}, load on CPU ${LOAD_CPU}; medians of ${REPS}, ${MEASURE_MS / 1000} s measured after ${WARMUP_MS / 1000} s; ` +
		`load average ${fmt(Math.min(...load))}–${fmt(Math.max(...load))}; ${((Date.now() - started) / 1000).toFixed(0)} s in all`
);
console.log('| workload | Prachalab | reference | ratio (Prachalab ÷ reference) |');
console.log('| --- | --- | --- | --- |');
for (const workload of workloads) {
	const mine = results.get(`${workload.name}|prachalab`)!;
	const theirs = results.get(`${workload.name}|reference`)!;
	const m = (list: Measured[], pick: (x: Measured) => number) => median(list.map(pick));
	if (workload.kind === 'flood') {
		const a = m(mine, (x) => x.observedPerSecond);
		const b = m(theirs, (x) => x.observedPerSecond);
		console.log(
			`| ${workload.name} | ${fmt(a, 0)} updates/s, CPU ${fmt(m(mine, (x) => x.cpu))} % | ${fmt(b, 0)} updates/s, CPU ${fmt(m(theirs, (x) => x.cpu))} % | ${fmt(a / b, 2)}× throughput |`
		);
	} else {
		const a = m(mine, (x) => x.p99);
		const b = m(theirs, (x) => x.p99);
		const ca = m(mine, (x) => x.cpu);
		const cb = m(theirs, (x) => x.cpu);
		const rate =
			workload.kind === 'paced'
				? `, ${fmt(
						m(mine, (x) => x.observedPerSecond),
						0
					)} / ${fmt(
						m(theirs, (x) => x.observedPerSecond),
						0
					)} relayed/s`
				: '';
		console.log(
			`| ${workload.name} | p50 ${fmt(m(mine, (x) => x.p50))} ms, p99 ${fmt(a)} ms, CPU ${fmt(ca)} % | p50 ${fmt(m(theirs, (x) => x.p50))} ms, p99 ${fmt(b)} ms, CPU ${fmt(cb)} % | p99 ${fmt(a / b, 2)}×, CPU ${fmt(ca / cb, 2)}×${rate} |`
		);
	}
}
console.log(
	`the other server's CPU during a run (CPU 0 is shared): up to ${fmt(Math.max(...[...results.values()].flat().map((x) => x.otherCpu)))} %`
);
console.log(`load generator CPU (one core is 100 %): up to ${fmt(Math.max(...[...results.values()].flat().map((x) => x.loadCpu)), 0)} %`);
