/**
 * Citizens' stories and supports per second, sustained, with none lost: real HTTP posts to the
 * production server (`npm run build` first), as a phone's browser without script sends them.
 *
 * - Stories: multipart form posts to /p/SLUG?/send (the story form carries a photo field, so a
 *   browser sends multipart even without a photo), each a Thai story, an answer to a guided
 *   question, a district and, one in three, contact details with consent; segmented and indexed
 *   for search in the same transaction. Each is checked for its 303 and receipt cookie.
 * - Supports: each simulated browser opens the call's page (its supporter cookie and a support
 *   form per idea), then supports every idea on it, one support per browser per idea; each is
 *   checked for its 303.
 *
 * The stored rows are counted after each run: every acknowledged submission must be there. Each
 * simulated phone posts from its own loopback address and stays under the per-address limits,
 * so the figure is the server's, not the rate limiter's. Forms are served before the clock starts.
 */
import { Agent, request } from 'node:http';
import { openDatabase, type DB } from '../src/lib/server/db/open.ts';
import { CONFIRM_MS, MIN_FILL_MS, SUBMIT_BURST } from '../src/lib/server/feedback/runtime.ts';
import { tokenIssuedAt } from '../src/lib/server/feedback/form-token.ts';
import { LIMIT_RULES } from '../src/lib/server/limits/limiters.ts';
import { checkEntry, storeEntry } from '../src/lib/server/participation/entries.ts';
import { setEntryStatus } from '../src/lib/server/participation/moderation.ts';
import { fieldsFrom } from '../src/lib/server/feedback/responses.ts';
import { startAppServer } from '../tests/helpers/app-server.ts';
import { makeParticipationFixture } from '../tests/unit/participation-fixtures.ts';
import { send } from '../tests/integration/feedback-helpers.ts';
import { multipart } from '../tests/integration/participation-helpers.ts';

const TOTAL = Number(process.env.PARTICIPATION_BENCH_TOTAL ?? 2000);
const CONCURRENCY = (process.env.PARTICIPATION_BENCH_CONCURRENCY ?? '1,16').split(',').map(Number);
const STORIES_PER_ADDRESS = SUBMIT_BURST - 2;
const IDEAS = 20;

const server = await startAppServer({ env: { ADMIN_EMAIL: 'bench@example.test', ADMIN_PASSWORD: 'bench passphrase 2569' } });
const db = openDatabase(server.databasePath);
const story = await makeParticipationFixture(db, { kind: 'story', collectContact: true, districts: true });
const ideas = await makeParticipationFixture(db, { kind: 'idea', facilitator: story.facilitator, projectId: story.projectId });
const STORIES = [
	'ไปต่อบัตรประชาชนตอนเช้า รอคิวสามชั่วโมงจนต้องลางานทั้งวัน เจ้าหน้าที่มีแค่สองคน',
	'พาแม่ไปยื่นเอกสารเบี้ยผู้สูงอายุ ไม่รู้ว่าต้องใช้สำเนาทะเบียนบ้าน ต้องกลับไปเอาแล้วมาต่อคิวใหม่',
	'จองคิวผ่าน LINE ได้ แต่ไปถึงแล้วยังต้องรอเหมือนเดิม ไม่รู้ว่าเหลืออีกกี่คิว'
];
const DISTRICTS = ['บางกอกน้อย', 'บางพลัด', 'ตลิ่งชัน', ''];

// Twenty approved ideas: the page a supporter sees.
for (let i = 0; i < IDEAS; i++) {
	const checked = checkEntry(
		ideas.call,
		[],
		[],
		fieldsFrom(
			new URLSearchParams([
				['title', `ไอเดียที่ ${i + 1}: จอบอกเวลารอหน้าสำนักงาน`],
				['body', 'ติดจอใหญ่ที่หน้าสำนักงานบอกว่าต้องรออีกกี่นาที']
			])
		)
	);
	const { id } = await storeEntry(db, ideas.call, checked, {
		channel: 'web',
		locale: 'th',
		enteredBy: null,
		consentText: '',
		requireOpen: true,
		photo: { kind: 'none' }
	});
	await setEntryStatus(db, ideas.call.id, [id], 'approved', ideas.facilitator.id);
}

