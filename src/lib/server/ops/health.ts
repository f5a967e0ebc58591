import { sql } from 'kysely';
import type { DB } from '../db/open.ts';
import type { Logger } from './logger.ts';

/** One dependency /readyz checks: it resolves when the dependency answers, throws when not. */
export interface Probe {
	name: string;
	check(): Promise<void>;
}

export interface ReadinessReport {
	ready: boolean;
	status: 'ready' | 'draining' | 'unavailable';
	/** Each probe's outcome (none while draining: the answer is no whatever they say). */
	checks: Record<string, 'ok' | 'failed'>;
}

/** The database answers a trivial query. */
export function databaseProbe(db: DB): Probe {
	return {
		name: 'database',
		async check() {
			await sql`select 1`.execute(db);
		}
	};
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What /readyz answers from. */
export interface Readiness {
	readonly draining: boolean;
	/** From now on the answer is 503, so proxies stop sending new work here. */
	startDraining(): void;
	check(): Promise<ReadinessReport>;
}

/**
 * Readiness: draining, or every probe answering within `timeoutMs`. A probe's failure is logged
 * when it starts failing and when it recovers, not at every check (a proxy asks every few seconds).
 */
export function createReadiness(probes: readonly Probe[], log: Logger, timeoutMs = 2000): Readiness {
	const failing = new Set<string>();
	let draining = false;
	return {
		get draining() {
			return draining;
		},
		startDraining() {
			draining = true;
		},
		async check() {
			if (draining) return { ready: false, status: 'draining', checks: {} };
			const checks: Record<string, 'ok' | 'failed'> = {};
			await Promise.all(
				probes.map(async (probe) => {
					try {
						await withTimeout(probe.check(), timeoutMs);
						checks[probe.name] = 'ok';
						if (failing.delete(probe.name)) log.info({ probe: probe.name }, 'readiness probe recovered');
					} catch (error) {
						checks[probe.name] = 'failed';
						if (!failing.has(probe.name)) log.warn({ probe: probe.name, err: error }, 'readiness probe failed');
						failing.add(probe.name);
					}
				})
			);
			const ready = Object.values(checks).every((c) => c === 'ok');
			return { ready, status: ready ? 'ready' : 'unavailable', checks };
		}
	};
}
