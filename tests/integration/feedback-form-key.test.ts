import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { createFeedbackRuntime, type FeedbackRuntime } from '../../src/lib/server/feedback/runtime.ts';
import { createMemoryLimiters } from '../../src/lib/server/limits/limiters.ts';
import { issueFormToken } from '../../src/lib/server/feedback/form-token.ts';
import { submitPublicResponse } from '../../src/lib/server/feedback/public-form.ts';
import { fieldsFrom } from '../../src/lib/server/feedback/responses.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeFeedbackFixture, type FeedbackFixture } from '../unit/feedback-fixtures.ts';
import { fillableToken, postForm, receiptCookie } from './feedback-helpers.ts';

/**
 * The key that signs the public form's token is the database's, not the process's: a form
 * served by one process is accepted by another on the same database — another runtime, another
 * app server, or the same server after a restart (a deploy during a consultation).
 */

const dir = mkdtempSync(join(tmpdir(), 'prachalab-form-key-'));
const cleanup: (() => Promise<void>)[] = [];

afterAll(async () => {
	for (const step of cleanup.reverse()) await step();
	rmSync(dir, { recursive: true, force: true });
});

async function prepare(name: string): Promise<{ path: string; db: DB; fx: FeedbackFixture }> {
	const path = join(dir, `${name}.db`);
	const db = openDatabase(path);
	await migrateToLatest(db);
	await createUser(db, { email: `admin-${name}@example.test`, name: 'Admin', role: 'admin', password: 'bootstrap passphrase' });
	return { path, db, fx: await makeFeedbackFixture(db) };
}

describe('the form-signing key', () => {
	it('is the same for two runtimes on one database, so a form signed by one is stored by the other', async () => {
		const { path, db, fx } = await prepare('runtimes');
		const other = openDatabase(path);
		const a: FeedbackRuntime = await createFeedbackRuntime(db, { limiters: createMemoryLimiters(), log: () => {} });
		const b: FeedbackRuntime = await createFeedbackRuntime(other, { limiters: createMemoryLimiters(), log: () => {} });
		cleanup.push(async () => {
			a.close();
			b.close();
			await other.destroy();
			await db.destroy();
		});
		expect(Buffer.from(b.formKey).equals(Buffer.from(a.formKey))).toBe(true);
		const now = Date.now();
		const servedByA = issueFormToken(a.formKey, fx.round.slug, { now, waitMs: a.tokenRules.minFillMs });
		const outcome = await submitPublicResponse(other, {
			slug: fx.round.slug,
			fields: fieldsFrom(
				new URLSearchParams([
					['t', servedByA],
					[fx.field.rating, '4']
				])
			),
			locale: 'th',
			consentText: () => 'ยินยอม',
			formKey: b.formKey,
			tokenRules: b.tokenRules,
			now: now + b.tokenRules.minFillMs
		});
		expect(outcome.kind).toBe('stored');
	});

	it('survives a restart: a form served before it is stored after it', async () => {
		const { path, db, fx } = await prepare('restart');
		await db.destroy();
		const first: AppServer = await startAppServer({ databasePath: path });
		const token = await fillableToken(first, fx.round.slug);
		await first.stop();
		const second: AppServer = await startAppServer({ databasePath: path });
		cleanup.push(() => second.stop());
		const sent = await postForm(second, `/f/${fx.round.slug}`, [
			['t', token],
			[fx.field.rating, '5']
		]);
		expect(sent.status).toBe(303);
		expect(receiptCookie(sent)).not.toBeNull();
	});
});
