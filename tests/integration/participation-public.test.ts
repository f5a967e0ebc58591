import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { fieldsFrom } from '../../src/lib/server/feedback/responses.ts';
import { tokenIssuedAt } from '../../src/lib/server/feedback/form-token.ts';
import { CONFIRM_MS } from '../../src/lib/server/feedback/runtime.ts';
import { LIMIT_RULES } from '../../src/lib/server/limits/limiters.ts';
import { checkEntry, storeEntry } from '../../src/lib/server/participation/entries.ts';
import { setEntryStatus } from '../../src/lib/server/participation/moderation.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeParticipationFixture, type ParticipationFixture } from '../unit/participation-fixtures.ts';
import { until } from './collab-harness.ts';
import { postForm, send, type RawResponse } from './feedback-helpers.ts';
import { cookieValue, entryReceipt, fillableEntryTokens, jpegWithGps, participationRows, postMultipart } from './participation-helpers.ts';

/**
 * The citizens' side of calls over real HTTP against the production build: plain forms with no
 * script, a story with a photo, the confirm step (the photo kept for it), tokens used once,
 * receipts and withdrawal, supports and reports of ideas without an account. Each test posts
 * from its own loopback address, so one test's rate limit never touches another's.
 */

let server: AppServer;
let db: DB;
let story: ParticipationFixture;
let ideas: ParticipationFixture;
let checked: ParticipationFixture;
const GPS = 'GPS13.7563N100.5018E';

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);
	story = await makeParticipationFixture(db, { kind: 'story', collectContact: true, districts: true, english: true });
	ideas = await makeParticipationFixture(db, { kind: 'idea', facilitator: story.facilitator, projectId: story.projectId, reportThreshold: 2 });
	checked = await makeParticipationFixture(db, { kind: 'idea', facilitator: story.facilitator, projectId: story.projectId, supportCheck: true });
	// Twenty approved ideas: a full page of the list.
	for (let i = 0; i < 20; i++) {
		const id = await proposeIdea(ideas, `ไอเดียที่ ${i + 1}: จอบอกเวลารอหน้าสำนักงาน`);
		await setEntryStatus(db, ideas.call.id, [id], 'approved', ideas.facilitator.id);
	}
}, 60_000);

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

async function proposeIdea(fx: ParticipationFixture, title: string): Promise<string> {
	const entry = checkEntry(
		fx.call,
		[],
		[],
		fieldsFrom(
			new URLSearchParams([
				['title', title],
				['body', 'ติดจอใหญ่ที่หน้าสำนักงานบอกว่าต้องรออีกกี่นาที']
			])
		)
	);
	return (
		await storeEntry(db, fx.call, entry, {
			channel: 'web',
			locale: 'th',
			enteredBy: null,
			consentText: '',
			requireOpen: true,
			photo: { kind: 'none' }
		})
	).id;
}

const storyPath = () => `/p/${story.call.slug}`;
/** Where the story and idea forms post (a named action: the page has several forms). */
const sendPath = () => `${storyPath()}?/send`;

function photoFiles(): string[] {
	const dir = server.attachmentsDir;
	return existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')) : [];
}

/** What a page gives a browser for an idea: its support token, and the cookie it set. */
async function ideaForms(path: string, ideaId: string, from: string, cookie = '') {
	const page = await send(server, { method: 'GET', path, from, headers: cookie ? { cookie } : {} });
	expect(page.status).toBe(200);
	// On a call's page the idea's card holds its form; on an idea's page, the form that posts ?/support.
	const at = path.includes('/ideas/') ? page.body.search(/action="\?\/support"/) : page.body.indexOf(`id="idea-${ideaId}"`);
	const support = /name="t" value="([^"]+)"/.exec(page.body.slice(at))?.[1];
	const set = cookieValue(page, 'pt_supporter');
	return { page, support: support!, cookie: cookie || (set ? `pt_supporter=${set}` : '') };
}

async function waitFor(token: string, ms: number) {
	const issued = tokenIssuedAt(token)!;
	await until(() => Date.now() >= issued + ms + 50, 'the form is old enough', ms + 5000);
}

