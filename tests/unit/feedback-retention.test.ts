import { describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/open.ts';
import { checkSubmission, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { purgeExpiredContacts, startRetentionJob } from '../../src/lib/server/feedback/retention.ts';
import { freshDatabase } from '../helpers/db.ts';
import { makeFeedbackFixture } from './feedback-fixtures.ts';

const DAY = 24 * 60 * 60 * 1000;

async function respondWithContact(db: DB, fx: Awaited<ReturnType<typeof makeFeedbackFixture>>, name: string) {
	const form = new URLSearchParams([[fx.field.rating, '4'], [fx.field.text, 'ขอให้ติดต่อกลับ'], ['contact_name', name], ['contact_phone', '0812345678'], ['consent', 'yes']]);
	return storeResponse(db, fx.round, checkSubmission(fx.round, fx.questions, fieldsFrom(form)), {
		channel: 'web',
		locale: 'th',
		enteredBy: null,
		consentText: 'ยินยอม',
		requireOpen: true
	});
}

describe('retention of contact details', () => {
	it('deletes contact details once the round’s retention period has ended, and only those', async () => {
		const db = await freshDatabase();
		const fx = await makeFeedbackFixture(db, { collectContact: true });
		await respondWithContact(db, fx, 'สมชาย');
		const deleteAfter = fx.round.closesAt + 30 * DAY;
		expect(await purgeExpiredContacts(db, deleteAfter - 1)).toBe(0);
		expect(await purgeExpiredContacts(db, deleteAfter)).toBe(1);
		expect(await db.selectFrom('feedback_contacts').selectAll().execute()).toEqual([]);
		// What they said stays; only who they are is gone.
		expect((await db.selectFrom('feedback_answers').selectAll().execute()).length).toBe(2);
	});

	it('runs as soon as it starts (a server that was down on the day catches up)', async () => {
		const db = await freshDatabase();
		const fx = await makeFeedbackFixture(db, { collectContact: true });
		await respondWithContact(db, fx, 'สมหญิง');
		const job = startRetentionJob(db, { now: () => fx.round.closesAt + 31 * DAY, log: () => {} });
		try {
			// The first run is already under way; runNow joins it.
			await job.runNow();
			expect(await db.selectFrom('feedback_contacts').selectAll().execute()).toEqual([]);
		} finally {
			job.stop();
		}
	});
});
