import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { CONFIRM_MS, MIN_FILL_MS, SUBMIT_BURST } from '../../src/lib/server/feedback/runtime.ts';
import { tokenIssuedAt } from '../../src/lib/server/feedback/form-token.ts';
import { until } from './collab-harness.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeFeedbackFixture, type FeedbackFixture } from '../unit/feedback-fixtures.ts';
import { feedbackRows, fillableTokens, postForm, receiptCookie, send } from './feedback-helpers.ts';

/**
 * The public form over real HTTP against the production build: a plain form post with no
 * JavaScript, receipts, withdrawal, and the abuse defences (each from its own loopback address,
 * so one test's rate limit never touches another's).
 */

let server: AppServer;
let db: DB;
let open: FeedbackFixture;
let closed: FeedbackFixture;
let token: string;
/** Forms that will be stored (each form is taken once). */
let storable: string[];

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);
	open = await makeFeedbackFixture(db, { collectContact: true, english: true });
	closed = await makeFeedbackFixture(db, { opensInDays: -10, closesInDays: -3 });
	storable = await fillableTokens(server, open.round.slug, 3);
	token = storable.pop()!;
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

const path = () => `/f/${open.round.slug}`;

describe('the public feedback form', () => {
	// bench/intake-compare.bench.ts's no-store post exists only when PRACHALAB_BENCH_ROUTES=1.
	it('has no bench route in a server started without PRACHALAB_BENCH_ROUTES', async () => {
		expect((await send(server, { method: 'GET', path: '/bench/no-store' })).status).toBe(404);
		const posted = await postForm(server, '/bench/no-store', [['a', '1']], { from: '127.9.0.1' });
		expect(posted.status).toBe(404);
		expect(posted.headers['set-cookie'] ?? []).toEqual([]);
	});

	it('is plain HTML with no script, in Thai first, each field labelled', async () => {
		const page = await send(server, { method: 'GET', path: path(), from: '127.0.0.2' });
		expect(page.status).toBe(200);
		expect(page.body).not.toMatch(/<script/i);
		expect(page.body).toMatch(/<html lang="th"/);
		expect(page.body).toContain('ทดลองจองคิวผ่าน LINE');
		expect(page.body).toContain(`<label for="${open.field.text}"`);
		expect(page.body).toMatch(/<form method="POST"[^>]*novalidate/);
	});

	it('weighs under 30 KB compressed with everything it loads', async () => {
		const page = await send(server, { method: 'GET', path: path(), from: '127.0.0.2' });
		const assets = [...page.body.matchAll(/<link[^>]+href="([^"]+)"/g)].map((m) => new URL(m[1]!, `http://127.0.0.1${path()}`).pathname);
		let total = gzipSync(page.body).byteLength;
		for (const asset of assets) {
			const res = await send(server, { method: 'GET', path: asset, headers: { 'accept-encoding': 'br, gzip' } });
			expect(res.status).toBe(200);
			total += res.bytes;
		}
		expect(assets.length).toBeGreaterThan(0);
		expect(total).toBeLessThan(30 * 1024);
	});

	it('takes a Thai response by a plain form post and shows its receipt once', async () => {
		const before = await feedbackRows(db);
		const sent = await postForm(
			server,
			path(),
			[
				['t', storable[0]!],
				['via', 'qr'],
				['website', ''],
				[open.field.rating, '5'],
				[open.field.multiple, 'o1'],
				[open.field.multiple, 'o2'],
				[open.field.text, 'การออกแบบบริการภาครัฐที่ใช้ง่ายมาก']
			],
			{ from: '127.0.0.3' }
		);
		expect(sent.status).toBe(303);
		expect(sent.headers.location).toBe(`/f/${open.round.slug}/thanks`);
		const receipt = receiptCookie(sent);
		expect(receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		expect(await feedbackRows(db)).toEqual({ ...before, responses: before.responses + 1, answers: before.answers + 4, search: before.search + 1 });
		const stored = await db.selectFrom('feedback_responses').select(['channel', 'locale']).orderBy('submitted_at', 'desc').executeTakeFirstOrThrow();
		expect(stored).toEqual({ channel: 'qr', locale: 'th' });

		const thanks = await send(server, {
			method: 'GET',
			path: `/f/${open.round.slug}/thanks`,
			headers: { cookie: `fb_receipt=${receipt}` },
			from: '127.0.0.3'
		});
		expect(thanks.status).toBe(200);
		expect(thanks.body).toContain(receipt!);
		expect(String(thanks.headers['set-cookie'])).toMatch(/fb_receipt=;.*Max-Age=0/);
	});

	it('shows what was sent for a receipt, and withdrawing it deletes it', async () => {
		const sent = await postForm(
			server,
			path(),
			[
				['t', storable[1]!],
				['via', 'web'],
				[open.field.rating, '2'],
				[open.field.text, 'รอนานเกินไป'],
				['contact_name', 'สมชาย'],
				['contact_phone', '081 234 5678'],
				['consent', 'yes']
			],
			{ from: '127.0.0.4' }
		);
		const receipt = receiptCookie(sent)!;
		const before = await feedbackRows(db);
		const shown = await postForm(server, '/f/receipt?/show', [['code', receipt.toLowerCase()]], { from: '127.0.0.4' });
		expect(shown.status).toBe(200);
		expect(shown.body).toContain('รอนานเกินไป');
		expect(shown.body).toContain('081 234 5678');

		const unconfirmed = await postForm(server, '/f/receipt?/withdraw', [['code', receipt]], { from: '127.0.0.4' });
		expect(unconfirmed.status).toBe(400);
		expect(await feedbackRows(db)).toEqual(before);

		const withdrawn = await postForm(
			server,
			'/f/receipt?/withdraw',
			[
				['code', receipt],
				['confirm', 'yes']
			],
			{ from: '127.0.0.4' }
		);
		expect(withdrawn.status).toBe(200);
		expect(await feedbackRows(db)).toEqual({
			responses: before.responses - 1,
			answers: before.answers - 2,
			contacts: before.contacts - 1,
			search: before.search - 1
		});
		const again = await postForm(server, '/f/receipt?/show', [['code', receipt]], { from: '127.0.0.4' });
		expect(again.status).toBe(404);
	});

	it('refuses an incomplete response in the citizen’s language and keeps what they typed', async () => {
		const pairs: [string, string][] = [
			['t', token],
			['via', 'web'],
			[open.field.text, 'ข้อความที่พิมพ์ไว้'],
			['contact_email', 'not-an-email'],
			['consent', 'yes']
		];
		const thai = await postForm(server, path(), pairs, { from: '127.0.0.5' });
		expect(thai.status).toBe(400);
		expect(thai.body).toContain('ข้อความที่พิมพ์ไว้');
		expect(thai.body).toContain('value="not-an-email"');
		expect(thai.body).toContain('กรุณาเลือกคำตอบ');
		expect(thai.body).toMatch(new RegExp(`aria-describedby="${open.field.rating}-error"`));
		expect(thai.body).toMatch(/aria-describedby="contact_email-error"/);
		const english = await postForm(server, path(), pairs, { from: '127.0.0.5', headers: { cookie: 'lang=en' } });
		expect(english.status).toBe(400);
		expect(english.body).toContain('Choose an answer');
		expect(english.body).toContain('ข้อความที่พิมพ์ไว้');
	});

	it('says plainly that a closed round is closed, and an unknown one does not exist', async () => {
		const page = await send(server, { method: 'GET', path: `/f/${closed.round.slug}`, from: '127.0.0.6' });
		expect(page.status).toBe(410);
		expect(page.body).toContain('ปิดรับความคิดเห็นแล้ว');
		const before = await feedbackRows(db);
		const post = await postForm(
			server,
			`/f/${closed.round.slug}`,
			[
				['t', token],
				[closed.field.rating, '4']
			],
			{ from: '127.0.0.6' }
		);
		expect(post.status).toBe(410);
		const unknown = await send(server, { method: 'GET', path: '/f/zzzz9999', from: '127.0.0.6' });
		expect(unknown.status).toBe(404);
		expect(unknown.body).toContain('ไม่พบแบบสอบถามนี้');
		expect(await feedbackRows(db)).toEqual(before);
	});

	it('asks a person who fixed a mistake quickly to confirm, with their answers kept, and stores it once they do', async () => {
		const from = '127.0.0.7';
		const page = await send(server, { method: 'GET', path: path(), from });
		const served = /name="t" value="([^"]+)"/.exec(page.body)![1]!;
		const before = await feedbackRows(db);
		// Sent at once with the rating missing: told what is missing.
		const first = await postForm(
			server,
			path(),
			[
				['t', served],
				[open.field.text, 'คิวยาวมากตอนเช้า']
			],
			{ from }
		);
		expect(first.status).toBe(400);
		// Fixed at once: sooner than anyone fills the form in, so it is not stored yet — and not thrown away.
		const fixed: [string, string][] = [
			[open.field.rating, '4'],
			[open.field.text, 'คิวยาวมากตอนเช้า']
		];
		const second = await postForm(server, path(), [['t', /name="t" value="([^"]+)"/.exec(first.body)![1]!], ...fixed], { from });
		expect(second.status).toBe(409);
		expect(receiptCookie(second)).toBeNull();
		expect(second.body).toContain('ยังไม่ได้ส่ง');
		expect(second.body).toContain('คิวยาวมากตอนเช้า');
		expect(second.body).toMatch(new RegExp(`value="4"[^>]*checked|checked[^>]*value="4"`));
		expect(second.body).toContain('ยืนยันและส่ง');
		expect(await feedbackRows(db)).toEqual(before);
		// Pressing "confirm and send", as a person does a moment later.
		const confirmToken = /name="t" value="([^"]+)"/.exec(second.body)![1]!;
		await until(() => Date.now() >= tokenIssuedAt(confirmToken)! + CONFIRM_MS + 50, 'a person has read the page', CONFIRM_MS + 5000);
		const confirmed = await postForm(server, path(), [['t', confirmToken], ...fixed], { from });
		expect(confirmed.status).toBe(303);
		expect(receiptCookie(confirmed)).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		expect((await feedbackRows(db)).responses).toBe(before.responses + 1);
		// The same page sent again (a double tap, the back button) is not stored twice.
		const again = await postForm(server, path(), [['t', confirmToken], ...fixed], { from });
		expect(again.status).toBe(409);
		expect(again.body).toContain('ส่งถึงเราแล้ว');
		expect((await feedbackRows(db)).responses).toBe(before.responses + 1);
	});

	it('never tells a bot (an instant post with the honeypot filled) that it was received, and stores nothing', async () => {
		const before = await feedbackRows(db);
		const fresh = /name="t" value="([^"]+)"/.exec((await send(server, { method: 'GET', path: path(), from: '127.0.0.11' })).body)![1]!;
		for (const t of [fresh, token]) {
			const bot = await postForm(
				server,
				path(),
				[
					['t', t],
					['website', 'http://spam.example'],
					[open.field.rating, '5']
				],
				{ from: '127.0.0.11' }
			);
			expect(bot.status).toBe(409);
			expect(bot.headers.location).toBeUndefined();
			expect(receiptCookie(bot)).toBeNull();
			expect(bot.body).toContain('ยังไม่ได้ส่ง');
			// The honeypot comes back empty: only a bot fills it in again.
			expect(bot.body).toMatch(/name="website"[^>]*value=""/);
		}
		expect(await feedbackRows(db)).toEqual(before);
	});

	it('answers a forged token with a fresh one that must wait the whole fill time, and stores nothing', async () => {
		const before = await feedbackRows(db);
		const forged = `${Date.now() - 60_000}.0.${'A'.repeat(22)}.${'B'.repeat(43)}`;
		const sent = await postForm(
			server,
			path(),
			[
				['t', forged],
				[open.field.rating, '5']
			],
			{ from: '127.0.0.12' }
		);
		expect(sent.status).toBe(400);
		const fresh = /name="t" value="([^"]+)"/.exec(sent.body)![1]!;
		expect(tokenIssuedAt(fresh)).toBeGreaterThan(Date.now() - 5000);
		const [, wait] = fresh.split('.');
		expect(Number(wait)).toBe(MIN_FILL_MS);
		expect(await feedbackRows(db)).toEqual(before);
	});

	it('refuses a body over the limit, a body that is not a form, and a post from another site', async () => {
		const before = await feedbackRows(db);
		const big = await postForm(
			server,
			path(),
			[
				['t', token],
				[open.field.rating, '5'],
				[open.field.text, 'ก'.repeat(50_000)]
			],
			{ from: '127.0.0.8' }
		);
		expect(big.status).toBe(413);
		const json = await send(server, {
			path: path(),
			body: JSON.stringify({ rating: 5 }),
			headers: { 'content-type': 'application/json' },
			from: '127.0.0.8'
		});
		expect(json.status).toBe(415);
		const crossSite = await postForm(
			server,
			path(),
			[
				['t', token],
				[open.field.rating, '5']
			],
			{ from: '127.0.0.8', headers: { origin: 'https://evil.example' } }
		);
		expect(crossSite.status).toBe(403);
		expect(await feedbackRows(db)).toEqual(before);
	});

	it('limits submissions per client address even when the client spoofs X-Forwarded-For', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < SUBMIT_BURST + 5; i++) {
			const res = await postForm(
				server,
				path(),
				[
					['t', token],
					[open.field.text, `ครั้งที่ ${i}`]
				],
				{
					from: '127.0.0.9',
					headers: { 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `198.51.100.${i}`, forwarded: `for=192.0.2.${i}` }
				}
			);
			statuses.push(res.status);
		}
		expect(statuses.slice(0, SUBMIT_BURST).every((s) => s !== 429)).toBe(true);
		expect(statuses.slice(SUBMIT_BURST)).toEqual([429, 429, 429, 429, 429]);
		// Another address is not affected.
		const other = await postForm(
			server,
			path(),
			[
				['t', token],
				[open.field.text, 'อีกเครื่อง']
			],
			{ from: '127.0.0.10' }
		);
		expect(other.status).not.toBe(429);
	});
});
