import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { SUBMIT_BURST } from '../../src/lib/server/feedback/runtime.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeFeedbackFixture, type FeedbackFixture } from '../unit/feedback-fixtures.ts';
import { feedbackRows, fillableToken, postForm, receiptCookie, send } from './feedback-helpers.ts';

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

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);
	open = await makeFeedbackFixture(db, { collectContact: true, english: true });
	closed = await makeFeedbackFixture(db, { opensInDays: -10, closesInDays: -3 });
	token = await fillableToken(server, open.round.slug);
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

const path = () => `/f/${open.round.slug}`;

describe('the public feedback form', () => {
	it('is plain HTML with no script, in Thai first, each field labelled', async () => {
		const page = await send(server, { method: 'GET', path: path(), from: '127.0.0.2' });
		expect(page.status).toBe(200);
		expect(page.body).not.toMatch(/<script/i);
		expect(page.body).toMatch(/<html lang="th"/);
		expect(page.body).toContain('ทดลองจองคิวผ่าน LINE');
		expect(page.body).toContain(`<label for="${open.field.text}"`);
		expect(page.body).toMatch(/<form method="POST" novalidate/);
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
				['t', token],
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

		const thanks = await send(server, { method: 'GET', path: `/f/${open.round.slug}/thanks`, headers: { cookie: `fb_receipt=${receipt}` }, from: '127.0.0.3' });
		expect(thanks.status).toBe(200);
		expect(thanks.body).toContain(receipt!);
		expect(String(thanks.headers['set-cookie'])).toMatch(/fb_receipt=;.*Max-Age=0/);
	});

	it('shows what was sent for a receipt, and withdrawing it deletes it', async () => {
		const sent = await postForm(
			server,
			path(),
			[['t', token], ['via', 'web'], [open.field.rating, '2'], [open.field.text, 'รอนานเกินไป'], ['contact_name', 'สมชาย'], ['contact_phone', '081 234 5678'], ['consent', 'yes']],
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

		const withdrawn = await postForm(server, '/f/receipt?/withdraw', [['code', receipt], ['confirm', 'yes']], { from: '127.0.0.4' });
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
		const pairs: [string, string][] = [['t', token], ['via', 'web'], [open.field.text, 'ข้อความที่พิมพ์ไว้'], ['contact_email', 'not-an-email'], ['consent', 'yes']];
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
		const post = await postForm(server, `/f/${closed.round.slug}`, [['t', token], [closed.field.rating, '4']], { from: '127.0.0.6' });
		expect(post.status).toBe(410);
		const unknown = await send(server, { method: 'GET', path: '/f/zzzz9999', from: '127.0.0.6' });
		expect(unknown.status).toBe(404);
		expect(unknown.body).toContain('ไม่พบแบบสอบถามนี้');
		expect(await feedbackRows(db)).toEqual(before);
	});

	it('answers the honeypot and a too-fast form as if stored, and stores nothing', async () => {
		const before = await feedbackRows(db);
		const honeypot = await postForm(server, path(), [['t', token], ['website', 'http://spam.example'], [open.field.rating, '5']], { from: '127.0.0.7' });
		expect(honeypot.status).toBe(303);
		expect(receiptCookie(honeypot)).toBeNull();
		const fresh = /name="t" value="([^"]+)"/.exec((await send(server, { method: 'GET', path: path(), from: '127.0.0.7' })).body)![1]!;
		const tooFast = await postForm(server, path(), [['t', fresh], [open.field.rating, '5']], { from: '127.0.0.7' });
		expect(tooFast.status).toBe(303);
		expect(receiptCookie(tooFast)).toBeNull();
		expect(await feedbackRows(db)).toEqual(before);
	});

	it('refuses a body over the limit, a body that is not a form, and a post from another site', async () => {
		const before = await feedbackRows(db);
		const big = await postForm(server, path(), [['t', token], [open.field.rating, '5'], [open.field.text, 'ก'.repeat(50_000)]], { from: '127.0.0.8' });
		expect(big.status).toBe(413);
		const json = await send(server, { path: path(), body: JSON.stringify({ rating: 5 }), headers: { 'content-type': 'application/json' }, from: '127.0.0.8' });
		expect(json.status).toBe(415);
		const crossSite = await postForm(server, path(), [['t', token], [open.field.rating, '5']], { from: '127.0.0.8', headers: { origin: 'https://evil.example' } });
		expect(crossSite.status).toBe(403);
		expect(await feedbackRows(db)).toEqual(before);
	});

	it('limits submissions per client address even when the client spoofs X-Forwarded-For', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < SUBMIT_BURST + 5; i++) {
			const res = await postForm(server, path(), [['t', token], [open.field.text, `ครั้งที่ ${i}`]], {
				from: '127.0.0.9',
				headers: { 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `198.51.100.${i}`, forwarded: `for=192.0.2.${i}` }
			});
			statuses.push(res.status);
		}
		expect(statuses.slice(0, SUBMIT_BURST).every((s) => s !== 429)).toBe(true);
		expect(statuses.slice(SUBMIT_BURST)).toEqual([429, 429, 429, 429, 429]);
		// Another address is not affected.
		const other = await postForm(server, path(), [['t', token], [open.field.text, 'อีกเครื่อง']], { from: '127.0.0.10' });
		expect(other.status).not.toBe(429);
	});
});
