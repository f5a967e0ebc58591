import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { SUBMIT_BURST, CONFIRM_MS } from '../../src/lib/server/feedback/runtime.ts';
import { tokenIssuedAt } from '../../src/lib/server/feedback/form-token.ts';
import { fieldsFrom } from '../../src/lib/server/feedback/responses.ts';
import { checkEntry, storeEntry } from '../../src/lib/server/participation/entries.ts';
import { setEntryStatus } from '../../src/lib/server/participation/moderation.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeParticipationFixture, type ParticipationFixture } from '../unit/participation-fixtures.ts';
import { until } from './collab-harness.ts';
import { send, type RawResponse } from './feedback-helpers.ts';
import { cookieValue, entryReceipt, fillableEntryTokens, jpegWithGps, multipart, participationRows } from './participation-helpers.ts';

/**
 * The feedback form's 1,000 bad submissions (feedback-fuzz.test.ts), for stories, ideas, and
 * supports and reports of ideas: wrong and missing fields, oversized texts and photos, files that
 * are not photos, forged photo references, broken multipart, a closed call, wrong content types,
 * cross-origin posts, forged, replayed and shortened tokens, forged cookies, ideas that are not
 * public, wrong answers to the human check, the honeypot and too-fast forms. Each is answered
 * 4xx, never with a receipt, and nothing is stored: no entry, answer, contact, search entry,
 * support, report or photo kept aside. They come from many loopback addresses, each under its
 * rate limit, so every one reaches the check it is meant to test.
 */

const COUNT = 1000;
let server: AppServer;
let db: DB;
let story: ParticipationFixture;
let idea: ParticipationFixture;
let checked: ParticipationFixture;
let closed: ParticipationFixture;
let storyToken: string;
let ideaToken: string;
let usedToken: string;
let approved: string;
let unapproved: string;
let checkedIdea: string;
let supportToken: string;
let reportToken: string;
let checkedToken: string;
let cookie: string;

async function proposal(fx: ParticipationFixture, title: string) {
	const entry = checkEntry(
		fx.call,
		[],
		[],
		fieldsFrom(
			new URLSearchParams([
				['title', title],
				['body', 'ติดจอใหญ่บอกเวลารอที่หน้าสำนักงาน']
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

beforeAll(async () => {
	// A small body limit, so oversized photos are cheap to send a thousand times.
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase', BODY_SIZE_LIMIT: '600K' } });
	db = openDatabase(server.databasePath);
	story = await makeParticipationFixture(db, { kind: 'story', collectContact: true, districts: true });
	idea = await makeParticipationFixture(db, { kind: 'idea', facilitator: story.facilitator, projectId: story.projectId });
	checked = await makeParticipationFixture(db, { kind: 'idea', facilitator: story.facilitator, projectId: story.projectId, supportCheck: true });
	closed = await makeParticipationFixture(db, {
		kind: 'story',
		facilitator: story.facilitator,
		projectId: story.projectId,
		opensInDays: -10,
		closesInDays: -3
	});
	approved = await proposal(idea, 'ไอเดียที่เผยแพร่แล้ว');
	unapproved = await proposal(idea, 'ไอเดียที่ยังไม่อนุมัติ');
	checkedIdea = await proposal(checked, 'ไอเดียที่ต้องตอบคำถาม');
	await setEntryStatus(db, idea.call.id, [approved], 'approved', idea.facilitator.id);
	await setEntryStatus(db, checked.call.id, [checkedIdea], 'approved', checked.facilitator.id);

	const page = await send(server, { method: 'GET', path: `/p/${idea.call.slug}/ideas/${approved}` });
	cookie = `pt_supporter=${cookieValue(page, 'pt_supporter')}`;
	supportToken = /action="\?\/support"[\s\S]*?name="t" value="([^"]+)"/.exec(page.body)![1]!;
	reportToken = /action="\?\/report"[\s\S]*?name="t" value="([^"]+)"/.exec(page.body)![1]!;
	const checkedPage = await send(server, { method: 'GET', path: `/p/${checked.call.slug}/ideas/${checkedIdea}`, headers: { cookie } });
	checkedToken = /action="\?\/support"[\s\S]*?name="t" value="([^"]+)"/.exec(checkedPage.body)![1]!;
	[storyToken, usedToken] = (await fillableEntryTokens(server, story.call.slug, 2)) as [string, string];
	[ideaToken] = (await fillableEntryTokens(server, idea.call.slug, 1)) as [string];
	await db
		.insertInto('feedback_used_tokens')
		.values({ id: usedToken.split('.')[2]!, expires_at: Date.now() + 24 * 60 * 60 * 1000 })
		.execute();
	const latest = Math.max(...[supportToken, reportToken, checkedToken].map((t) => tokenIssuedAt(t)!));
	await until(() => Date.now() > latest + CONFIRM_MS + 50, 'the support forms are old enough', CONFIRM_MS + 5000);
}, 60_000);

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

