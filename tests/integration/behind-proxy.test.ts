import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { LIMIT_RULES } from '../../src/lib/server/limits/limiters.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeFeedbackFixture, type FeedbackFixture } from '../unit/feedback-fixtures.ts';
import { postForm } from './feedback-helpers.ts';

/**
 * Behind a reverse proxy every request comes from the proxy's address. With ADDRESS_HEADER and
 * XFF_DEPTH the limits count each citizen under the address the proxy saw; without them a
 * client's own X-Forwarded-For is never believed.
 */

const CITIZENS = 70;

async function serverWith(env: Record<string, string>): Promise<{ server: AppServer; db: DB; round: FeedbackFixture }> {
	const server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase', ...env } });
	const db = openDatabase(server.databasePath);
	return { server, db, round: await makeFeedbackFixture(db) };
}

/** One feedback post per citizen, all from the proxy's address (127.0.30.1), each with the header a proxy appends. */
async function citizensPost(server: AppServer, round: FeedbackFixture, forwardedFor: (i: number) => string): Promise<number[]> {
	const statuses: number[] = [];
	for (let i = 0; i < CITIZENS; i++) {
		const response = await postForm(server, `/f/${round.round.slug}`, [['t', 'x']], {
			from: '127.0.30.1',
			headers: { 'x-forwarded-for': forwardedFor(i) }
		});
		statuses.push(response.status);
	}
	return statuses;
}

describe('behind a proxy with ADDRESS_HEADER=x-forwarded-for and XFF_DEPTH=1', () => {
	let setup: Awaited<ReturnType<typeof serverWith>>;
	beforeAll(async () => {
		setup = await serverWith({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' });
	});
	afterAll(async () => {
		await setup.db.destroy();
		await setup.server.stop();
		setup.server.cleanup();
	});

	it(`refuses none of ${CITIZENS} citizens who post through the proxy from different addresses`, async () => {
		const statuses = await citizensPost(setup.server, setup.round, (i) => `198.51.100.${i + 1}`);
		expect(statuses.filter((status) => status === 429)).toEqual([]);
	});

	it('still counts one citizen under the address the proxy saw, whatever they put before it', async () => {
		const statuses = await citizensPost(setup.server, setup.round, (i) => `10.9.${i}.1, 198.51.100.200`);
		expect(statuses.slice(0, LIMIT_RULES.feedbackSubmit.points).every((status) => status !== 429)).toBe(true);
		expect(statuses.slice(LIMIT_RULES.feedbackSubmit.points).every((status) => status === 429)).toBe(true);
	});
});

describe('without ADDRESS_HEADER', () => {
	let setup: Awaited<ReturnType<typeof serverWith>>;
	beforeAll(async () => {
		setup = await serverWith({});
	});
	afterAll(async () => {
		await setup.db.destroy();
		await setup.server.stop();
		setup.server.cleanup();
	});

	it('does not believe a client’s own X-Forwarded-For: one address is one bucket', async () => {
		const statuses = await citizensPost(setup.server, setup.round, (i) => `198.51.100.${i + 1}`);
		expect(statuses.slice(0, LIMIT_RULES.feedbackSubmit.points).every((status) => status !== 429)).toBe(true);
		expect(statuses.slice(LIMIT_RULES.feedbackSubmit.points).every((status) => status === 429)).toBe(true);
	});
});
