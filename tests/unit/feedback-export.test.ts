import { describe, expect, it } from 'vitest';
import { exportRoundCsv } from '../../src/lib/server/feedback/export.ts';
import { redactPersonalData } from '../../src/lib/server/feedback/redact.ts';
import { checkSubmission, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { setStatus } from '../../src/lib/server/feedback/moderation.ts';
import { freshDatabase } from '../helpers/db.ts';
import { makeFeedbackFixture } from './feedback-fixtures.ts';

const OPTIONS = {
	lang: 'th' as const,
	headers: { id: 'id', submittedAt: 'submitted', channel: 'channel', locale: 'locale', status: 'status', tags: 'tags' },
	yes: 'ใช่',
	no: 'ไม่ใช่'
};

describe('personal data in free text', () => {
	it('masks e-mail addresses, Thai phone numbers and ID numbers, and leaves the rest', () => {
		expect(redactPersonalData('ติดต่อ somchai.k@example.co.th หรือ 081-234-5678 หรือ +66 81 234 5678')).toBe('ติดต่อ […] หรือ […] หรือ […]');
		expect(redactPersonalData('เลขบัตร 1 1037 01234 56 7 ครับ')).toBe('เลขบัตร […] ครับ');
		expect(redactPersonalData('โทร 02 123 4567 ได้')).toBe('โทร […] ได้');
		expect(redactPersonalData('รอ 45 นาที คิวที่ 120 ปี 2569')).toBe('รอ 45 นาที คิวที่ 120 ปี 2569');
	});
});

describe('the CSV export of a round', () => {
	it('holds what was said and never who said it: no contact details, no receipt, personal data masked, no spam', async () => {
		const db = await freshDatabase();
		const fx = await makeFeedbackFixture(db, { collectContact: true });
		const store = async (pairs: [string, string][]) =>
			storeResponse(db, fx.round, checkSubmission(fx.round, fx.questions, fieldsFrom(new URLSearchParams(pairs))), {
				channel: 'web',
				locale: 'th',
				enteredBy: null,
				consentText: 'ยินยอม',
				requireOpen: true
			});
		const { receipt } = await store([
			[fx.field.rating, '4'],
			[fx.field.multiple, 'o1'],
			[fx.field.multiple, 'o3'],
			[fx.field.yesNo, 'yes'],
			[fx.field.text, '=HYPERLINK("x") โทรหาผมที่ 0812345678'],
			['contact_name', 'สมชาย ใจดี'],
			['contact_phone', '089 999 8888'],
			['contact_email', 'somchai@example.test'],
			['consent', 'yes']
		]);
		const spam = await store([
			[fx.field.rating, '1'],
			[fx.field.text, 'ขายของถูก']
		]);
		await setStatus(db, fx.round.id, [spam.id], 'spam', fx.facilitator.id);

		const csv = await exportRoundCsv(db, fx.round.id, fx.questions, OPTIONS);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).trimEnd().split('\r\n');
		expect(lines).toHaveLength(2);
		expect(lines[0]).toBe(
			'id,submitted,channel,locale,status,tags,1. พอใจแค่ไหน,2. มาติดต่อเรื่องอะไร,3. อยากจองผ่านช่องทางใด,4. จะแนะนำต่อไหม,5. ข้อเสนอแนะ'
		);
		expect(lines[1]).toContain(',4,,LINE; เว็บไซต์,ใช่,');
		expect(lines[1]).toContain(`"'=HYPERLINK(""x"") โทรหาผมที่ […]"`);
		for (const secret of ['สมชาย', '089 999 8888', 'somchai@example.test', '0812345678', receipt, receipt.replace(/-/g, ''), 'ขายของถูก']) {
			expect(csv).not.toContain(secret);
		}
	});
});
