import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DB } from '../../src/lib/server/db/open.ts';
import { appendAudit, recordAudit } from '../../src/lib/server/audit/record.ts';
import { listAuditEvents, listPublicTrail, auditFilterFrom, cursorOf } from '../../src/lib/server/audit/trail.ts';
import { purgeAuditEvents, readAuditRetentionDays, startAuditRetentionJob, AUDIT_RETENTION_JOB } from '../../src/lib/server/audit/retention.ts';
import { createLocalJobs } from '../../src/lib/server/jobs.ts';
import { createLogger } from '../../src/lib/server/ops/logger.ts';
import { createProject, updateProject } from '../../src/lib/server/projects/projects.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import { bangkokDayStart } from '../../src/lib/server/feedback/rounds.ts';
import { freshDatabase, makeUser, testDialect } from '../helpers/db.ts';

const DAY = 24 * 60 * 60 * 1000;

let db: DB;
let facilitator: Awaited<ReturnType<typeof makeUser>>;
let member: Awaited<ReturnType<typeof makeUser>>;
let projectId: string;

beforeEach(async () => {
	db = await freshDatabase();
	facilitator = await makeUser(db, 'facilitator', 'สมหญิง ใจดี');
	member = await makeUser(db, 'member', 'วิชัย รักงาน');
	projectId = (await createProject(db, { title: 'คิวสำนักงานเขต', challenge: 'ลดเวลารอคิวที่สำนักงานเขต', agency: 'เขตทดสอบ', tags: '' }, facilitator)).id;
	await addTeamMember(db, projectId, { email: member.email, role: 'member' }, facilitator.id);
});

afterEach(async () => {
	await db.destroy();
});

const user = (id: string) => ({ kind: 'user' as const, id });

