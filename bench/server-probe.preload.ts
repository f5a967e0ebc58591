/**
 * Loaded into a benchmark's app server with `node --import` (never in production): answers
 * questions over the IPC channel, so a bench can measure the server during one phase only (the
 * posts, not the forms served before the clock starts):
 *
 * - `usage`: the process's CPU time so far (`process.cpuUsage`), its memory
 *   (`process.memoryUsage`; after a full GC when asked and the process runs with `--expose-gc`)
 *   and its group commit's counts;
 * - `profile-start` / `profile-stop`: a V8 CPU profile of what happens in between, written to the
 *   path given (a `.cpuprofile` that Chrome DevTools and bench/profile-summary.ts read).
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { groupCommitStats } from '../src/lib/server/db/group-commit.ts';
import { currentRuntime } from '../src/lib/server/runtime.ts';

export type ProbeOrder = { id: number } & ({ kind: 'usage'; gc?: boolean } | { kind: 'profile-start' } | { kind: 'profile-stop'; path: string });

export interface ProbeUsage {
	cpuMs: number;
	rss: number;
	heapUsed: number;
	heapTotal: number;
	external: number;
	arrayBuffers: number;
	/** The database's group commit so far (db/group-commit.ts): works stored, in how many transactions. */
	groupCommit: { works: number; transactions: number };
}

const session = new Session();
session.connect();

async function answer(order: ProbeOrder): Promise<unknown> {
	switch (order.kind) {
		case 'usage': {
			if (order.gc) (globalThis as { gc?: () => void }).gc?.();
			const cpu = process.cpuUsage();
			const memory = process.memoryUsage();
			const groupCommit = groupCommitStats((await currentRuntime()).db);
			return { cpuMs: (cpu.user + cpu.system) / 1000, ...memory, groupCommit } satisfies ProbeUsage;
		}
		case 'profile-start':
			await session.post('Profiler.enable');
			// 200 µs: finer than the default 1 ms, so a 0.5 ms request still gets a few samples.
			await session.post('Profiler.setSamplingInterval', { interval: 200 });
			await session.post('Profiler.start');
			return null;
		case 'profile-stop': {
			const { profile } = await session.post('Profiler.stop');
			writeFileSync(order.path, JSON.stringify(profile));
			return null;
		}
	}
}

process.on('message', (order: ProbeOrder) => {
	answer(order).then(
		(value) => process.send!({ id: order.id, value }),
		(error: unknown) => process.send!({ id: order.id, error: String(error) })
	);
});
// The IPC channel must not keep the server alive after SIGTERM.
process.channel?.unref();
