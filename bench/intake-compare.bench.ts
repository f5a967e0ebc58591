/**
 * Citizen intake against its ceilings, in the same run, interleaved (`npm run bench -- compare`,
 * after `npm run build`): real feedback posts to `/f/SLUG` (checked, stored, every one counted
 * afterwards) against
 *
 * - a SvelteKit form post that stores nothing (`/bench/no-store`, a route that exists only when
 *   the server starts with PRACHALAB_BENCH_ROUTES=1): the same server, hooks, body reading,
 *   cookie and 303, without our checks and the database — what SvelteKit itself costs;
 * - a bare Node HTTP server that reads the body and answers 303 with a cookie: what the machine
 *   and Node's HTTP cost.
 *
 * Chosen over a separate no-store SvelteKit app (a second build to keep in step) and over
 * SvelteKit GETs (a page render is not a form post). The server (and the bare one) are pinned to
 * one core with `taskset`, the load to the other, split across processes (bench/intake-load.ts);
 * each figure is the median of the repeats, and the ratios are taken within a repeat, where the
 * machine's load is most alike. Server CPU per post comes from /proc (user + system).
 *
 *   INTAKE_COMPARE_TOTAL=3000 INTAKE_COMPARE_CONCURRENCY=16,32 INTAKE_COMPARE_REPEATS=3 npm run bench -- compare
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { openDatabase } from '../src/lib/server/db/open.ts';
import { MIN_FILL_MS, SUBMIT_BURST } from '../src/lib/server/feedback/runtime.ts';
import { tokenIssuedAt } from '../src/lib/server/feedback/form-token.ts';
import { startAppServer } from '../tests/helpers/app-server.ts';
import { send } from '../tests/integration/feedback-helpers.ts';
import { makeFeedbackFixture } from '../tests/unit/feedback-fixtures.ts';
import type { LoadOrder, LoadResult } from './intake-load.ts';

const TOTAL = Number(process.env.INTAKE_COMPARE_TOTAL ?? 3000);
const CONCURRENCY = (process.env.INTAKE_COMPARE_CONCURRENCY ?? '16,32').split(',').map(Number);
const REPEATS = Number(process.env.INTAKE_COMPARE_REPEATS ?? 3);
const LOAD_PROCESSES = 2;
const PER_ADDRESS = SUBMIT_BURST - 2;
const pinned = cpus().length >= 2;
const SERVER_CORE = '0';
const LOAD_CORE = '1';

function pin(pid: number, core: string): void {
	if (pinned) spawnSync('taskset', ['-a', '-cp', core, String(pid)], { stdio: 'ignore' });
}

/** User + system CPU time of a process so far, in milliseconds (/proc/PID/stat, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}

const BARE_SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
	const chunks = [];
	req.on('data', (c) => chunks.push(c));
	req.on('end', () => {
		new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
		res.writeHead(303, { location: '/', 'set-cookie': 'bench_receipt=AAAA-BBBB-CCCC; Path=/; HttpOnly; SameSite=Lax', 'content-length': 0 });
		res.end();
	});
}).listen(0, '127.0.0.1', function () { console.log('listening on port ' + this.address().port); });`;

async function startBareServer(): Promise<{ child: ChildProcess; port: number }> {
	const child = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
	const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
	return { child, port: Number(/listening on port (\d+)/.exec(chunk.toString())![1]) };
}

pin(process.pid, LOAD_CORE);
const server = await startAppServer({
	env: { ADMIN_EMAIL: 'bench@example.test', ADMIN_PASSWORD: 'bench passphrase 2569', PRACHALAB_BENCH_ROUTES: '1' }
});
pin(server.child.pid!, SERVER_CORE);
const bare = await startBareServer();
pin(bare.child.pid!, SERVER_CORE);
const db = openDatabase(server.databasePath);
const fx = await makeFeedbackFixture(db, { collectContact: true });
const workers = Array.from({ length: LOAD_PROCESSES }, () =>
	spawn(pinned ? 'taskset' : process.execPath, [...(pinned ? ['-c', LOAD_CORE, process.execPath] : []), 'bench/intake-load.ts'], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc']
	})
);

const TEXTS = [
	'การออกแบบบริการภาครัฐแบบนี้ช่วยให้ไม่ต้องลางานทั้งวัน เจ้าหน้าที่โทรกลับเร็วและพูดจาดีมาก',
	'จองคิวผ่าน LINE ง่าย แต่ตัวหนังสือเล็กไปสำหรับผู้สูงอายุ อยากให้มีปุ่มใหญ่กว่านี้',
	'มาตามนัดแล้วได้รับบริการทันที ไม่ต้องนั่งรอทั้งเช้าเหมือนก่อน ขอบคุณมากครับ'
];

function body(i: number, token: string): string {
	return new URLSearchParams([
		['t', token],
		['via', i % 3 === 0 ? 'qr' : 'web'],
		['website', ''],
		[fx.field.rating, String(1 + (i % 5))],
		[fx.field.single, `o${1 + (i % 3)}`],
		[fx.field.multiple, 'o1'],
		[fx.field.multiple, 'o3'],
		[fx.field.yesNo, i % 4 === 0 ? 'no' : 'yes'],
		[fx.field.text, `${TEXTS[i % TEXTS.length]} (${i})`]
	]).toString();
}

/** `count` forms served now (each is taken once), returned once a person could have filled them all in. */
async function serveForms(count: number): Promise<string[]> {
	const tokens: string[] = [];
	for (let i = 0; i < count; i += 16) {
		const pages = await Promise.all(
			Array.from({ length: Math.min(16, count - i) }, () => send(server, { method: 'GET', path: `/f/${fx.round.slug}` }))
		);
		for (const page of pages) tokens.push(/name="t" value="([^"]+)"/.exec(page.body)![1]!);
	}
	const ready = Math.max(...tokens.map((t) => tokenIssuedAt(t)!)) + MIN_FILL_MS + 50;
	while (Date.now() < ready) await new Promise((resolve) => setTimeout(resolve, ready - Date.now()));
	return tokens;
}

