import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { SUBMIT_BURST } from '../../src/lib/server/feedback/runtime.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeFeedbackFixture, type FeedbackFixture } from '../unit/feedback-fixtures.ts';
import { feedbackRows, fillableTokens, receiptCookie, send, type RawResponse } from './feedback-helpers.ts';

/**
 * 1,000 generated bad submissions to the public form — wrong types, missing and repeated
 * fields, oversized bodies, a closed round, wrong content types, cross-origin posts, forged,
 * replayed and shortened tokens, the honeypot, too-fast forms — each answered 4xx, never with a
 * redirect to the thank-you page or a receipt (the honeypot and the too-fast form are asked to
 * confirm: nothing is ever stored while the sender is told it was), and nothing stored.
 * They come from many loopback addresses, each staying under its rate limit, so every one of
 * them reaches the validation it is meant to test (a 429 would prove nothing).
 */

const COUNT = 1000;
let server: AppServer;
let db: DB;
let open: FeedbackFixture;
let closed: FeedbackFixture;
let token: string;
/** A genuine form already taken once. */
let usedToken: string;

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);
	open = await makeFeedbackFixture(db, { collectContact: true });
	closed = await makeFeedbackFixture(db, { opensInDays: -10, closesInDays: -3 });
	const tokens = await fillableTokens(server, open.round.slug, 2);
	token = tokens[0]!;
	usedToken = tokens[1]!;
	await db
		.insertInto('feedback_used_tokens')
		.values({ id: usedToken.split('.')[2]!, expires_at: Date.now() + 24 * 60 * 60 * 1000 })
		.execute();
}, 30_000);

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
	/**
	 * Sent with a form token fetched just before it (`FRESH` in the body is replaced): a
	 * too-fast case must be sent within the minimum fill time of its token, however long the
	 * run has taken so far.
	 */
	fresh?: boolean;
}

const FRESH = '__fresh_token__';
const freshToken = async (slug: string) => /name="t" value="([^"]+)"/.exec((await send(server, { method: 'GET', path: `/f/${slug}` })).body)![1]!;

const FORM = 'application/x-www-form-urlencoded';
const form = (pairs: [string, string][]) => new URLSearchParams(pairs).toString();

