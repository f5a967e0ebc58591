import { beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DB } from '../../src/lib/server/db/open.ts';
import { InputError } from '../../src/lib/server/validation.ts';
import { fieldsFrom } from '../../src/lib/server/feedback/responses.ts';
import { listDistricts, parseDistricts } from '../../src/lib/server/projects/districts.ts';
import { checkEntry, findEntryByReceipt, storeEntry, withdrawEntryByReceipt } from '../../src/lib/server/participation/entries.ts';
import { participationSearch } from '../../src/lib/server/feedback/search.ts';
import { runParticipationRetention } from '../../src/lib/server/participation/retention.ts';
import { createFileBlobStore } from '../../src/lib/server/files/blob-store.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from '../helpers/db.ts';
import { makeParticipationFixture, type ParticipationFixture } from './participation-fixtures.ts';

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

async function rows(db: DB) {
	const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
	return {
		entries: await count('participation_entries'),
		answers: await count('participation_answers'),
		contacts: await count('participation_contacts'),
		search: await count('participation_search')
	};
}

const meta = {
	channel: 'web' as const,
	locale: 'th' as const,
	enteredBy: null,
	consentText: CONSENT,
	requireOpen: true,
	photo: { kind: 'none' as const }
};
const blobs = createFileBlobStore(mkdtempSync(join(tmpdir(), 'prachalab-pt-')));

let db: DB;
let story: ParticipationFixture;
let idea: ParticipationFixture;

beforeEach(async () => {
	db = await freshDatabase();
	story = await makeParticipationFixture(db, { kind: 'story', collectContact: true, districts: true });
	idea = await makeParticipationFixture(db, { kind: 'idea', facilitator: story.facilitator, projectId: story.projectId });
});

describe('checking a story or an idea', () => {
	it('accepts a Thai story with answers to guided questions and a district, and keeps only what was answered', async () => {
		const districts = await listDistricts(db, story.projectId);
		const checked = checkEntry(
			story.call,
			story.questions,
			districts,
			fieldsFrom(
				new URLSearchParams([
					['body', '  รอคิวตั้งแต่เจ็ดโมงเช้า ได้คิวตอนบ่ายสอง  '],
					[story.guided[0]!, 'ต้องลางานทั้งวัน'],
					[story.guided[1]!, ''],
					['district', 'บางพลัด']
				])
			)
		);
		expect(checked).toMatchObject({ kind: 'story', title: '', body: 'รอคิวตั้งแต่เจ็ดโมงเช้า ได้คิวตอนบ่ายสอง', district: 'บางพลัด', contact: null });
		expect(checked.answers).toEqual([{ questionId: story.questions[0]!.id, text: 'ต้องลางานทั้งวัน' }]);
	});

	it('refuses a missing story, an unknown field, a repeated field, a district not on the list and contact without consent', async () => {
		const districts = await listDistricts(db, story.projectId);
		const check = (pairs: [string, string][]) =>
			codes(() => checkEntry(story.call, story.questions, districts, fieldsFrom(new URLSearchParams(pairs))));
		expect(check([])).toEqual(['body:required']);
		expect(check([['body', 'สั้น']])).toEqual(['body:too_short']);
		expect(check([['body', 'ก'.repeat(3001)]])).toEqual(['body:too_long']);
		expect(
			check([
				['body', 'รอนานมากจริง ๆ ครับ'],
				['status', 'approved']
			])
		).toEqual([':fb_unexpected_field']);
		expect(
			check([
				['body', 'รอนานมากจริง ๆ ครับ'],
				['body', 'อีกเรื่องหนึ่งก็รอนาน']
			])
		).toEqual(['body:fb_repeated_field']);
		expect(
			check([
				['body', 'รอนานมากจริง ๆ ครับ'],
				['district', 'เขตที่ไม่มี']
			])
		).toEqual(['district:invalid_choice']);
		expect(
			check([
				['body', 'รอนานมากจริง ๆ ครับ'],
				['contact_phone', '0812345678']
			])
		).toEqual(['consent:fb_consent_required']);
		expect(check([['body', 'รอนานมากจริง ๆ ครับ\u0000']])).toEqual(['body:invalid_characters']);
	});

	it('needs an idea’s title, and takes no guided answers or district field a call does not have', () => {
		const check = (pairs: [string, string][]) => codes(() => checkEntry(idea.call, idea.questions, [], fieldsFrom(new URLSearchParams(pairs))));
		expect(check([['body', 'ติดจอบอกเวลารอหน้าสำนักงาน']])).toEqual(['title:required']);
		expect(
			check([
				['title', 'จอบอกคิว'],
				['body', 'ติดจอบอกเวลารอหน้าสำนักงาน'],
				['district', 'บางพลัด']
			])
		).toEqual([':fb_unexpected_field']);
		expect(
			check([
				['title', 'จอบอกคิว'],
				['body', 'ติดจอบอกเวลารอหน้าสำนักงาน'],
				[story.guided[0]!, 'x']
			])
		).toEqual([':fb_unexpected_field']);
		expect(
			check([
				['title', 'จอบอกคิว'],
				['body', 'ติดจอบอกเวลารอหน้าสำนักงาน']
			])
		).toEqual([]);
	});
});

