/**
 * Public feedback submissions per second, sustained, with none lost: real HTTP form posts to the
 * production server (`npm run build` first), each a realistic Thai response (a rating, choices
 * and two free-text answers that are segmented and indexed for search), every one checked for
 * its 303 and receipt, and the stored rows counted at the end.
 *
 * Each simulated phone posts from its own loopback address (Linux routes 127.0.0.0/8 to lo) and
 * stays under the per-address limit, so the figure is the server's, not the rate limiter's. Each
 * form is taken once, so every submission carries a form of its own, served before the clock starts.
 */
import { Agent, request } from 'node:http';
import { openDatabase } from '../src/lib/server/db/open.ts';
import { MIN_FILL_MS, SUBMIT_BURST } from '../src/lib/server/feedback/runtime.ts';
import { startAppServer } from '../tests/helpers/app-server.ts';
import { makeFeedbackFixture } from '../tests/unit/feedback-fixtures.ts';
import { send } from '../tests/integration/feedback-helpers.ts';
import { tokenIssuedAt } from '../src/lib/server/feedback/form-token.ts';
import { PROBE_PRELOAD, serverUsage, startServerProfile, stopServerProfile, type ProbeUsage } from './server-probe.ts';
import { summarise, type CpuProfile } from './profile-summary.ts';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TOTAL = Number(process.env.FEEDBACK_BENCH_TOTAL ?? 4000);
const CONCURRENCY = (process.env.FEEDBACK_BENCH_CONCURRENCY ?? '1,8,32').split(',').map(Number);
const PER_ADDRESS = SUBMIT_BURST - 2;

const PROFILE_DIR = process.env.FEEDBACK_BENCH_PROFILE;
/** Every this many submissions, the server's memory after a full GC (a long run shows whether it grows). */
const MEMORY_EVERY = Number(process.env.FEEDBACK_BENCH_MEMORY_EVERY ?? 0);

const server = await startAppServer({
	env: { ADMIN_EMAIL: 'bench@example.test', ADMIN_PASSWORD: 'bench passphrase 2569', NODE_OPTIONS: '--expose-gc' },
	preload: PROBE_PRELOAD
});
const db = openDatabase(server.databasePath);
const fx = await makeFeedbackFixture(db, { collectContact: true });
const TEXTS = [
	'การออกแบบบริการภาครัฐแบบนี้ช่วยให้ไม่ต้องลางานทั้งวัน เจ้าหน้าที่โทรกลับเร็วและพูดจาดีมาก',
	'จองคิวผ่าน LINE ง่าย แต่ตัวหนังสือเล็กไปสำหรับผู้สูงอายุ อยากให้มีปุ่มใหญ่กว่านี้',
	'มาตามนัดแล้วได้รับบริการทันที ไม่ต้องนั่งรอทั้งเช้าเหมือนก่อน ขอบคุณมากครับ'
];

/** `count` forms served now, returned once a person could have filled them all in. */
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

let addressSeq = 0;
function nextAddress(): string {
	addressSeq++;
	return `127.${1 + Math.floor(addressSeq / 60000)}.${Math.floor(addressSeq / 250) % 240}.${1 + (addressSeq % 250)}`;
}

function post(agent: Agent, from: string, payload: string): Promise<{ status: number; receipt: boolean; ms: number }> {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const req = request(
			{
				host: '127.0.0.1',
				port: server.port,
				method: 'POST',
				path: `/f/${fx.round.slug}`,
				agent,
				localAddress: from,
				headers: {
					origin: `http://127.0.0.1:${server.port}`,
					// What a browser's form navigation sends; without it SvelteKit answers in JSON.
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(payload)
				}
			},
			(res) => {
				res.resume();
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						receipt: (res.headers['set-cookie'] ?? []).some((c) => /^fb_receipt=[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}(;|$)/.test(c)),
						ms: performance.now() - started
					})
				);
			}
		);
		req.on('error', reject);
		req.end(payload);
	});
}