function makeCases(): Case[] {
	const g = generator(20_260_101);
	const f = open.field;
	const openPath = `/f/${open.round.slug}`;
	const valid = (): [string, string][] => [
		['t', token],
		['via', 'web'],
		[f.rating, String(1 + Math.floor(g.next() * 5))],
		[f.text, 'ทดสอบ']
	];
	const without = (name: string) => valid().filter(([k]) => k !== name);
	const junk = () => g.pick(['abc', '3.5', '0', '6', '-1', '', ' ', '1e1', '๕', 'null', '[]', '{"a":1}', '<script>', '\u0000', 'ก'.repeat(3000)]);
	const generators: (() => Case)[] = [
		// Wrong types and values.
		() => ({
			kind: 'rating not 1-5',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...without(f.rating), [f.rating, g.pick(['abc', '3.5', '0', '6', '-1', '1e1', '๕', ' 3', '03'])]])
		}),
		() => ({
			kind: 'unknown option',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...valid(), [f.single, g.pick(['o9', 'x', 'O1', 'o1 ', ''] as const) || 'zz']])
		}),
		() => ({
			kind: 'unknown multiple option',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...valid(), [f.multiple, 'o1'], [f.multiple, junk() || 'q']])
		}),
		() => ({
			kind: 'yes/no not yes or no',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...valid(), [f.yesNo, g.pick(['maybe', 'true', '1', 'YES', 'ใช่'])]])
		}),
		() => ({
			kind: 'control characters',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...without(f.text), [f.text, `ดี\u0000${g.pick(['\u0007', '\u001b', '\u007f'])}`]])
		}),
		() => ({
			kind: 'invalid UTF-8',
			path: openPath,
			headers: { 'content-type': FORM },
			body: `t=${encodeURIComponent(token)}&${f.rating}=4&${f.text}=%FF%FE%C0`
		}),
		() => ({
			kind: 'raw invalid bytes',
			path: openPath,
			headers: { 'content-type': FORM },
			body: Buffer.concat([Buffer.from(`t=${encodeURIComponent(token)}&${f.rating}=4&${f.text}=`), Buffer.from([0xff, 0xfe, 0xc3])])
		}),
		// Missing and repeated fields.
		() => ({ kind: 'missing required rating', path: openPath, headers: { 'content-type': FORM }, body: form(without(f.rating)) }),
		() => ({
			kind: 'nothing answered',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([
				['t', token],
				['via', 'web']
			])
		}),
		() => ({ kind: 'empty body', path: openPath, headers: { 'content-type': FORM }, body: '' }),
		() => ({ kind: 'missing timestamp', path: openPath, headers: { 'content-type': FORM }, body: form(without('t')) }),
		() => ({
			kind: 'forged timestamp',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([
				...without('t'),
				['t', g.pick([`${Date.now() - 60_000}.${'A'.repeat(43)}`, token.replace(/^\d+/, String(Date.now() - 10_000)), 'garbage', token + 'x'])]
			])
		}),
		() => ({ kind: 'two timestamps', path: openPath, headers: { 'content-type': FORM }, body: form([...valid(), ['t', token]]) }),
		() => ({ kind: 'replayed token', path: openPath, headers: { 'content-type': FORM }, body: form([...without('t'), ['t', usedToken]]) }),
		() => ({
			kind: 'shortened wait',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...without('t'), ['t', token.replace(/^(\d+)\.\d+\./, `$1.${g.pick(['0', '1', '2999'])}.`)]])
		}),
		() => ({ kind: 'repeated rating', path: openPath, headers: { 'content-type': FORM }, body: form([...valid(), [f.rating, '4']]) }),
		() => ({ kind: 'repeated text', path: openPath, headers: { 'content-type': FORM }, body: form([...valid(), [f.text, 'อีกครั้ง']]) }),
		() => ({
			kind: 'unknown field',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...valid(), [g.pick(['admin', 'status', 'round_id', 'q_nope', '__proto__', 'constructor']), '1']])
		}),
		() => ({
			kind: 'bad channel',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...without('via'), ['via', g.pick(['counter', 'admin', 'phone', ''])]])
		}),
		() => ({
			kind: 'contact without consent',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...valid(), ['contact_phone', '0812345678']])
		}),
		() => ({
			kind: 'bad contact',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...valid(), [g.pick(['contact_phone', 'contact_email']), g.pick(['abc', '12', 'x@', '@y.z', '+'.repeat(30)])], ['consent', 'yes']])
		}),
		() => ({
			kind: 'consent not yes',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...valid(), ['contact_name', 'สมชาย'], ['consent', g.pick(['no', 'on', '1', 'true'])]])
		}),
		() => ({
			kind: 'too many fields',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...valid(), ...Array.from({ length: 401 }, (_, i): [string, string] => [`x${i}`, '1'])])
		}),
		// Oversized.
		() => ({
			kind: 'text over 2000 characters',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...without(f.text), [f.text, 'ก'.repeat(2001 + Math.floor(g.next() * 500))]])
		}),
		() => ({ kind: 'body over the limit', path: openPath, headers: { 'content-type': FORM }, body: form([...valid(), ['x', 'a'.repeat(140_000)]]) }),
		// The round.
		() => ({
			kind: 'closed round',
			path: `/f/${closed.round.slug}`,
			headers: { 'content-type': FORM },
			body: form([
				['t', token],
				[closed.field.rating, '4']
			])
		}),
		() => ({
			kind: 'unknown round',
			path: `/f/${g.pick(['zzzz9999', 'nosuch22', 'abcdefgh'])}`,
			headers: { 'content-type': FORM },
			body: form(valid())
		}),
		() => ({
			kind: 'malformed slug',
			path: `/f/${g.pick(['%00', '..%2F..', 'a'.repeat(300), '%E0%B8%81'])}`,
			headers: { 'content-type': FORM },
			body: form(valid())
		}),
		// Wrong content types.
		() => ({ kind: 'JSON body', path: openPath, headers: { 'content-type': 'application/json' }, body: JSON.stringify(Object.fromEntries(valid())) }),
		() => ({ kind: 'text/plain body', path: openPath, headers: { 'content-type': 'text/plain' }, body: form(valid()) }),
		() => ({
			kind: 'multipart body',
			path: openPath,
			headers: { 'content-type': 'multipart/form-data; boundary=X' },
			body: `--X\r\nContent-Disposition: form-data; name="${f.rating}"\r\n\r\n4\r\n--X--\r\n`
		}),
		() => ({ kind: 'no content type', path: openPath, headers: {}, body: form(valid()) }),
		() => ({ kind: 'XML body', path: openPath, headers: { 'content-type': 'application/xml' }, body: '<rating>5</rating>' }),
		// Cross-origin.
		() => ({
			kind: 'cross-origin',
			path: openPath,
			headers: { 'content-type': FORM, origin: g.pick(['https://evil.example', 'null', 'http://127.0.0.1:1']) },
			body: form(valid())
		}),
		// Looks automated: asked to confirm, nothing stored.
		() => ({
			kind: 'honeypot',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...valid(), ['website', g.pick(['http://spam.example', 'x', 'buy now'])]])
		}),
		() => ({
			kind: 'too fast',
			path: openPath,
			headers: { 'content-type': FORM },
			body: form([...without('t'), ['t', FRESH]]),
			fresh: true
		})
	];
	return Array.from({ length: COUNT }, (_, i) => generators[i % generators.length]!());
}

describe('the public form under 1,000 bad submissions', () => {
	it('answers every one with a 4xx, never as if it were received, and stores no row', async () => {
		const before = await feedbackRows(db);
		const cases = makeCases();
		// Each address sends fewer than its burst, so no answer is a rate limit.
		const perAddress = SUBMIT_BURST - 5;
		const results: { kind: string; response: RawResponse }[] = [];
		const lanes = Array.from({ length: Math.ceil(cases.length / perAddress) }, (_, lane) => cases.slice(lane * perAddress, (lane + 1) * perAddress));
		for (let i = 0; i < lanes.length; i += 8) {
			await Promise.all(
				lanes.slice(i, i + 8).map(async (lane, j) => {
					const from = `127.0.${10 + Math.floor((i + j) / 200)}.${10 + ((i + j) % 200)}`;
					for (const c of lane) {
						const body = c.fresh ? String(c.body).replace(FRESH, encodeURIComponent(await freshToken(open.round.slug))) : c.body;
						const response = await send(server, { path: c.path, body, headers: c.headers, from });
						results.push({ kind: c.kind, response });
					}
				})
			);
		}
		expect(results).toHaveLength(COUNT);
		const wrong = results.filter(
			({ response }) => response.status < 400 || response.status >= 500 || response.status === 429 || receiptCookie(response) !== null
		);
		expect(wrong.map((w) => `${w.kind}: ${w.response.status}`)).toEqual([]);
		expect(await feedbackRows(db)).toEqual(before);
		expect(before.responses).toBe(0);
		// The kinds really were all exercised.
		expect(new Set(results.map((r) => r.kind)).size).toBe(36);
	}, 120_000);
});