let addressSeq = 0;
function nextAddress(): string {
	addressSeq++;
	return `127.${1 + Math.floor(addressSeq / 60000)}.${Math.floor(addressSeq / 250) % 240}.${1 + (addressSeq % 250)}`;
}

async function count(table: 'participation_entries' | 'participation_supports', database: DB = db): Promise<number> {
	return Number(
		(
			await database
				.selectFrom(table)
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);
}

async function waitUntil(ready: number) {
	while (Date.now() < ready) await new Promise((resolve) => setTimeout(resolve, ready - Date.now()));
}

interface Post {
	path: string;
	body: Buffer;
	contentType: string;
	cookie?: string;
}

function post(agent: Agent, from: string, p: Post): Promise<{ status: number; receipt: boolean; ms: number }> {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const req = request(
			{
				host: '127.0.0.1',
				port: server.port,
				method: 'POST',
				path: p.path,
				agent,
				localAddress: from,
				headers: {
					origin: `http://127.0.0.1:${server.port}`,
					accept: 'text/html',
					'content-type': p.contentType,
					'content-length': p.body.byteLength,
					...(p.cookie ? { cookie: p.cookie } : {})
				}
			},
			(res) => {
				res.resume();
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						receipt: (res.headers['set-cookie'] ?? []).some((c) => /^pt_receipt=[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}(;|$)/.test(c)),
						ms: performance.now() - started
					})
				);
			}
		);
		req.on('error', reject);
		req.end(p.body);
	});
}

/** `total` story posts, each with a form of its own, ready once a person could have written them. */
async function storyPosts(total: number): Promise<Post[]> {
	const posts: Post[] = [];
	for (let i = 0; i < total; i += 16) {
		const pages = await Promise.all(
			Array.from({ length: Math.min(16, total - i) }, () => send(server, { method: 'GET', path: `/p/${story.call.slug}` }))
		);
		for (const [k, page] of pages.entries()) {
			const n = i + k;
			const token = /id="entry-form"[\s\S]*?name="t" value="([^"]+)"/.exec(page.body)![1]!;
			const pairs: [string, string][] = [
				['t', token],
				['via', n % 3 === 0 ? 'qr' : 'web'],
				['website', ''],
				['body', `${STORIES[n % STORIES.length]} (${n})`],
				[story.guided[0]!, 'เจ้าหน้าที่มีน้อย คนมาเยอะช่วงเช้า'],
				['district', DISTRICTS[n % DISTRICTS.length]!]
			];
			if (n % 3 === 0) pairs.push(['contact_name', 'สมชาย'], ['contact_phone', '081-234-5678'], ['consent', 'yes']);
			const { body, contentType } = await multipart(pairs);
			posts.push({ path: `/p/${story.call.slug}?/send`, body, contentType });
		}
	}
	await waitUntil(Math.max(...posts.map((p) => tokenIssuedAt(/name="t"\r\n\r\n([^\r]+)/.exec(p.body.toString())![1]!)!)) + MIN_FILL_MS + 50);
	return posts;
}

/** Supports by `browsers` browsers, each supporting every idea on the call's page: its cookie and one form per idea. */
async function supportPosts(browsers: number): Promise<Post[][]> {
	const out: Post[][] = [];
	let latest = 0;
	for (let i = 0; i < browsers; i += 16) {
		const pages = await Promise.all(
			Array.from({ length: Math.min(16, browsers - i) }, () => send(server, { method: 'GET', path: `/p/${ideas.call.slug}` }))
		);
		for (const page of pages) {
			const set = ([] as string[]).concat(page.headers['set-cookie'] ?? []);
			const cookie = set.map((c) => /^pt_supporter=[^;]+/.exec(c)?.[0]).find(Boolean)!;
			const forms = [
				...page.body.matchAll(
					/action="[^"]*\/support"[^>]*><input type="hidden" name="t" value="([^"]+)"\/> <input type="hidden" name="idea" value="([^"]+)"/g
				)
			];
			if (forms.length !== IDEAS) throw new Error(`expected ${IDEAS} support forms, found ${forms.length}`);
			const posts: Post[] = [];
			for (const [, token, idea] of forms) {
				latest = Math.max(latest, tokenIssuedAt(token!)!);
				const body = Buffer.from(
					new URLSearchParams([
						['t', token!],
						['idea', idea!],
						['website', '']
					]).toString()
				);
				posts.push({ path: `/p/${ideas.call.slug}?/support`, body, contentType: 'application/x-www-form-urlencoded', cookie });
			}
			out.push(posts);
		}
	}
	await waitUntil(latest + CONFIRM_MS + 50);
	return out;
}

