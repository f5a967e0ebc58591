import { describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/open.ts';
import { checkSubmission, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { purgeExpiredContacts, RETENTION_JOB, runRetention, startRetentionJob } from '../../src/lib/server/feedback/retention.ts';
import { createLocalJobs } from '../../src/lib/server/jobs.ts';
import { freshDatabase } from '../helpers/db.ts';
import { makeFeedbackFixture } from './feedback-fixtures.ts';

const DAY = 24 * 60 * 60 * 1000;

async function respondWithContact(db: DB, fx: Awaited<ReturnType<typeof makeFeedbackFixture>>, name: string) {
	const form = new URLSearchParams([
		[fx.field.rating, '4'],
		[fx.field.text, 'ขอให้ติดต่อกลับ'],
		['contact_name', name],
		['contact_phone', '0812345678'],
		['consent', 'yes']
	]);
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

describe('what retention keeps no longer than it must', () => {
	it('forgets used form tokens once they have expired, and only those', async () => {
		const db = await freshDatabase();
		await db
			.insertInto('feedback_used_tokens')
			.values([
				{ id: 'expired-token-id-aaaaa', expires_at: 1_000 },
				{ id: 'current-token-id-bbbbb', expires_at: 5_000 }
			])
			.execute();
		expect(await runRetention(db, 1_000)).toEqual({ contacts: 0, usedTokens: 1 });
		expect(await db.selectFrom('feedback_used_tokens').select('id').execute()).toEqual([{ id: 'current-token-id-bbbbb' }]);
	});

	it('does not store contact details that staff type into a round whose retention has already ended', async () => {
		const db = await freshDatabase();
		const fx = await makeFeedbackFixture(db, { collectContact: true, opensInDays: -60, closesInDays: -40 });
		const form = new URLSearchParams([
			[fx.field.rating, '2'],
			['contact_name', 'สมปอง หมดเวลา'],
			['contact_phone', '0899999999'],
			['consent', 'yes']
		]);
		const stored = await storeResponse(db, fx.round, checkSubmission(fx.round, fx.questions, fieldsFrom(form)), {
			channel: 'phone',
			locale: 'th',
			enteredBy: fx.facilitator.id,
			consentText: 'ยินยอม (บันทึกโดยเจ้าหน้าที่)',
			requireOpen: false
		});
		expect(stored.contactKept).toBe(false);
		expect(await db.selectFrom('feedback_contacts').selectAll().execute()).toEqual([]);
		// The answer itself is kept: only who gave it is not.
		expect((await db.selectFrom('feedback_answers').select('number').where('response_id', '=', stored.id).execute()).map((a) => a.number)).toEqual([
			2
		]);
	});

	it('runs as one exclusive job: a run already under way elsewhere is not repeated', async () => {
		const db = await freshDatabase();
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		const jobs = createLocalJobs();
		// Another holder of the job (another node, with a shared implementation).
		const other = jobs.runExclusive(RETENTION_JOB, () => held);
		const job = startRetentionJob(db, { jobs, log: () => {} });
		try {
			expect(await job.runNow()).toBeNull();
			release();
			await other;
			expect(await job.runNow()).toEqual({ contacts: 0, usedTokens: 0 });
		} finally {
			job.stop();
		}
	});
});
