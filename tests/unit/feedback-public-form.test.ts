import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '../../src/lib/server/db/open.ts';
import { storageFault } from '../../src/lib/server/db/storage-faults.ts';
import { checkFormToken, issueFormToken } from '../../src/lib/server/feedback/form-token.ts';
import { parseUrlEncoded, readFormBody, submitPublicResponse, type SubmitOutcome } from '../../src/lib/server/feedback/public-form.ts';
import { fieldsFrom } from '../../src/lib/server/feedback/responses.ts';
import { freshDatabase, freshSqliteDatabase } from '../helpers/db.ts';
import { makeFeedbackFixture, type FeedbackFixture } from './feedback-fixtures.ts';

function formRequest(body: string | Uint8Array<ArrayBuffer>, type = 'application/x-www-form-urlencoded'): Request {
	return new Request('http://localhost/f/abcd2345', { method: 'POST', body, headers: { 'content-type': type } });
}

describe('reading the public form body', () => {
	it('decodes a form as a browser encodes it, Thai and plus signs included', () => {
		const parsed = parseUrlEncoded(
			new URLSearchParams([
				['q_a', 'บริการดี มาก'],
				['q_b', '1+1=2']
			]).toString()
		);
		expect([...parsed]).toEqual([
			['q_a', 'บริการดี มาก'],
			['q_b', '1+1=2']
		]);
	});

	// Found by the fuzz test: URLSearchParams turned %FF into U+FFFD and the text was stored.
	it('refuses percent-encoded bytes that are not UTF-8 instead of storing replacement characters', async () => {
		expect(() => parseUrlEncoded('q_a=%FF%FE')).toThrow(URIError);
		expect(await readFormBody(formRequest('q_a=%FF%FE'))).toEqual({ ok: false, status: 400 });
		expect(await readFormBody(formRequest(new Uint8Array([0x71, 0x3d, 0xff])))).toEqual({ ok: false, status: 400 });
	});

	it('accepts only the content type a plain HTML form sends, within the size limit', async () => {
		expect(await readFormBody(formRequest('{"a":1}', 'application/json'))).toEqual({ ok: false, status: 415 });
		expect(await readFormBody(formRequest('a=1', 'multipart/form-data; boundary=x'))).toEqual({ ok: false, status: 415 });
		expect(await readFormBody(formRequest(`a=${'x'.repeat(200)}`), 100)).toEqual({ ok: false, status: 413 });
		const ok = await readFormBody(formRequest('a=1&a=2&b='));
		expect(ok.ok && ok.fields.getAll('a')).toEqual(['1', '2']);
	});
});

const KEY = randomBytes(32);
const RULES = { minFillMs: 3000, confirmMs: 1000, maxAgeMs: 24 * 60 * 60 * 1000 };

/** Submits `pairs` (plus the token) to the fixture's round at `now`, as the public form does. */
function submit(db: DB, fx: FeedbackFixture, token: string, pairs: [string, string][], now: number) {
	return submitPublicResponse(db, {
		slug: fx.round.slug,
		fields: fieldsFrom(new URLSearchParams([['t', token], ['via', 'web'], ['website', ''], ...pairs])),
		locale: 'th',
		consentText: () => 'ยินยอม',
		formKey: KEY,
		tokenRules: RULES,
		now
	});
}

function tokenOf(outcome: SubmitOutcome): string {
	if (!('token' in outcome)) throw new Error(`no token in a ${outcome.kind} outcome`);
	return outcome.token;
}

async function responseCount(db: DB): Promise<number> {
	return (await db.selectFrom('feedback_responses').select('id').execute()).length;
}