/** Posts every batch: `concurrency` phones at once, each batch from one address (a new one when its budget is spent). */
async function drive(batches: Post[][], concurrency: number, perAddress: number, ok: (r: { status: number; receipt: boolean }) => boolean) {
	const latencies: number[] = [];
	let failures = 0;
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			let sent = perAddress;
			let from = '';
			let agent: Agent | null = null;
			for (;;) {
				const b = next++;
				if (b >= batches.length) break;
				for (const p of batches[b]!) {
					if (sent >= perAddress) {
						agent?.destroy();
						agent = new Agent({ keepAlive: true, maxSockets: 1 });
						from = nextAddress();
						sent = 0;
					}
					sent++;
					const result = await post(agent!, from, p);
					latencies.push(result.ms);
					if (!ok(result)) failures++;
				}
			}
			agent?.destroy();
		})
	);
	const seconds = (performance.now() - started) / 1000;
	latencies.sort((a, b) => a - b);
	const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))]!.toFixed(1);
	return { seconds, failures, p50: pct(50), p95: pct(95), p99: pct(99) };
}

async function runStories(concurrency: number, total: number) {
	const before = await count('participation_entries');
	const posts = await storyPosts(total);
	const r = await drive(
		posts.map((p) => [p]),
		concurrency,
		STORIES_PER_ADDRESS,
		(x) => x.status === 303 && x.receipt
	);
	const stored = (await count('participation_entries')) - before;
	return { ...r, concurrency, total, perSecond: total / r.seconds, stored };
}

async function runSupports(concurrency: number, total: number) {
	const before = await count('participation_supports');
	const batches = await supportPosts(Math.ceil(total / IDEAS));
	const sent = batches.length * IDEAS;
	// A browser's supports come from one address, within the per-address budget.
	const r = await drive(batches, concurrency, Math.floor(LIMIT_RULES.participationSupport.points / IDEAS) * IDEAS - IDEAS, (x) => x.status === 303);
	const stored = (await count('participation_supports')) - before;
	return { ...r, concurrency, total: sent, perSecond: sent / r.seconds, stored };
}

function line(kind: string, r: Awaited<ReturnType<typeof runStories>>) {
	return `${kind.padEnd(8)} | ${String(r.concurrency).padStart(7)} | ${String(r.total).padStart(5)} | ${r.perSecond.toFixed(0).padStart(8)} | ${r.p50.padStart(6)} | ${r.p95.padStart(6)} | ${r.p99.padStart(6)} | ${String(r.failures).padStart(6)} | ${r.stored}`;
}

try {
	await runStories(4, 100); // warm-up (JIT, SQLite page cache), not reported
	await runSupports(4, 100);
	console.log(`Stories: multipart posts with a guided answer and a district (contact in one of three), each checked for 303 + receipt.`);
	console.log(`Supports: ${IDEAS} approved ideas, each browser supporting all of them, each checked for 303. Rows counted after each run.`);
	console.log('kind     | clients | posts | stored/s | p50 ms | p95 ms | p99 ms | failed | stored');
	for (const c of CONCURRENCY) {
		for (const [kind, r] of [
			['stories', await runStories(c, TOTAL)],
			['supports', await runSupports(c, TOTAL)]
		] as const) {
			console.log(line(kind, r));
			if (r.failures > 0 || r.stored !== r.total) throw new Error(`lost ${kind}: ${r.failures} failed, ${r.stored}/${r.total} stored`);
		}
	}
} finally {
	await db.destroy();
	await server.stop();
	server.cleanup();
}
