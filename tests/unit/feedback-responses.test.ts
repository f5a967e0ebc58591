import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DB } from '../../src/lib/server/db/open.ts';
import { InputError } from '../../src/lib/server/validation.ts';
import { checkSubmission, fieldsFrom, findByReceipt, storeResponse, withdrawByReceipt } from '../../src/lib/server/feedback/responses.ts';
import { findRoundById } from '../../src/lib/server/feedback/rounds.ts';
import { freshDatabase } from '../helpers/db.ts';
import { makeFeedbackFixture, type FeedbackFixture } from './feedback-fixtures.ts';

const CONSENT = 'ข้าพเจ้ายินยอมให้เก็บข้อมูลติดต่อ';

function codes(fn: () => unknown): string[] {
	try {
		fn();
	} catch (err) {
		if (err instanceof InputError) return err.issues.map((i) => `${i.field}:${i.code}`);
		throw err;
	}
	return [];
}

async function rowCounts(db: DB) {
	const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
	return {
		responses: await count('feedback_responses'),
		answers: await count('feedback_answers'),
		contacts: await count('feedback_contacts'),
		search: await count('feedback_search')
	};
}

let db: DB;
let fx: FeedbackFixture;

beforeEach(async () => {
	db = await freshDatabase();
	fx = await makeFeedbackFixture(db, { collectContact: true });
});

describe('checking a submission', () => {
	it('accepts a complete Thai response and keeps every answer', () => {
		const form = new URLSearchParams([
			[fx.field.rating, '4'],
			[fx.field.single, 'o2'],
			[fx.field.multiple, 'o1'],
			[fx.field.multiple, 'o3'],
			[fx.field.yesNo, 'yes'],
			[fx.field.text, '  เจ้าหน้าที่บริการดีมาก  ']
		]);
		const checked = checkSubmission(fx.round, fx.questions, fieldsFrom(form));
		expect(checked.rating).toBe(4);
		expect(checked.texts).toEqual(['เจ้าหน้าที่บริการดีมาก']);
		expect(checked.answers.map((a) => a.optionId ?? a.number ?? a.text)).toEqual([4, 'o2', 'o1', 'o3', 1, 'เจ้าหน้าที่บริการดีมาก']);
		expect(checked.contact).toBeNull();
	});

	it('refuses a missing required answer, an unknown option, a rating outside 1–5 and a repeated answer', () => {
		expect(codes(() => checkSubmission(fx.round, fx.questions, fieldsFrom(new URLSearchParams([[fx.field.text, 'ดี']]))))).toEqual([
			`${fx.field.rating}:fb_choose_one`
		]);
		expect(codes(() => checkSubmission(fx.round, fx.questions, fieldsFrom(new URLSearchParams([[fx.field.rating, '6']]))))).toEqual([
			`${fx.field.rating}:invalid_choice`
		]);
		expect(
			codes(() =>
				checkSubmission(
					fx.round,
					fx.questions,
					fieldsFrom(
						new URLSearchParams([
							[fx.field.rating, '3'],
							[fx.field.single, 'o9'],
							[fx.field.multiple, 'o1'],
							[fx.field.multiple, 'o1']
						])
					)
				)
			)
		).toEqual([`${fx.field.single}:invalid_choice`, `${fx.field.multiple}:invalid_choice`]);
		expect(
			codes(() =>
				checkSubmission(
					fx.round,
					fx.questions,
					fieldsFrom(
						new URLSearchParams([
							[fx.field.rating, '3'],
							[fx.field.rating, '4']
						])
					)
				)
			)
		).toEqual([`${fx.field.rating}:invalid_choice`]);
	});

	it('refuses fields the form does not have, and files', () => {
		expect(
			codes(() =>
				checkSubmission(
					fx.round,
					fx.questions,
					fieldsFrom(
						new URLSearchParams([
							[fx.field.rating, '3'],
							['admin', '1']
						])
					)
				)
			)
		).toEqual([':fb_unexpected_field']);
		const data = new FormData();
		data.append(fx.field.rating, '3');
		data.append(fx.field.text, new File(['x'], 'x.txt'));
		expect(codes(() => checkSubmission(fx.round, fx.questions, fieldsFrom(data)))).toContain(':fb_unexpected_field');
	});

	it('refuses a text answer over 2,000 characters and control characters', () => {
		const long = 'ก'.repeat(2001);
		expect(
			codes(() =>
				checkSubmission(
					fx.round,
					fx.questions,
					fieldsFrom(
						new URLSearchParams([
							[fx.field.rating, '3'],
							[fx.field.text, long]
						])
					)
				)
			)
		).toEqual([`${fx.field.text}:too_long`]);
		expect(
			codes(() =>
				checkSubmission(
					fx.round,
					fx.questions,
					fieldsFrom(
						new URLSearchParams([
							[fx.field.rating, '3'],
							[fx.field.text, 'a\u0000b']
						])
					)
				)
			)
		).toEqual([`${fx.field.text}:invalid_characters`]);
	});

	it('refuses contact details without the consent box, and keeps none when they are not given', () => {
		const withoutConsent = new URLSearchParams([
			[fx.field.rating, '3'],
			['contact_phone', '081 234 5678']
		]);
		expect(codes(() => checkSubmission(fx.round, fx.questions, fieldsFrom(withoutConsent)))).toEqual(['consent:fb_consent_required']);
		const consentOnly = new URLSearchParams([
			[fx.field.rating, '3'],
			['consent', 'yes']
		]);
		expect(checkSubmission(fx.round, fx.questions, fieldsFrom(consentOnly)).contact).toBeNull();
		const bad = new URLSearchParams([
			[fx.field.rating, '3'],
			['contact_phone', 'call me'],
			['contact_email', 'not-an-email'],
			['consent', 'yes']
		]);
		expect(codes(() => checkSubmission(fx.round, fx.questions, fieldsFrom(bad)))).toEqual([
			'contact_phone:fb_invalid_phone',
			'contact_email:invalid_email'
		]);
	});

	it('refuses contact fields on a round that does not ask for them', async () => {
		const other = await makeFeedbackFixture(db, { collectContact: false });
		const form = new URLSearchParams([
			[other.field.rating, '3'],
			['contact_name', 'สมชาย'],
			['consent', 'yes']
		]);
		expect(codes(() => checkSubmission(other.round, other.questions, fieldsFrom(form)))).toEqual([':fb_unexpected_field']);
	});
});