describe('the public call for stories', () => {
	it('is plain HTML with no script, in Thai first, each field labelled, ready to carry a photo', async () => {
		const page = await send(server, { method: 'GET', path: storyPath(), from: '127.0.1.2' });
		expect(page.status).toBe(200);
		expect(page.body).not.toMatch(/<script/i);
		expect(page.body).toMatch(/<html lang="th"/);
		expect(page.body).toContain('เล่าให้เราฟังถึงครั้งล่าสุดที่ท่านไปติดต่อสำนักงานเขต');
		expect(page.body).toContain('<label for="body"');
		expect(page.body).toContain('<label for="photo"');
		expect(page.body).toContain('<label for="district"');
		expect(page.body).toMatch(/<form method="POST" action="\?\/send" id="entry-form" enctype="multipart\/form-data" novalidate/);
	});

	it('weighs under 30 KB compressed with everything it loads, for a story and for a page of twenty ideas', async () => {
		for (const path of [storyPath(), `/p/${ideas.call.slug}`]) {
			const page = await send(server, { method: 'GET', path, from: '127.0.1.2' });
			const assets = [...page.body.matchAll(/<link[^>]+href="([^"]+)"/g)].map((m) => new URL(m[1]!, `http://127.0.0.1${path}`).pathname);
			let total = gzipSync(page.body).byteLength;
			for (const asset of assets) {
				const res = await send(server, { method: 'GET', path: asset, headers: { 'accept-encoding': 'br, gzip' } });
				expect(res.status).toBe(200);
				total += res.bytes;
			}
			expect(assets.length).toBeGreaterThan(0);
			expect(total, path).toBeLessThan(30 * 1024);
		}
		const ideasPage = await send(server, { method: 'GET', path: `/p/${ideas.call.slug}`, from: '127.0.1.2' });
		expect(ideasPage.body.match(/class="card idea[ "]/g)).toHaveLength(20);
	});

	it('takes a Thai story with a photo by a plain multipart post, keeps no location from the photo, and shows the receipt once', async () => {
		const [token] = await fillableEntryTokens(server, story.call.slug, 1, '127.0.1.3');
		const before = await participationRows(db);
		const filesBefore = photoFiles();
		const sent = await postMultipart(
			server,
			sendPath(),
			[
				['t', token!],
				['via', 'qr'],
				['website', ''],
				['body', 'รอคิวตั้งแต่เจ็ดโมงเช้า กว่าจะได้ทำบัตรก็บ่ายสอง ต้องลางานทั้งวัน'],
				[story.guided[0]!, 'เจ้าหน้าที่มีน้อย'],
				['district', 'บางพลัด'],
				['contact_name', 'สมชาย'],
				['consent', 'yes']
			],
			{ from: '127.0.1.3', file: { field: 'photo', name: 'queue.jpg', type: 'image/jpeg', bytes: jpegWithGps(GPS) } }
		);
		expect(sent.status).toBe(303);
		expect(sent.headers.location).toBe(`${storyPath()}/thanks`);
		const receipt = entryReceipt(sent);
		expect(receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		expect(await participationRows(db)).toEqual({
			...before,
			entries: before.entries + 1,
			answers: before.answers + 1,
			contacts: before.contacts + 1,
			search: before.search + 1
		});
		const row = await db.selectFrom('participation_entries').selectAll().orderBy('submitted_at', 'desc').executeTakeFirstOrThrow();
		expect(row).toMatchObject({ kind: 'story', channel: 'qr', district: 'บางพลัด', photo_type: 'image/jpeg', status: 'new' });
		const added = photoFiles().filter((f) => !filesBefore.includes(f));
		expect(added).toEqual([row.photo_key]);
		const bytes = readFileSync(join(server.attachmentsDir, row.photo_key!));
		expect(bytes.includes(Buffer.from(GPS))).toBe(false);
		expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

		const thanks = await send(server, {
			method: 'GET',
			path: `${storyPath()}/thanks`,
			headers: { cookie: `pt_receipt=${receipt}` },
			from: '127.0.1.3'
		});
		expect(thanks.body).toContain(receipt!);
		expect(String(thanks.headers['set-cookie'])).toMatch(/pt_receipt=;.*Max-Age=0/);
	});

	it('asks a too-fast story to be confirmed, keeps its photo for the confirmation, and stores it once with the photo', async () => {
		const from = '127.0.1.4';
		const page = await send(server, { method: 'GET', path: storyPath(), from });
		const token = /id="entry-form"[\s\S]*?name="t" value="([^"]+)"/.exec(page.body)![1]!;
		const before = await participationRows(db);
		const fields: [string, string][] = [
			['via', 'web'],
			['body', 'กรอกเร็วเพราะรีบไปทำงาน แต่เรื่องนี้สำคัญมาก']
		];
		const fast = await postMultipart(server, sendPath(), [['t', token], ...fields], {
			from,
			file: { field: 'photo', name: 'fast.jpg', type: 'image/jpeg', bytes: jpegWithGps(GPS) }
		});
		expect(fast.status).toBe(409);
		expect(entryReceipt(fast)).toBeNull();
		expect(fast.body).toContain('กรอกเร็วเพราะรีบไปทำงาน แต่เรื่องนี้สำคัญมาก');
		const ref = /name="photo_ref" value="([^"]+)"/.exec(fast.body)?.[1];
		expect(ref).toMatch(/^[a-z0-9]{24}\.jpg$/);
		expect(fast.body).toContain('fast.jpg');
		expect(await participationRows(db)).toEqual({ ...before, pendingPhotos: before.pendingPhotos + 1 });

		const confirmToken = /id="entry-form"[\s\S]*?name="t" value="([^"]+)"/.exec(fast.body)![1]!;
		await waitFor(confirmToken, CONFIRM_MS);
		const confirmed = await postMultipart(server, sendPath(), [['t', confirmToken], ['photo_ref', ref!], ...fields], { from });
		expect(confirmed.status).toBe(303);
		expect(entryReceipt(confirmed)).not.toBeNull();
		expect(await participationRows(db)).toEqual({ ...before, entries: before.entries + 1, search: before.search + 1 });
		const row = await db.selectFrom('participation_entries').select(['photo_key']).orderBy('submitted_at', 'desc').executeTakeFirstOrThrow();
		expect(row.photo_key).toBe(ref);
	});

	it('asks a form with the honeypot filled to confirm and stores nothing', async () => {
		const [token] = await fillableEntryTokens(server, story.call.slug, 1, '127.0.1.5');
		const before = await participationRows(db);
		const bot = await postForm(
			server,
			sendPath(),
			[
				['t', token!],
				['website', 'http://spam.example'],
				['body', 'ซื้อเลยวันนี้ ลดราคาพิเศษ ลิงก์ด้านล่าง']
			],
			{ from: '127.0.1.5' }
		);
		expect(bot.status).toBe(409);
		expect(entryReceipt(bot)).toBeNull();
		expect(await participationRows(db)).toEqual(before);
	});

	it('takes each form once: the same token again stores nothing and says it was received', async () => {
		const [token] = await fillableEntryTokens(server, story.call.slug, 1, '127.0.1.6');
		const pairs: [string, string][] = [
			['t', token!],
			['body', 'กดส่งสองครั้งเพราะสัญญาณไม่ดี']
		];
		const first = await postForm(server, sendPath(), pairs, { from: '127.0.1.6' });
		expect(first.status).toBe(303);
		const before = await participationRows(db);
		const again = await postForm(server, sendPath(), pairs, { from: '127.0.1.6' });
		expect(again.status).toBe(409);
		expect(again.body).toContain('เราได้รับแบบฟอร์มนี้แล้ว');
		expect(await participationRows(db)).toEqual(before);
	});

	it('shows a story by its receipt and withdraws it for good, its photo file with it', async () => {
		const from = '127.0.1.7';
		const [token] = await fillableEntryTokens(server, story.call.slug, 1, from);
		const sent = await postMultipart(
			server,
			sendPath(),
			[
				['t', token!],
				['body', 'เรื่องที่จะถอนออกพร้อมรูปภาพ']
			],
			{
				from,
				file: { field: 'photo', name: 'mine.jpg', type: 'image/jpeg', bytes: jpegWithGps(GPS) }
			}
		);
		const receipt = entryReceipt(sent)!;
		const key = (await db.selectFrom('participation_entries').select('photo_key').orderBy('submitted_at', 'desc').executeTakeFirstOrThrow())
			.photo_key!;
		expect(photoFiles()).toContain(key);
		const shown = await postForm(server, '/p/receipt?/show', [['code', receipt.toLowerCase()]], { from });
		expect(shown.status).toBe(200);
		expect(shown.body).toContain('เรื่องที่จะถอนออกพร้อมรูปภาพ');
		const before = await participationRows(db);
		const unconfirmed = await postForm(server, '/p/receipt?/withdraw', [['code', receipt]], { from });
		expect(unconfirmed.status).toBe(400);
		expect(await participationRows(db)).toEqual(before);
		const withdrawn = await postForm(
			server,
			'/p/receipt?/withdraw',
			[
				['code', receipt],
				['confirm', 'yes']
			],
			{ from }
		);
		expect(withdrawn.status).toBe(200);
		expect(await participationRows(db)).toEqual({ ...before, entries: before.entries - 1, search: before.search - 1 });
		expect(photoFiles()).not.toContain(key);
		expect((await postForm(server, '/p/receipt?/show', [['code', receipt]], { from })).status).toBe(404);
	});

	it('refuses a photo that is not one (a PDF named .jpg), keeping what was typed', async () => {
		const [token] = await fillableEntryTokens(server, story.call.slug, 1, '127.0.1.8');
		const before = await participationRows(db);
		const sent = await postMultipart(
			server,
			sendPath(),
			[
				['t', token!],
				['body', 'เรื่องนี้แนบไฟล์ผิดประเภท']
			],
			{
				from: '127.0.1.8',
				file: { field: 'photo', name: 'photo.jpg', type: 'image/jpeg', bytes: new TextEncoder().encode('%PDF-1.4\n') }
			}
		);
		expect(sent.status).toBe(400);
		expect(sent.body).toContain('ไม่ใช่รูปภาพที่รับได้');
		expect(sent.body).toContain('เรื่องนี้แนบไฟล์ผิดประเภท');
		expect(await participationRows(db)).toEqual(before);
	});
});