describe('the public form’s submission pipeline', () => {
	it('asks a fast person who fixed a mistake to confirm, keeping their answers, and stores the confirmation once', async () => {
		const db = await freshDatabase();
		const fx = await makeFeedbackFixture(db);
		const t0 = Date.now();
		const served = issueFormToken(KEY, fx.round.slug, { now: t0, waitMs: RULES.minFillMs });
		// Pressed Send at once with the required rating missing: told what is missing.
		const first = await submit(db, fx, served, [[fx.field.text, 'คิวยาวมาก']], t0 + 1500);
		expect(first.kind).toBe('invalid');
		// Fixed it a second later: still sooner than the minimum fill time.
		const fixed: [string, string][] = [
			[fx.field.rating, '4'],
			[fx.field.text, 'คิวยาวมาก']
		];
		const second = await submit(db, fx, tokenOf(first), fixed, t0 + 2500);
		expect(second).toMatchObject({ kind: 'confirm', reason: 'too_fast' });
		expect(await responseCount(db)).toBe(0);
		// The confirmation is a person's press, a moment later.
		const confirmed = await submit(db, fx, tokenOf(second), fixed, t0 + 4000);
		expect(confirmed.kind).toBe('stored');
		expect(await responseCount(db)).toBe(1);
		// Pressing it again (a double tap, the back button) does not store it twice.
		const again = await submit(db, fx, tokenOf(second), fixed, t0 + 5000);
		expect(again.kind).toBe('already_sent');
		expect(await responseCount(db)).toBe(1);
	});

	it('never stores a bot’s instant post with the honeypot filled, and never tells it that it was received', async () => {
		const db = await freshDatabase();
		const fx = await makeFeedbackFixture(db);
		const t0 = Date.now();
		const served = issueFormToken(KEY, fx.round.slug, { now: t0, waitMs: RULES.minFillMs });
		const spam: [string, string][] = [
			[fx.field.rating, '5'],
			[fx.field.text, 'buy now'],
			['website', 'http://spam.example']
		];
		const instant = await submit(db, fx, served, spam, t0 + 20);
		expect(instant).toMatchObject({ kind: 'confirm' });
		// A bot that repeats itself with the honeypot filled is asked again, however long it waits.
		const repeated = await submit(db, fx, tokenOf(instant), spam, t0 + 60_000);
		expect(repeated).toMatchObject({ kind: 'confirm', reason: 'honeypot' });
		// So is one that replays the confirmation at machine speed.
		const replayed = await submit(db, fx, tokenOf(instant), spam.slice(0, 2), t0 + 40);
		expect(replayed).toMatchObject({ kind: 'confirm', reason: 'too_fast' });
		expect(await responseCount(db)).toBe(0);
	});

	it('answers a forged or stale token with a fresh one that must wait the whole fill time again', async () => {
		const db = await freshDatabase();
		const fx = await makeFeedbackFixture(db);
		const now = Date.now();
		const answers: [string, string][] = [[fx.field.rating, '3']];
		for (const bad of ['', 'garbage', issueFormToken(KEY, fx.round.slug, { now: now - RULES.maxAgeMs - 1, waitMs: 3000 })]) {
			const outcome = await submit(db, fx, bad, answers, now);
			expect(outcome.kind).toBe('expired');
			const fresh = tokenOf(outcome);
			expect(checkFormToken(KEY, fx.round.slug, fresh, RULES.maxAgeMs, now + RULES.minFillMs - 1).kind).toBe('too_fast');
			expect(checkFormToken(KEY, fx.round.slug, fresh, RULES.maxAgeMs, now + RULES.minFillMs).kind).toBe('ok');
		}
		expect(await responseCount(db)).toBe(0);
	});

	it('takes each form once: a replayed token stores nothing, a new form is taken', async () => {
		const db = await freshDatabase();
		const fx = await makeFeedbackFixture(db);
		const t0 = Date.now();
		const token = issueFormToken(KEY, fx.round.slug, { now: t0, waitMs: RULES.minFillMs });
		expect((await submit(db, fx, token, [[fx.field.rating, '5']], t0 + 5000)).kind).toBe('stored');
		const replay = await submit(db, fx, token, [[fx.field.rating, '1']], t0 + 6000);
		expect(replay.kind).toBe('already_sent');
		expect(await responseCount(db)).toBe(1);
		const next = issueFormToken(KEY, fx.round.slug, { now: t0 + 6000, waitMs: RULES.minFillMs });
		expect((await submit(db, fx, next, [[fx.field.rating, '1']], t0 + 10_000)).kind).toBe('stored');
		expect(await responseCount(db)).toBe(2);
	});

	// Submissions arriving together share a commit (db/group-commit.ts); a double tap among them is still taken once.
	it('takes each form once in a flood: of two sends of one form among many, one is stored and the other is told so', async () => {
		const db = await freshDatabase();
		const fx = await makeFeedbackFixture(db);
		const t0 = Date.now();
		const tokens = Array.from({ length: 12 }, () => issueFormToken(KEY, fx.round.slug, { now: t0, waitMs: RULES.minFillMs }));
		tokens.splice(6, 0, tokens[3]!);
		const outcomes = await Promise.all(tokens.map((token, i) => submit(db, fx, token, [[fx.field.rating, String(1 + (i % 5))]], t0 + 5000)));
		expect(outcomes.filter((o) => o.kind === 'stored')).toHaveLength(12);
		expect(outcomes.filter((o) => o.kind === 'already_sent')).toHaveLength(1);
		expect(await responseCount(db)).toBe(12);
		expect(await db.selectFrom('feedback_answers').select('id').execute()).toHaveLength(12);
		const receipts = outcomes.flatMap((o) => (o.kind === 'stored' ? [o.receipt] : []));
		expect(new Set(receipts).size).toBe(12);
	});
});