describe('the audit trail', () => {
	it('records who did what with their role on the team then, and reads it back newest first', async () => {
		await appendAudit(db, {
			action: 'project.stage_moved',
			actor: user(facilitator.id),
			projectId,
			details: { from: 'empathize', to: 'ideate' },
			at: 1000
		});
		await appendAudit(db, {
			action: 'team.role_changed',
			actor: user(facilitator.id),
			projectId,
			target: { kind: 'user', id: member.id },
			details: { role: 'viewer' },
			at: 2000
		});
		await appendAudit(db, { action: 'account.signed_in', actor: user(member.id), address: '203.0.113.9', at: 3000 });
		const { events } = await listAuditEvents(db, {});
		expect(events.map((e) => e.action)).toEqual(['account.signed_in', 'team.role_changed', 'project.stage_moved']);
		expect(events[1]).toMatchObject({
			actorName: 'สมหญิง ใจดี',
			actorRole: 'facilitator',
			targetName: 'วิชัย รักงาน',
			details: { role: 'viewer' },
			projectTitle: 'คิวสำนักงานเขต'
		});
		// Without a project, the site role.
		expect(events[0]).toMatchObject({ actorRole: 'member', address: '203.0.113.9' });
	});

	it('filters by project, person, action and days, and pages by a cursor', async () => {
		const other = (await createProject(db, { title: 'อีกโครงการ', challenge: 'โจทย์อื่นที่ยาวพอ', agency: 'เขตทดสอบ', tags: '' }, facilitator)).id;
		const day = (s: string) => bangkokDayStart(s)!;
		for (let i = 0; i < 5; i++) await appendAudit(db, { action: 'feedback.exported', actor: user(member.id), projectId, at: day('2026-06-01') + i });
		await appendAudit(db, { action: 'project.exported', actor: user(facilitator.id), projectId: other, at: day('2026-06-03') });
		const filter = (q: string) => auditFilterFrom(new URLSearchParams(q), bangkokDayStart);
		expect((await listAuditEvents(db, filter(`project=${other}`))).events.map((e) => e.action)).toEqual(['project.exported']);
		expect((await listAuditEvents(db, filter(`actor=${member.id}`))).events).toHaveLength(5);
		expect((await listAuditEvents(db, filter('action=project.exported'))).events).toHaveLength(1);
		expect((await listAuditEvents(db, filter('action=nonsense'))).events).toHaveLength(6);
		expect((await listAuditEvents(db, filter('from=2026-06-02&to=2026-06-03'))).events.map((e) => e.action)).toEqual(['project.exported']);
		expect((await listAuditEvents(db, filter('to=2026-06-01'))).events).toHaveLength(5);
		const first = await listAuditEvents(db, { limit: 4 });
		expect(first.more).toBe(true);
		const second = await listAuditEvents(db, { ...filter(`before=${cursorOf(first.events.at(-1)!)}`), limit: 4 });
		expect(second.more).toBe(false);
		expect([...first.events, ...second.events].map((e) => e.id)).toEqual((await listAuditEvents(db, {})).events.map((e) => e.id));
	});

	it('keeps no free text in details: only plain values, strings cut short', async () => {
		await appendAudit(db, {
			action: 'feedback.moderated',
			actor: user(member.id),
			projectId,
			details: { status: 'published', count: 3, nested: { a: 1 } as never, long: 'ก'.repeat(500) }
		});
		const [event] = (await listAuditEvents(db, {})).events;
		expect(event!.details).toEqual({ status: 'published', count: 3, long: 'ก'.repeat(200) });
	});

	it('is append-only: an update is refused, and so is the deletion of a row younger than 90 days', async () => {
		await appendAudit(db, { action: 'project.exported', actor: user(facilitator.id), projectId });
		await appendAudit(db, { action: 'project.exported', actor: user(facilitator.id), projectId, at: Date.now() - 100 * DAY });
		await expect(db.updateTable('audit_events').set({ action: 'project.updated' }).execute()).rejects.toThrow(/append-only/);
		await expect(sql`update audit_events set actor_id = null`.execute(db)).rejects.toThrow(/append-only/);
		await expect(db.deleteFrom('audit_events').execute()).rejects.toThrow(/90 days/);
		// PostgreSQL's TRUNCATE skips row triggers; a statement trigger refuses it (SQLite has no TRUNCATE).
		if (testDialect === 'postgres') await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(/append-only/);
		expect((await listAuditEvents(db, {})).events).toHaveLength(2);
		// What is older than 90 days may go (the retention job's purge).
		const old = await db
			.deleteFrom('audit_events')
			.where('at', '<', Date.now() - 95 * DAY)
			.executeTakeFirst();
		expect(Number(old.numDeletedRows)).toBe(1);
	});

	it('is purged past its retention by the exclusive job, which leaves a note of how many it deleted', async () => {
		const now = Date.now();
		for (const age of [800, 731, 729, 10]) await appendAudit(db, { action: 'account.signed_in', actor: user(member.id), at: now - age * DAY });
		expect(await purgeAuditEvents(db, 730, now)).toBe(2);
		const { events } = await listAuditEvents(db, {});
		expect(events.map((e) => e.action)).toEqual(['audit.purged', 'account.signed_in', 'account.signed_in']);
		expect(events[0]).toMatchObject({ actorKind: 'system', details: { deleted: 2, retentionDays: 730 } });
		// Nothing to purge: no note.
		expect(await purgeAuditEvents(db, 730, now)).toBe(0);
		expect((await listAuditEvents(db, {})).events).toHaveLength(3);
		// A shorter retention than 90 days is never applied: a day asked, 90 kept (the 729-day-old event goes, the 10-day-old stays).
		expect(await purgeAuditEvents(db, 1, now)).toBe(1);
		expect((await listAuditEvents(db, { action: 'account.signed_in' })).events.map((e) => Math.round((now - e.at) / DAY))).toEqual([10]);
	});

	it('runs its purge through Jobs.runExclusive: while another run holds the job, this one does nothing', async () => {
		const jobs = createLocalJobs();
		let release!: () => void;
		const held = jobs.runExclusive(AUDIT_RETENTION_JOB, () => new Promise<void>((resolve) => (release = resolve)));
		await appendAudit(db, { action: 'account.signed_in', actor: user(member.id), at: Date.now() - 1000 * DAY });
		const job = startAuditRetentionJob(db, { jobs, retentionDays: 730, intervalMs: 60 * 60 * 1000 });
		expect(await job.runNow()).toBeNull();
		expect((await listAuditEvents(db, {})).events).toHaveLength(1);
		release();
		await held;
		expect(await job.runNow()).toBe(1);
		job.stop();
	});

	it('takes its retention from AUDIT_RETENTION_DAYS: two years unless set, never under 90 days', () => {
		expect(readAuditRetentionDays(undefined)).toBe(730);
		expect(readAuditRetentionDays('365')).toBe(365);
		expect(() => readAuditRetentionDays('30')).toThrow(/at least 90/);
		expect(() => readAuditRetentionDays('two years')).toThrow(/AUDIT_RETENTION_DAYS/);
	});

	it('shows the public a published project’s trail only: the team’s actions, by role, without names, accounts or citizens', async () => {
		// A millisecond apart: events of one instant have no order to assert.
		const t0 = Date.now();
		await appendAudit(db, {
			at: t0,
			action: 'team.role_changed',
			actor: user(facilitator.id),
			projectId,
			target: { kind: 'user', id: member.id },
			details: { role: 'viewer' }
		});
		await appendAudit(db, { action: 'feedback.response_withdrawn', actor: { kind: 'citizen' }, projectId, at: t0 + 1 });
		await appendAudit(db, { action: 'account.password_changed', actor: user(member.id), projectId, at: t0 + 2 });
		await appendAudit(db, { action: 'feedback.moderated', actor: user(member.id), projectId, details: { status: 'hidden', count: 2 }, at: t0 + 3 });
		expect(await listPublicTrail(db, projectId)).toBeNull();
		await updateProject(db, projectId, {
			title: 'คิวสำนักงานเขต',
			challenge: 'ลดเวลารอคิวที่สำนักงานเขต',
			agency: 'เขตทดสอบ',
			tags: '',
			visibility: 'published'
		});
		const trail = (await listPublicTrail(db, projectId))!;
		expect(trail.events.map((e) => [e.action, e.actorRole])).toEqual([
			['feedback.moderated', 'member'],
			['team.role_changed', 'facilitator']
		]);
		const text = JSON.stringify(trail);
		for (const secret of [facilitator.id, member.id, facilitator.name, member.name, member.email]) expect(text).not.toContain(secret);
	});

	it('logs, rather than fails, an action whose event cannot be stored', async () => {
		const lines: string[] = [];
		const log = createLogger({ level: 'error', destination: { write: (line: string) => lines.push(line) } });
		await sql`alter table audit_events rename to audit_events_gone`.execute(db);
		await expect(recordAudit({ db, user: { id: member.id }, runtime: { log } }, 'project.exported', { projectId })).resolves.toBeUndefined();
		expect(lines.join('')).toMatch(/an audit event could not be stored/);
		await sql`alter table audit_events_gone rename to audit_events`.execute(db);
	});
});
