import type { DB } from '../db/open.ts';
import { createLocalJobs, type Jobs } from '../jobs.ts';
import { appendAudit } from './record.ts';

/**
 * Retention of the audit trail: events older than the retention period (AUDIT_RETENTION_DAYS,
 * two years unless set; never under 90 days, which the table's own triggers also hold) are
 * deleted once a day by the exclusive job `audit-retention` — with several app servers, by one
 * of them. Each purge that deletes something leaves an `audit.purged` event saying how many.
 */

export const AUDIT_RETENTION_JOB = 'audit-retention';
export const DEFAULT_AUDIT_RETENTION_DAYS = 730;
export const MIN_AUDIT_RETENTION_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes the events older than `retentionDays`; returns how many. */
export async function purgeAuditEvents(db: DB, retentionDays: number, now = Date.now()): Promise<number> {
	const days = Math.max(MIN_AUDIT_RETENTION_DAYS, retentionDays);
	const result = await db
		.deleteFrom('audit_events')
		.where('at', '<', now - days * DAY_MS)
		.executeTakeFirst();
	const deleted = Number(result.numDeletedRows);
	if (deleted > 0) {
		await appendAudit(db, { action: 'audit.purged', actor: { kind: 'system' }, details: { deleted, retentionDays: days }, at: now });
	}
	return deleted;
}

export interface AuditRetentionJob {
	/** Runs the purge now (also what the timer calls); null when another node's run had it. */
	runNow(): Promise<number | null>;
	stop(): void;
}

export function startAuditRetentionJob(
	db: DB,
	options: { retentionDays: number; jobs?: Jobs; intervalMs?: number; log?: (message: string, error?: unknown) => void; now?: () => number }
): AuditRetentionJob {
	const log = options.log ?? ((message, error) => console.error(message, error ?? ''));
	const now = options.now ?? Date.now;
	const jobs = options.jobs ?? createLocalJobs();
	let running: Promise<number | null> | null = null;
	const runNow = () => {
		running ??= jobs
			.runExclusive(AUDIT_RETENTION_JOB, () => purgeAuditEvents(db, options.retentionDays, now()))
			.then((run) => (run.ran ? run.value : null))
			.finally(() => (running = null));
		return running;
	};
	const tick = () => {
		runNow().catch((error) => log('audit retention: purging old events failed', error));
	};
	tick();
	const timer = setInterval(tick, options.intervalMs ?? DAY_MS);
	timer.unref();
	return {
		runNow,
		stop() {
			clearInterval(timer);
		}
	};
}

/** AUDIT_RETENTION_DAYS, checked: a whole number of days, at least 90. */
export function readAuditRetentionDays(value: string | undefined): number {
	if (value === undefined || value.trim() === '') return DEFAULT_AUDIT_RETENTION_DAYS;
	const n = Number(value);
	if (!Number.isInteger(n) || n < MIN_AUDIT_RETENTION_DAYS) {
		throw new Error(`AUDIT_RETENTION_DAYS must be a whole number of days, at least ${MIN_AUDIT_RETENTION_DAYS}, not "${value}"`);
	}
	return n;
}
