import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresJobs } from '../../src/lib/server/jobs.ts';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createTestDatabase, testPostgresUrl } from '../helpers/postgres.ts';

// PostgreSQL only (vite.config.ts runs *postgres.test.ts files in the PostgreSQL pass).
const opened: DB[] = [];
afterAll(() => Promise.all(opened.map((db) => db.destroy())));

/** Two nodes: two pools on one database. */
async function twoNodes(): Promise<[DB, DB]> {
	const url = await createTestDatabase(testPostgresUrl()!);
	const a = openDatabase(url, { poolSize: 3 });
	const b = openDatabase(url, { poolSize: 3 });
	opened.push(a, b);
	return [a, b];
}

function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

describe('jobs on PostgreSQL (several nodes)', () => {
	it('run a job on one node at a time: the other node skips it while it runs, and runs it afterwards', async () => {
		const [a, b] = await twoNodes();
		const nodeA = createPostgresJobs(a);
		const nodeB = createPostgresJobs(b);
		const hold = gate();
		const started = gate();
		const first = nodeA.runExclusive('retention', async () => {
			started.open();
			await hold.opened;
			return 'a';
		});
		await started.opened;
		expect(await nodeB.runExclusive('retention', async () => 'b')).toEqual({ ran: false });
		expect(await nodeA.runExclusive('retention', async () => 'a again')).toEqual({ ran: false });
		expect(await nodeB.runExclusive('another job', async () => 'other')).toEqual({ ran: true, value: 'other' });
		hold.open();
		expect(await first).toEqual({ ran: true, value: 'a' });
		expect(await nodeB.runExclusive('retention', async () => 'b')).toEqual({ ran: true, value: 'b' });
	});

	it('let go of a job whose run failed, on every node', async () => {
		const [a, b] = await twoNodes();
		await expect(createPostgresJobs(a).runExclusive('retention', () => Promise.reject(new Error('disk gone')))).rejects.toThrow('disk gone');
		expect(await createPostgresJobs(b).runExclusive('retention', async () => 1)).toEqual({ ran: true, value: 1 });
	});
});