/** Fills the database up to its last page: SQLite's own limit stands in for a full disk. */
async function fillTheDisk(db: DB): Promise<void> {
	const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count);
	await sql`pragma max_page_count = ${sql.raw(String(pages + 2))}`.execute(db);
	await sql`create table filler (x blob)`.execute(db);
	for (;;) {
		try {
			await sql`insert into filler values (randomblob(500))`.execute(db);
		} catch (error) {
			expect(storageFault(error)).toBe('full');
			return;
		}
	}
}

describe('the public form when the storage refuses to write', () => {
	// SQLite's page limit and query_only stand in for the faults, so these run on SQLite in both passes.
	const freshDatabase = freshSqliteDatabase;
	const answers = (fx: FeedbackFixture): [string, string][] => [
		[fx.field.rating, '4'],
		[fx.field.text, 'ข้อความยาว '.repeat(150)]
	];

	it('says the storage is full, stores nothing half-written, and takes the same form once there is room again', async () => {
		const db = await freshDatabase();
		const fx = await makeFeedbackFixture(db);
		const t0 = Date.now();
		const token = issueFormToken(KEY, fx.round.slug, { now: t0, waitMs: RULES.minFillMs });
		await fillTheDisk(db);
		const outcome = await submit(db, fx, token, answers(fx), t0 + 5000);
		expect(outcome).toMatchObject({ kind: 'unavailable', fault: 'full', token });
		expect(await responseCount(db)).toBe(0);
		expect(await db.selectFrom('feedback_answers').select('id').execute()).toEqual([]);
		expect(await db.selectFrom('feedback_used_tokens').select('id').execute()).toEqual([]);
		await sql`drop table filler`.execute(db);
		expect((await submit(db, fx, token, answers(fx), t0 + 6000)).kind).toBe('stored');
	});

	it('says the database is read-only, and stores nothing', async () => {
		const db = await freshDatabase();
		const fx = await makeFeedbackFixture(db);
		const t0 = Date.now();
		const token = issueFormToken(KEY, fx.round.slug, { now: t0, waitMs: RULES.minFillMs });
		await sql`pragma query_only = 1`.execute(db);
		expect(await submit(db, fx, token, answers(fx), t0 + 5000)).toMatchObject({ kind: 'unavailable', fault: 'read_only', token });
		await sql`pragma query_only = 0`.execute(db);
		expect(await responseCount(db)).toBe(0);
	});
});