/** A small deterministic generator, so a failure can be replayed. */
function generator(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return { next, pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]! };
}

interface Case {
	kind: string;
	path: string;
	body: string | Buffer;
	headers: Record<string, string>;
	/** Sent with an entry form token fetched just before it (FRESH in the body): a too-fast form. */
	fresh?: boolean;
}

const FRESH = '__fresh_token__';
const FORM = 'application/x-www-form-urlencoded';
const form = (pairs: [string, string][]) => new URLSearchParams(pairs).toString();

async function makeCases(): Promise<Case[]> {
	const g = generator(20_260_113);
	const storyPath = `/p/${story.call.slug}?/send`;
	const ideaPath = `/p/${idea.call.slug}?/send`;
	const supportPath = `/p/${idea.call.slug}/ideas/${approved}?/support`;
	const reportPath = `/p/${idea.call.slug}/ideas/${approved}?/report`;
	const validStory = (): [string, string][] => [
		['t', storyToken],
		['via', 'web'],
		['body', 'รอคิวนานมาก ต้องลางานทั้งวันเพื่อทำบัตร'],
		[story.guided[0]!, 'เจ้าหน้าที่มีน้อย']
	];
	const without = (name: string) => validStory().filter(([k]) => k !== name);
	const validIdea = (): [string, string][] => [
		['t', ideaToken],
		['title', 'จอบอกเวลารอ'],
		['body', 'ติดจอใหญ่บอกเวลารอที่หน้าสำนักงาน']
	];
	const pdf = new TextEncoder().encode('%PDF-1.4\n% not a photo\n');
	const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
	const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00');
	const big = new Uint8Array(600 * 1024).fill(7);
	big.set(jpegWithGps('x').subarray(0, 4));
	const mp = async (pairs: [string, string][], file?: { field: string; name: string; type: string; bytes: Uint8Array }) => {
		const { body, contentType } = await multipart(pairs, file);
		return { body, headers: { 'content-type': contentType } };
	};
	const photo = (bytes: Uint8Array, name = 'photo.jpg', field = 'photo') => ({ field, name, type: 'image/jpeg', bytes });
	const support = (pairs: [string, string][], headers: Record<string, string> = { cookie }) => ({
		path: supportPath,
		headers: { 'content-type': FORM, ...headers },
		body: form(pairs)
	});
	const generators: (() => Case | Promise<Case>)[] = [
		// The story's text.
		() => ({ kind: 'story missing', path: storyPath, headers: { 'content-type': FORM }, body: form(without('body')) }),
		() => ({
			kind: 'story too short',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...without('body'), ['body', g.pick(['ก', 'สั้น', ' ', 'abc'])]])
		}),
		() => ({
			kind: 'story too long',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...without('body'), ['body', 'ก'.repeat(3001 + Math.floor(g.next() * 500))]])
		}),
		() => ({
			kind: 'control characters',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...without('body'), ['body', `รอคิวนานมาก\u0000${g.pick(['\u0007', '\u001b', '\u007f'])}`]])
		}),
		() => ({ kind: 'invalid UTF-8', path: storyPath, headers: { 'content-type': FORM }, body: `t=${encodeURIComponent(storyToken)}&body=%FF%FE%C0` }),
		() => ({
			kind: 'repeated story',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...validStory(), ['body', 'อีกเรื่องหนึ่งที่ยาวพอ']])
		}),
		() => ({
			kind: 'guided answer too long',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...validStory().slice(0, 3), [story.guided[0]!, 'ข'.repeat(1501)]])
		}),
		() => ({
			kind: 'unknown field',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...validStory(), [g.pick(['status', 'call_id', 'entered_by', '__proto__', 'channel', 'photo_key', 'title']), '1']])
		}),
		() => ({
			kind: 'bad channel',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...without('via'), ['via', g.pick(['counter', 'phone', 'admin', ''])]])
		}),
		() => ({
			kind: 'district not listed',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...validStory(), ['district', g.pick(['เขตที่ไม่มี', 'Bangkok Noi', 'บางพลัด '])]])
		}),
		() => ({
			kind: 'two districts',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...validStory(), ['district', 'บางพลัด'], ['district', 'ตลิ่งชัน']])
		}),
		() => ({
			kind: 'contact without consent',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...validStory(), ['contact_phone', '0812345678']])
		}),
		() => ({
			kind: 'bad contact',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...validStory(), [g.pick(['contact_phone', 'contact_email']), g.pick(['abc', '12', 'x@', '@y.z'])], ['consent', 'yes']])
		}),
		() => ({
			kind: 'too many fields',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...validStory(), ...Array.from({ length: 401 }, (_, i): [string, string] => [`x${i}`, '1'])])
		}),
		() => ({
			kind: 'text body over the limit',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...validStory(), ['x', 'a'.repeat(70_000)]])
		}),
		// Photos.
		async () => ({ kind: 'a PDF as a photo', path: storyPath, ...(await mp(validStory(), photo(pdf))) }),
		async () => ({ kind: 'an SVG as a photo', path: storyPath, ...(await mp(validStory(), photo(svg, 'x.svg'))) }),
		async () => ({ kind: 'a GIF as a photo', path: storyPath, ...(await mp(validStory(), photo(gif, 'x.gif'))) }),
		async () => ({ kind: 'a photo over the limit', path: storyPath, ...(await mp(validStory(), photo(big))) }),
		async () => ({
			kind: 'a file in another field',
			path: storyPath,
			...(await mp(validStory(), photo(jpegWithGps('x'), 'x.jpg', g.pick(['body', 'file', 'attachment']))))
		}),
		() => ({
			kind: 'a forged photo reference',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...validStory(), ['photo_ref', g.pick(['abcdefghijkmnpqrstuvwxyz.jpg', '../app.db', 'x'])]])
		}),
		() => ({
			kind: 'broken multipart',
			path: storyPath,
			headers: { 'content-type': 'multipart/form-data; boundary=X' },
			body: `--X\r\nContent-Disposition: form-data; name="body"\r\n\r\nไม่จบ`
		}),
		// Ideas.
		() => ({
			kind: 'idea without a title',
			path: ideaPath,
			headers: { 'content-type': FORM },
			body: form(validIdea().filter(([k]) => k !== 'title'))
		}),
		() => ({
			kind: 'idea title too long',
			path: ideaPath,
			headers: { 'content-type': FORM },
			body: form([...validIdea().filter(([k]) => k !== 'title'), ['title', 'ก'.repeat(141)]])
		}),
		() => ({
			kind: 'idea with a guided answer',
			path: ideaPath,
			headers: { 'content-type': FORM },
			body: form([...validIdea(), [story.guided[0]!, 'x']])
		}),
		// Tokens, calls, content types, origins.
		() => ({ kind: 'missing token', path: storyPath, headers: { 'content-type': FORM }, body: form(without('t')) }),
		() => ({
			kind: 'forged token',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([
				...without('t'),
				['t', g.pick([`${Date.now() - 60_000}.3000.${'A'.repeat(22)}.${'A'.repeat(43)}`, storyToken + 'x', ideaToken, 'garbage'])]
			])
		}),
		() => ({ kind: 'replayed token', path: storyPath, headers: { 'content-type': FORM }, body: form([...without('t'), ['t', usedToken]]) }),
		() => ({
			kind: 'shortened wait',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...without('t'), ['t', storyToken.replace(/^(\d+)\.\d+\./, `$1.${g.pick(['0', '1'])}.`)]])
		}),
		() => ({ kind: 'closed call', path: `/p/${closed.call.slug}?/send`, headers: { 'content-type': FORM }, body: form(validStory()) }),
		() => ({
			kind: 'unknown call',
			path: `/p/${g.pick(['zzzz9999', 'nosuch22', '%00', 'a'.repeat(300)])}?/send`,
			headers: { 'content-type': FORM },
			body: form(validStory())
		}),
		() => ({
			kind: 'JSON body',
			path: storyPath,
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(Object.fromEntries(validStory()))
		}),
		() => ({ kind: 'text/plain body', path: storyPath, headers: { 'content-type': 'text/plain' }, body: form(validStory()) }),
		() => ({
			kind: 'cross-origin',
			path: storyPath,
			headers: { 'content-type': FORM, origin: g.pick(['https://evil.example', 'null']) },
			body: form(validStory())
		}),
		() => ({
			kind: 'honeypot',
			path: storyPath,
			headers: { 'content-type': FORM },
			body: form([...validStory(), ['website', g.pick(['http://spam.example', 'x'])]])
		}),
		() => ({ kind: 'too fast', path: storyPath, headers: { 'content-type': FORM }, body: form([...without('t'), ['t', FRESH]]), fresh: true }),
		// Supports and reports.
		() => ({ kind: 'support without a cookie', ...support([['t', supportToken]], {}) }),
		() => ({
			kind: 'support with a forged cookie',
			...support([['t', supportToken]], { cookie: `pt_supporter=${g.pick(['x', `${'A'.repeat(22)}.${'A'.repeat(43)}`])}` })
		}),
		() => ({ kind: 'support with a forged token', ...support([['t', g.pick([reportToken, 'garbage', supportToken + 'x'])]]) }),
		() => ({
			kind: 'support with the honeypot',
			...support([
				['t', supportToken],
				['website', 'x']
			])
		}),
		() => ({
			kind: 'support with an unknown field',
			...support([
				['t', supportToken],
				[g.pick(['count', 'supporter', 'status']), '9']
			])
		}),
		() => ({
			kind: 'support of an idea not public',
			path: `/p/${idea.call.slug}?/support`,
			headers: { 'content-type': FORM, cookie },
			body: form([
				['t', supportToken],
				['idea', g.pick([unapproved, 'nosuchidea', checkedIdea])]
			])
		}),
		() => ({
			kind: 'a wrong answer to the question',
			path: `/p/${checked.call.slug}/ideas/${checkedIdea}?/support`,
			headers: { 'content-type': FORM, cookie },
			body: form([['t', checkedToken], ...(g.next() < 0.5 ? [] : [['check', g.pick(['0', '99', 'ไม่รู้', '']) as string] as [string, string]])])
		}),
		() => ({ kind: 'report without a reason', path: reportPath, headers: { 'content-type': FORM, cookie }, body: form([['t', reportToken]]) }),
		() => ({
			kind: 'report with a made-up reason',
			path: reportPath,
			headers: { 'content-type': FORM, cookie },
			body: form([
				['t', reportToken],
				['reason', g.pick(['because', 'SPAM', ''])]
			])
		})
	];
	const cases: Case[] = [];
	for (let i = 0; i < COUNT; i++) cases.push(await generators[i % generators.length]!());
	return cases;
}