async function run(concurrency: number, total: number) {
	const before = Number(
		(
			await db
				.selectFrom('feedback_responses')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);
	const tokens = await serveForms(total);
	const latencies: number[] = [];
	const memory: { sent: number; usage: ProbeUsage }[] = [];
	let failures = 0;
	let next = 0;
	const profile = PROFILE_DIR && total > 1000 ? join(PROFILE_DIR, `feedback-${concurrency}-${Date.now()}.cpuprofile`) : null;
	if (profile) await startServerProfile(server.child);
	const usageBefore = await serverUsage(server.child);
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			let sent = PER_ADDRESS;
			let from = '';
			let agent: Agent | null = null;
			for (;;) {
				const i = next++;
				if (i >= total) break;
				if (MEMORY_EVERY && i % MEMORY_EVERY === 0) memory.push({ sent: i, usage: await serverUsage(server.child, true) });
				if (sent >= PER_ADDRESS) {
					agent?.destroy();
					agent = new Agent({ keepAlive: true, maxSockets: 1 });
					from = nextAddress();
					sent = 0;
				}
				sent++;
				const result = await post(agent!, from, body(i, tokens[i]!));
				latencies.push(result.ms);
				if (result.status !== 303 || !result.receipt) failures++;
			}
			agent?.destroy();
		})
	);
	const seconds = (performance.now() - started) / 1000;
	const usageAfter = await serverUsage(server.child);
	const cpuMs = usageAfter.cpuMs - usageBefore.cpuMs;
	const perCommit =
		(usageAfter.groupCommit.works - usageBefore.groupCommit.works) / (usageAfter.groupCommit.transactions - usageBefore.groupCommit.transactions);
	if (profile) {
		await stopServerProfile(server.child, profile);
		console.log(`\nserver profile of ${total} submissions at ${concurrency} clients: ${profile}`);
		console.log(summarise(JSON.parse(readFileSync(profile, 'utf8')) as CpuProfile, 25, cpuMs / total));
	}
	for (const { sent, usage } of memory) {
		const mb = (n: number) => (n / 2 ** 20).toFixed(1);
		console.log(
			`memory after ${sent} submissions: rss ${mb(usage.rss)} MB, heap ${mb(usage.heapUsed)} / ${mb(usage.heapTotal)} MB, external ${mb(usage.external)} MB`
		);
	}
	const after = Number(
		(
			await db
				.selectFrom('feedback_responses')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);
	latencies.sort((a, b) => a - b);
	const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))]!.toFixed(1);
	return {
		concurrency,
		total,
		seconds,
		perSecond: total / seconds,
		cpuMsEach: cpuMs / total,
		perCommit,
		failures,
		stored: after - before,
		p50: pct(50),
		p95: pct(95),
		p99: pct(99)
	};
}

try {
	await run(4, 200); // warm-up (JIT, SQLite page cache), not reported
	console.log(`${TOTAL} valid Thai submissions per run, each checked for 303 + receipt; rows counted after.`);
	if (PROFILE_DIR) mkdirSync(PROFILE_DIR, { recursive: true });
	console.log('concurrency | submissions/s | server CPU ms each | per commit | p50 ms | p95 ms | p99 ms | failed | stored');
	for (const c of CONCURRENCY) {
		const r = await run(c, TOTAL);
		console.log(
			`${String(r.concurrency).padStart(11)} | ${r.perSecond.toFixed(0).padStart(13)} | ${r.cpuMsEach.toFixed(3).padStart(18)} | ${r.perCommit.toFixed(1).padStart(10)} | ${r.p50.padStart(6)} | ${r.p95.padStart(6)} | ${r.p99.padStart(6)} | ${String(r.failures).padStart(6)} | ${r.stored}`
		);
		if (r.failures > 0 || r.stored !== r.total) throw new Error(`lost submissions: ${r.failures} failed, ${r.stored}/${r.total} stored`);
	}
} finally {
	await db.destroy();
	await server.stop();
	server.cleanup();
}
