import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/lib/server/db/open.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { checkSubmission, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { freshDatabaseLocation } from '../helpers/db.ts';
import { makeFeedbackFixture } from '../unit/feedback-fixtures.ts';

const DAY = 24 * 60 * 60 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'prachalab-retention-'));
let server: AppServer | undefined;

afterAll(async () => {
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

describe('the retention job', () => {
	it('deletes contact details whose time is up as soon as the server starts, and keeps the rest', async () => {
		const path = await freshDatabaseLocation(dir);
		const db = openDatabase(path);
		// An account exists, so the server does not seed a demo into this database.
		await createUser(db, { email: 'admin@example.test', name: 'Admin', role: 'admin', password: 'bootstrap passphrase' });
		const old = await makeFeedbackFixture(db, { collectContact: true, opensInDays: -60, closesInDays: -40 });
		const current = await makeFeedbackFixture(db, { collectContact: true });
		for (const fx of [old, current]) {
			const form = new URLSearchParams([
				[fx.field.rating, '3'],
				['contact_name', 'สมชาย'],
				['contact_phone', '0812345678'],
				['consent', 'yes']
			]);
			await storeResponse(db, fx.round, checkSubmission(fx.round, fx.questions, fieldsFrom(form)), {
				channel: 'web',
				locale: 'th',
				enteredBy: null,
				consentText: 'ยินยอม',
				requireOpen: false,
				now: fx.round.opensAt + DAY
			});
		}
		expect((await db.selectFrom('feedback_contacts').selectAll().execute()).length).toBe(2);

		server = await startAppServer({ databasePath: path });
		const remaining = async () => (await db.selectFrom('feedback_contacts').select('response_id').execute()).length;
		// Wait for the condition (the job's first run), not for a fixed time.
		let left = await remaining();
		for (const deadline = Date.now() + 10_000; left !== 1 && Date.now() < deadline; left = await remaining()) {
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		expect(left).toBe(1);
		const kept = await db
			.selectFrom('feedback_contacts')
			.innerJoin('feedback_responses', 'feedback_responses.id', 'feedback_contacts.response_id')
			.select('feedback_responses.round_id')
			.executeTakeFirstOrThrow();
		expect(kept.round_id).toBe(current.round.id);
		// The answers of the expired round stay: only who said them is gone.
		expect((await db.selectFrom('feedback_responses').selectAll().execute()).length).toBe(2);
		await db.destroy();
	});
});