async function storedCount(): Promise<number> {
	const row = await db
		.selectFrom('feedback_responses')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

function askWorker(worker: ChildProcess, order: LoadOrder): Promise<LoadResult> {
	return new Promise((resolve, reject) => {
		worker.once('message', (message: LoadResult | { error: string }) => ('error' in message ? reject(new Error(message.error)) : resolve(message)));
		worker.send(order);
	});
}

type Target = 'intake' | 'no-store' | 'bare';

interface Run {
	target: Target;
	concurrency: number;
	perSecond: number;
	p50: number;
	p99: number;
	cpuMsEach: number;
	failures: number;
	load: number;
}

let nextAddress = 0;

async function run(target: Target, concurrency: number, bodies: string[]): Promise<Run> {
	const port = target === 'bare' ? bare.port : server.port;
	const pid = target === 'bare' ? bare.child.pid! : server.child.pid!;
	const path = target === 'intake' ? `/f/${fx.round.slug}` : target === 'no-store' ? '/bench/no-store' : '/';
	const cookie = target === 'intake' ? 'fb_receipt' : 'bench_receipt';
	const before = target === 'intake' ? await storedCount() : 0;
	const load = loadavg()[0]!;
	const share = Math.ceil(bodies.length / LOAD_PROCESSES);
	const orders = workers.map((_, w) => {
		const mine = bodies.slice(w * share, (w + 1) * share);
		const order: LoadOrder = {
			port,
			path,
			cookie,
			bodies: mine,
			concurrency: concurrency / LOAD_PROCESSES,
			perAddress: PER_ADDRESS,
			firstAddress: nextAddress
		};
		nextAddress += Math.ceil(mine.length / PER_ADDRESS) + concurrency;
		return order;
	});
	const cpuBefore = cpuMs(pid);
	const started = performance.now();
	const results = await Promise.all(workers.map((worker, w) => askWorker(worker, orders[w]!)));
	const seconds = (performance.now() - started) / 1000;
	const cpu = cpuMs(pid) - cpuBefore;
	const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
	const failures = results.reduce((n, r) => n + r.failures, 0);
	if (target === 'intake') {
		const stored = (await storedCount()) - before;
		if (failures > 0 || stored !== bodies.length) throw new Error(`lost submissions: ${failures} failed, ${stored}/${bodies.length} stored`);
	} else if (failures > 0) throw new Error(`${target}: ${failures} posts not answered with a 303 and a cookie`);
	const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))]!;
	return { target, concurrency, perSecond: bodies.length / seconds, p50: pct(50), p99: pct(99), cpuMsEach: cpu / bodies.length, failures, load };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const TARGETS: Target[] = ['intake', 'no-store', 'bare'];