describe('storing, finding and withdrawing', () => {
	it('stores a story with its answers, consented contact and search entry in one go, found in Thai and by its receipt', async () => {
		const checked = checkEntry(
			story.call,
			story.questions,
			await listDistricts(db, story.projectId),
			fieldsFrom(
				new URLSearchParams([
					['body', 'การออกแบบบริการภาครัฐควรให้จองคิวได้ล่วงหน้า'],
					[story.guided[0]!, 'ต้องลางาน'],
					['contact_name', 'สมชาย'],
					['contact_phone', '081 234 5678'],
					['consent', 'yes']
				])
			)
		);
		const stored = await storeEntry(db, story.call, checked, meta);
		expect(stored.contactKept).toBe(true);
		expect(await rows(db)).toEqual({ entries: 1, answers: 1, contacts: 1, search: 1 });
		expect(await participationSearch(db).search(db, [story.call.id], 'บริการ')).toEqual([stored.id]);
		expect(await participationSearch(db).search(db, [idea.call.id], 'บริการ')).toEqual([]);
		const view = await findEntryByReceipt(db, stored.receipt.toLowerCase().replace(/-/g, ' '));
		expect(view).toMatchObject({ entryId: stored.id, kind: 'story', body: 'การออกแบบบริการภาครัฐควรให้จองคิวได้ล่วงหน้า', status: 'new' });
		expect(view?.contact).toMatchObject({ name: 'สมชาย', phone: '081 234 5678' });
	});

	it('refuses a closed call inside the transaction and stores nothing', async () => {
		const closed = { ...story.call, closesAt: Date.now() - 1 };
		await db
			.updateTable('participation_calls')
			.set({ closes_at: Date.now() - 1 })
			.where('id', '=', story.call.id)
			.execute();
		const checked = checkEntry(story.call, story.questions, [], fieldsFrom(new URLSearchParams([['body', 'รอนานมากจริง ๆ ครับ']])));
		await expect(storeEntry(db, closed, checked, meta)).rejects.toThrow(/fb_round_closed/);
		expect((await rows(db)).entries).toBe(0);
	});

	it('withdraws everything of an entry with its receipt, and nothing of anyone else’s', async () => {
		const checked = (body: string) =>
			checkEntry(
				story.call,
				story.questions,
				[],
				fieldsFrom(
					new URLSearchParams([
						['body', body],
						[story.guided[0]!, 'ตอบคำถามนำ'],
						['contact_name', 'สมศรี'],
						['consent', 'yes']
					])
				)
			);
		const mine = await storeEntry(db, story.call, checked('เรื่องของฉันที่จะถอนออก'), meta);
		await storeEntry(db, story.call, checked('เรื่องของคนอื่นที่ยังอยู่'), meta);
		const result = await withdrawEntryByReceipt(db, blobs, mine.receipt);
		expect(result?.entryId).toBe(mine.id);
		expect(await rows(db)).toEqual({ entries: 1, answers: 1, contacts: 1, search: 1 });
		expect(await findEntryByReceipt(db, mine.receipt)).toBeNull();
		expect(await participationSearch(db).search(db, [story.call.id], 'ถอน')).toEqual([]);
		expect(await withdrawEntryByReceipt(db, blobs, mine.receipt)).toBeNull();
	});

	it('deletes contact details when the call’s retention ends, and never stores those typed in after it', async () => {
		const checked = checkEntry(
			story.call,
			story.questions,
			[],
			fieldsFrom(
				new URLSearchParams([
					['body', 'เรื่องที่มีข้อมูลติดต่อ'],
					['contact_email', 'a@example.test'],
					['consent', 'yes']
				])
			)
		);
		await storeEntry(db, story.call, checked, meta);
		const after = story.call.closesAt + 31 * 24 * 60 * 60 * 1000;
		expect(await runParticipationRetention(db, blobs, after)).toEqual({ contacts: 1, pendingPhotos: 0 });
		expect((await rows(db)).contacts).toBe(0);
		const late = await storeEntry(db, story.call, checked, { ...meta, requireOpen: false, now: after });
		expect(late.contactKept).toBe(false);
		expect((await rows(db)).contacts).toBe(0);
	});
});

describe('districts', () => {
	it('reads "ไทย | English" lines and refuses a name twice', () => {
		expect(parseDistricts('บางกอกน้อย | Bangkok Noi\n\n  ตลิ่งชัน  ')).toEqual([
			{ th: 'บางกอกน้อย', en: 'Bangkok Noi' },
			{ th: 'ตลิ่งชัน', en: '' }
		]);
		expect(codes(() => parseDistricts('บางพลัด\nบางพลัด'))).toEqual(['districts:pt_district_twice']);
	});
});