describe('storing and withdrawing a response', () => {
	it('stores the answers, the consented contact details with their deletion date, and the search entry together', async () => {
		const form = new URLSearchParams([
			[fx.field.rating, '5'],
			[fx.field.text, 'การออกแบบบริการภาครัฐที่ดี'],
			['contact_name', 'สมชาย'],
			['contact_phone', '081-234-5678'],
			['consent', 'yes']
		]);
		const checked = checkSubmission(fx.round, fx.questions, fieldsFrom(form));
		const { receipt } = await storeResponse(db, fx.round, checked, {
			channel: 'web',
			locale: 'th',
			enteredBy: null,
			consentText: CONSENT,
			requireOpen: true
		});
		expect(receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		expect(await rowCounts(db)).toEqual({ responses: 1, answers: 2, contacts: 1, search: 1 });
		const view = await findByReceipt(db, receipt.toLowerCase().replace(/-/g, ' '));
		expect(view?.contact).toMatchObject({ name: 'สมชาย', phone: '081-234-5678' });
		const round = (await findRoundById(db, fx.round.id))!;
		expect(view?.contact?.deleteAfter).toBe(round.closesAt + 30 * 24 * 60 * 60 * 1000);
		const stored = await db.selectFrom('feedback_responses').select('receipt_hash').executeTakeFirstOrThrow();
		expect(stored.receipt_hash).not.toContain(receipt.replace(/-/g, ''));
	});

	it('deletes everything of a withdrawn response (not hidden) and forgets its receipt', async () => {
		const keep = checkSubmission(
			fx.round,
			fx.questions,
			fieldsFrom(
				new URLSearchParams([
					[fx.field.rating, '2'],
					[fx.field.text, 'ช้ามาก']
				])
			)
		);
		await storeResponse(db, fx.round, keep, { channel: 'qr', locale: 'th', enteredBy: null, consentText: CONSENT, requireOpen: true });
		const mine = checkSubmission(
			fx.round,
			fx.questions,
			fieldsFrom(
				new URLSearchParams([
					[fx.field.rating, '4'],
					[fx.field.text, 'ดี'],
					['contact_email', 'me@example.test'],
					['consent', 'yes']
				])
			)
		);
		const { receipt } = await storeResponse(db, fx.round, mine, {
			channel: 'web',
			locale: 'th',
			enteredBy: null,
			consentText: CONSENT,
			requireOpen: true
		});
		expect(await rowCounts(db)).toEqual({ responses: 2, answers: 4, contacts: 1, search: 2 });
		const result = await withdrawByReceipt(db, receipt);
		expect(result?.boardLinks).toEqual([]);
		expect(await rowCounts(db)).toEqual({ responses: 1, answers: 2, contacts: 0, search: 1 });
		expect(await findByReceipt(db, receipt)).toBeNull();
		expect(await withdrawByReceipt(db, receipt)).toBeNull();
	});

	it('stores nothing when the round closed before the transaction', async () => {
		const checked = checkSubmission(fx.round, fx.questions, fieldsFrom(new URLSearchParams([[fx.field.rating, '4']])));
		const later = fx.round.closesAt + 1;
		await expect(
			storeResponse(db, fx.round, checked, { channel: 'web', locale: 'th', enteredBy: null, consentText: CONSENT, requireOpen: true, now: later })
		).rejects.toThrow(InputError);
		expect(await rowCounts(db)).toEqual({ responses: 0, answers: 0, contacts: 0, search: 0 });
	});

	it('lets staff enter an answer after the round closed (collected on paper during it)', async () => {
		const checked = checkSubmission(fx.round, fx.questions, fieldsFrom(new URLSearchParams([[fx.field.rating, '4']])));
		await storeResponse(db, fx.round, checked, {
			channel: 'counter',
			locale: 'th',
			enteredBy: fx.facilitator.id,
			consentText: '',
			requireOpen: false,
			now: fx.round.closesAt + 1
		});
		expect((await rowCounts(db)).responses).toBe(1);
	});
});