try {
	// Warm-up (JIT, SQLite's page cache), not reported.
	const warm = await serveForms(200);
	for (const target of TARGETS)
		await run(
			target,
			4,
			warm.map((t, i) => body(i, t))
		);
	console.log(
		`${TOTAL} posts per run, ${REPEATS} repeats, interleaved; server ${pinned ? `on core ${SERVER_CORE}, load on core ${LOAD_CORE}` : 'unpinned (one core)'} in ${LOAD_PROCESSES} processes.`
	);
	console.log('repeat | clients | target   | posts/s | p50 ms | p99 ms | server CPU ms/post | load avg');
	const runs: (Run & { repeat: number })[] = [];
	for (let repeat = 1; repeat <= REPEATS; repeat++) {
		for (const concurrency of CONCURRENCY) {
			const bodies = (await serveForms(TOTAL)).map((t, i) => body(i, t));
			// Each repeat starts with another target, so none always runs on the freshest machine.
			const order = TARGETS.map((_, i) => TARGETS[(i + repeat - 1) % TARGETS.length]!);
			for (const target of order) {
				const r = await run(target, concurrency, bodies);
				runs.push({ ...r, repeat });
				console.log(
					`${String(repeat).padStart(6)} | ${String(concurrency).padStart(7)} | ${target.padEnd(8)} | ${r.perSecond.toFixed(0).padStart(7)} | ${r.p50.toFixed(1).padStart(6)} | ${r.p99.toFixed(1).padStart(6)} | ${r.cpuMsEach.toFixed(3).padStart(18)} | ${r.load.toFixed(1)}`
				);
			}
		}
	}
	console.log('\nmedians of the repeats; ratios taken within each repeat, then their median');
	console.log(
		'clients | intake/s | no-store/s | bare/s | intake ÷ no-store | intake ÷ bare | intake p99 ms | intake CPU ms/post | no-store CPU ms/post'
	);
	for (const concurrency of CONCURRENCY) {
		const of = (target: Target) => runs.filter((r) => r.concurrency === concurrency && r.target === target);
		const ratio = (other: Target) => median(of('intake').map((r) => r.perSecond / of(other).find((o) => o.repeat === r.repeat)!.perSecond));
		const m = (target: Target, key: 'perSecond' | 'p99' | 'cpuMsEach') => median(of(target).map((r) => r[key]));
		console.log(
			`${String(concurrency).padStart(7)} | ${m('intake', 'perSecond').toFixed(0).padStart(8)} | ${m('no-store', 'perSecond').toFixed(0).padStart(10)} | ${m('bare', 'perSecond').toFixed(0).padStart(6)} | ${ratio('no-store').toFixed(2).padStart(17)} | ${ratio('bare').toFixed(2).padStart(13)} | ${m('intake', 'p99').toFixed(1).padStart(13)} | ${m('intake', 'cpuMsEach').toFixed(3).padStart(18)} | ${m('no-store', 'cpuMsEach').toFixed(3).padStart(20)}`
		);
	}
} finally {
	for (const worker of workers) worker.kill();
	bare.child.kill();
	await db.destroy();
	await server.stop();
	server.cleanup();
}