const freshToken = async (slug: string) =>
	/id="entry-form"[\s\S]*?name="t" value="([^"]+)"/.exec((await send(server, { method: 'GET', path: `/p/${slug}` })).body)![1]!;

describe('the public forms of calls under 1,000 bad submissions', () => {
	it('answers every one with a 4xx, never as if it were received, and stores nothing at all', async () => {
		const before = await participationRows(db);
		const cases = await makeCases();
		const perAddress = SUBMIT_BURST - 5;
		const results: { kind: string; response: RawResponse }[] = [];
		const lanes = Array.from({ length: Math.ceil(cases.length / perAddress) }, (_, lane) => cases.slice(lane * perAddress, (lane + 1) * perAddress));
		for (let i = 0; i < lanes.length; i += 8) {
			await Promise.all(
				lanes.slice(i, i + 8).map(async (lane, j) => {
					const from = `127.0.${30 + Math.floor((i + j) / 200)}.${10 + ((i + j) % 200)}`;
					for (const c of lane) {
						const body = c.fresh ? String(c.body).replace(FRESH, encodeURIComponent(await freshToken(story.call.slug))) : c.body;
						results.push({ kind: c.kind, response: await send(server, { path: c.path, body, headers: c.headers, from }) });
					}
				})
			);
		}
		expect(results).toHaveLength(COUNT);
		const wrong = results.filter(
			({ response }) => response.status < 400 || response.status >= 500 || response.status === 429 || entryReceipt(response) !== null
		);
		expect(wrong.map((w) => `${w.kind}: ${w.response.status}`)).toEqual([]);
		expect(await participationRows(db)).toEqual(before);
		expect(before).toEqual({ entries: 3, answers: 0, contacts: 0, search: 3, supports: 0, reports: 0, pendingPhotos: 0 });
		expect(new Set(results.map((r) => r.kind)).size).toBe(45);
	}, 180_000);

	it('takes the same forms once they are right (so each refusal above was about what was wrong)', async () => {
		const from = '127.0.40.1';
		const sent = await send(server, {
			path: `/p/${story.call.slug}?/send`,
			headers: { 'content-type': FORM },
			body: form([
				['t', storyToken],
				['body', 'รอคิวนานมาก ต้องลางานทั้งวันเพื่อทำบัตร'],
				['district', 'บางพลัด']
			]),
			from
		});
		expect(sent.status).toBe(303);
		expect(entryReceipt(sent)).not.toBeNull();
		const supported = await send(server, {
			path: `/p/${idea.call.slug}/ideas/${approved}?/support`,
			headers: { 'content-type': FORM, cookie },
			body: form([['t', supportToken]]),
			from
		});
		expect(supported.status).toBe(303);
		expect((await participationRows(db)).supports).toBe(1);
	});
});