describe('supports and reports of ideas, without an account', () => {
	it('counts one support per browser, gives a browser without a cookie one and asks it to press again', async () => {
		const from = '127.0.2.1';
		const [target] = (
			await db.selectFrom('participation_entries').select('id').where('call_id', '=', ideas.call.id).orderBy('submitted_at').limit(1).execute()
		).map((r) => r.id);
		const count = async () =>
			Number(
				(
					await db
						.selectFrom('participation_supports')
						.select((eb) => eb.fn.countAll<number>().as('n'))
						.where('entry_id', '=', target!)
						.executeTakeFirstOrThrow()
				).n
			);
		// No cookie: nothing counted, one given.
		const first = await ideaForms(`/p/${ideas.call.slug}`, target!, from);
		await waitFor(first.support, CONFIRM_MS);
		const cookieless = await postForm(
			server,
			`/p/${ideas.call.slug}?/support`,
			[
				['t', first.support],
				['idea', target!]
			],
			{ from }
		);
		expect(cookieless.status).toBe(400);
		expect(cookieless.body).toContain('กรุณากดอีกครั้ง');
		expect(await count()).toBe(0);
		const given = `pt_supporter=${cookieValue(cookieless, 'pt_supporter')}`;

		const supported = await postForm(
			server,
			`/p/${ideas.call.slug}?/support`,
			[
				['t', first.support],
				['idea', target!]
			],
			{ from, headers: { cookie: given } }
		);
		expect(supported.status).toBe(303);
		expect(supported.headers.location).toBe(`/p/${ideas.call.slug}#idea-${target}`);
		expect(await count()).toBe(1);
		const after = await ideaForms(`/p/${ideas.call.slug}`, target!, from, given);
		expect(after.page.body).toContain(`id="supported-${target}"`);

		// The same browser from the idea's own page: still one.
		const idea = await ideaForms(`/p/${ideas.call.slug}/ideas/${target}`, target!, from, given);
		expect(idea.page.body).toContain('ท่านสนับสนุนไอเดียนี้แล้ว');
		const other = await ideaForms(`/p/${ideas.call.slug}/ideas/${target}`, target!, from, 'pt_supporter=forged.cookie');
		await waitFor(other.support, CONFIRM_MS);
		const twice = await postForm(server, `/p/${ideas.call.slug}/ideas/${target}?/support`, [['t', other.support]], {
			from,
			headers: { cookie: given }
		});
		expect(twice.status).toBe(303);
		expect(await count()).toBe(1);
	});

	it('asks a too-fast support to be confirmed and counts nothing until then', async () => {
		const from = '127.0.2.2';
		const target = await proposeIdea(ideas, 'ไอเดียสำหรับทดสอบการกดเร็ว');
		await setEntryStatus(db, ideas.call.id, [target], 'approved', ideas.facilitator.id);
		const visit = await ideaForms(`/p/${ideas.call.slug}/ideas/${target}`, target, from);
		const fast = await postForm(server, `/p/${ideas.call.slug}/ideas/${target}?/support`, [['t', visit.support]], {
			from,
			headers: { cookie: visit.cookie }
		});
		expect(fast.status).toBe(409);
		expect(fast.body).toContain('ยืนยันการสนับสนุน');
		expect(await db.selectFrom('participation_supports').selectAll().where('entry_id', '=', target).execute()).toHaveLength(0);
		const token = /name="t" value="([^"]+)"/.exec(fast.body.slice(fast.body.search(/action="\?\/support"/)))![1]!;
		await waitFor(token, CONFIRM_MS);
		const confirmed = await postForm(server, `/p/${ideas.call.slug}/ideas/${target}?/support`, [['t', token]], {
			from,
			headers: { cookie: visit.cookie }
		});
		expect(confirmed.status).toBe(303);
		expect(await db.selectFrom('participation_supports').selectAll().where('entry_id', '=', target).execute()).toHaveLength(1);
	});

	it('asks the call’s short question before a support counts, in Thai words', async () => {
		const from = '127.0.2.3';
		const target = await proposeIdea(checked, 'ไอเดียที่ต้องตอบคำถามก่อนสนับสนุน');
		await setEntryStatus(db, checked.call.id, [target], 'approved', checked.facilitator.id);
		const visit = await ideaForms(`/p/${checked.call.slug}/ideas/${target}`, target, from);
		const question = /<label for="check-[^"]+" class="q[^"]*">([^<]+)<\/label>/.exec(visit.page.body)![1]!;
		const thai = ['ศูนย์', 'หนึ่ง', 'สอง', 'สาม', 'สี่', 'ห้า', 'หก', 'เจ็ด', 'แปด', 'เก้า'];
		const [, a, b] = /^(\S+) บวก (\S+) ได้เท่าไร$/.exec(question)!;
		const sum = thai.indexOf(a!) + thai.indexOf(b!);
		await waitFor(visit.support, CONFIRM_MS);
		const wrong = await postForm(
			server,
			`/p/${checked.call.slug}/ideas/${target}?/support`,
			[
				['t', visit.support],
				['check', String(sum + 1)]
			],
			{
				from,
				headers: { cookie: visit.cookie }
			}
		);
		expect(wrong.status).toBe(400);
		expect(wrong.body).toContain('คำตอบไม่ถูกต้อง');
		const right = await postForm(
			server,
			`/p/${checked.call.slug}/ideas/${target}?/support`,
			[
				['t', visit.support],
				['check', String(sum)]
			],
			{
				from,
				headers: { cookie: visit.cookie }
			}
		);
		expect(right.status).toBe(303);
		expect(await db.selectFrom('participation_supports').selectAll().where('entry_id', '=', target).execute()).toHaveLength(1);
	});

	it('hides an idea from the public once two browsers reported it', async () => {
		const target = await proposeIdea(ideas, 'ไอเดียที่จะถูกรายงาน');
		await setEntryStatus(db, ideas.call.id, [target], 'approved', ideas.facilitator.id);
		for (const [i, from] of ['127.0.2.4', '127.0.2.5'].entries()) {
			const page = await send(server, { method: 'GET', path: `/p/${ideas.call.slug}/ideas/${target}`, from });
			expect(page.status).toBe(200);
			const cookie = `pt_supporter=${cookieValue(page, 'pt_supporter')}`;
			const token = /action="\?\/report"[\s\S]*?name="t" value="([^"]+)"/.exec(page.body)![1]!;
			await waitFor(token, CONFIRM_MS);
			const report = await postForm(
				server,
				`/p/${ideas.call.slug}/ideas/${target}?/report`,
				[
					['t', token],
					['reason', i === 0 ? 'spam' : 'offensive']
				],
				{
					from,
					headers: { cookie }
				}
			);
			expect(report.status).toBe(303);
		}
		expect((await send(server, { method: 'GET', path: `/p/${ideas.call.slug}/ideas/${target}`, from: '127.0.2.6' })).status).toBe(404);
		const list = await send(server, { method: 'GET', path: `/p/${ideas.call.slug}?sort=new`, from: '127.0.2.6' });
		expect(list.body).not.toContain('ไอเดียที่จะถูกรายงาน');
		expect(await db.selectFrom('participation_entries').select(['status', 'hidden_by_reports']).where('id', '=', target).executeTakeFirst()).toEqual({
			status: 'hidden',
			hidden_by_reports: 1
		});
	});

	it(`limits supports and reports to ${LIMIT_RULES.participationSupport.points} an hour from one address`, async () => {
		const from = '127.0.2.7';
		const target = await proposeIdea(ideas, 'ไอเดียสำหรับทดสอบขีดจำกัด');
		await setEntryStatus(db, ideas.call.id, [target], 'approved', ideas.facilitator.id);
		let last: RawResponse | null = null;
		const statuses: number[] = [];
		for (let i = 0; i <= LIMIT_RULES.participationSupport.points; i++) {
			last = await postForm(server, `/p/${ideas.call.slug}/ideas/${target}?/support`, [['t', 'x']], { from });
			statuses.push(last.status);
		}
		expect(statuses.slice(0, -1).every((s) => s === 400)).toBe(true);
		expect(last!.status).toBe(429);
	});
});
