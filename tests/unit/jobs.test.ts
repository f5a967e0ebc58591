import { describe, expect, it } from 'vitest';
import { createLocalJobs } from '../../src/lib/server/jobs.ts';

/** A promise and the function that settles it, to hold a job open while the test looks. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

describe('jobs in one process', () => {
	it('skips a second run of a job while the first is under way, and runs it again afterwards', async () => {
		const jobs = createLocalJobs();
		const hold = gate();
		let runs = 0;
		const first = jobs.runExclusive('retention', async () => {
			runs += 1;
			await hold.opened;
			return 'first';
		});
		expect(await jobs.runExclusive('retention', async () => (runs += 1))).toEqual({ ran: false });
		hold.open();
		expect(await first).toEqual({ ran: true, value: 'first' });
		expect(await jobs.runExclusive('retention', async () => (runs += 1))).toEqual({ ran: true, value: 2 });
		expect(runs).toBe(2);
	});

	it('runs different jobs side by side', async () => {
		const jobs = createLocalJobs();
		const hold = gate();
		const a = jobs.runExclusive('a', () => hold.opened.then(() => 'a'));
		expect(await jobs.runExclusive('b', async () => 'b')).toEqual({ ran: true, value: 'b' });
		hold.open();
		expect(await a).toEqual({ ran: true, value: 'a' });
	});

	it('releases a job whose run failed, and passes the error on', async () => {
		const jobs = createLocalJobs();
		await expect(jobs.runExclusive('retention', () => Promise.reject(new Error('disk gone')))).rejects.toThrow('disk gone');
		expect(await jobs.runExclusive('retention', async () => 1)).toEqual({ ran: true, value: 1 });
	});
});
