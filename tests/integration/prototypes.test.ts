import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DB } from '../../src/lib/server/db/open.ts';
import { createProject } from '../../src/lib/server/projects/projects.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import { createPrototype, findPrototypeById, listProjectPrototypes, updatePrototype } from '../../src/lib/server/prototypes/prototypes.ts';
import { changeStatus, listStatusChanges } from '../../src/lib/server/prototypes/status.ts';
import { addVersion, listVersions } from '../../src/lib/server/prototypes/versions.ts';
import { saveTestPlan } from '../../src/lib/server/prototypes/test-plans.ts';
import { listDecisions, recordDecision, type DecisionInput } from '../../src/lib/server/prototypes/decisions.ts';
import { listIdeaLinks, linkIdeas } from '../../src/lib/server/prototypes/ideas.ts';
import { buildTimeline } from '../../src/lib/server/prototypes/timeline.ts';
import { handlePrototypeForm } from '../../src/lib/server/prototypes/forms.ts';
import { InputError } from '../../src/lib/server/validation.ts';
import { freshDatabase, makeUser } from '../helpers/db.ts';
import { createFileBlobStore, type BlobStore } from '../../src/lib/server/files/blob-store.ts';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 5, 1, 3);

let db: DB;
let dir: string;
let blobs: BlobStore;
let facilitator: Awaited<ReturnType<typeof makeUser>>;
let projectId: string;

const input = (over: Record<string, unknown> = {}) => ({
	title: 'บัตรคิวล่วงหน้าทางโทรศัพท์',
	summary: 'ผู้สูงอายุโทรจองคิวล่วงหน้า แล้วมารับบริการตามเวลานัด',
	audience: 'ผู้สูงอายุที่ไม่ใช้สมาร์ตโฟน',
	learningGoal: 'ผู้สูงอายุจะโทรจองคิวเองได้หรือไม่ และมาตรงเวลาไหม',
	owner: '',
	fidelity: 'paper',
	tags: 'คิว, ผู้สูงอายุ',
	...over
});

const decision = (over: Partial<DecisionInput> = {}): DecisionInput => ({
	outcome: 'pilot',
	versionId: '',
	rationale: 'ผู้ทดสอบ 8 ใน 10 คนจองคิวได้เองภายในสามนาที',
	moveStatus: true,
	figures: [{ label: 'จองสำเร็จ', value: '80%' }],
	links: [],
	rounds: [],
	sections: [],
	...over
});

/** A file as a browser would upload it. */
const file = (name: string, bytes: Uint8Array) => new File([bytes as BlobPart], name);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const PDF = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
// The first bytes of a Windows executable ("MZ", then the DOS stub).
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff]);

async function issuesOf(promise: Promise<unknown>): Promise<{ field: string; code: string; params?: Record<string, string | number> }[]> {
	try {
		await promise;
	} catch (err) {
		if (err instanceof InputError) return err.issues;
		throw err;
	}
	throw new Error('expected an InputError');
}

async function rowCounts() {
	const count = async (
		table:
			| 'prototype_versions'
			| 'prototype_attachments'
			| 'prototype_decisions'
			| 'prototype_status_changes'
			| 'prototype_test_plans'
			| 'prototype_decision_evidence'
	) =>
		Number(
			(
				await db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	return {
		versions: await count('prototype_versions'),
		attachments: await count('prototype_attachments'),
		decisions: await count('prototype_decisions'),
		evidence: await count('prototype_decision_evidence'),
		statusChanges: await count('prototype_status_changes'),
		plans: await count('prototype_test_plans')
	};
}

beforeEach(async () => {
	db = await freshDatabase();
	dir = mkdtempSync(join(tmpdir(), 'prachalab-attachments-'));
	blobs = createFileBlobStore(dir);
	facilitator = await makeUser(db, 'facilitator', 'สมหญิง');
	const project = await createProject(db, { title: 'ลดเวลารอคิว', challenge: 'ประชาชนรอคิวนานเกินไป', agency: 'สำนักงานเขต', tags: '' }, facilitator, T0);
	projectId = project.id;
});

afterEach(async () => {
	await db.destroy();
	rmSync(dir, { recursive: true, force: true });
});

describe('the prototype registry', () => {
	it('registers a prototype as an idea, owned by its creator, with its tags and the first history entry', async () => {
		const { id } = await createPrototype(db, projectId, input(), facilitator, { now: T0 });
		const prototype = await findPrototypeById(db, id);
		expect(prototype).toMatchObject({ projectId, status: 'idea', ownerId: facilitator.id, fidelity: 'paper', tags: ['คิว', 'ผู้สูงอายุ'] });
		const history = await listStatusChanges(db, id);
		expect(history).toMatchObject([{ fromStatus: null, toStatus: 'idea', changedBy: facilitator.id, changedAt: T0 }]);
	});

	it('refuses an owner who is not on the team, and saves nothing', async () => {
		const stranger = await makeUser(db, 'member');
		const issues = await issuesOf(createPrototype(db, projectId, input({ owner: stranger.id }), facilitator));
		expect(issues).toEqual([{ field: 'owner', code: 'prototype_owner_not_on_team' }]);
		expect(await listProjectPrototypes(db, projectId)).toEqual([]);
	});

	it('accepts a team member as owner, and reports every bad field at once', async () => {
		const member = await makeUser(db, 'member');
		await addTeamMember(db, projectId, { email: member.email, role: 'member' }, facilitator.id);
		const { id } = await createPrototype(db, projectId, input({ owner: member.id }), facilitator);
		expect((await findPrototypeById(db, id))?.ownerId).toBe(member.id);
		const issues = await issuesOf(updatePrototype(db, id, input({ title: 'x', fidelity: 'hologram', learningGoal: '' })));
		expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual(['title:too_short', 'learning_goal:required', 'fidelity:invalid_choice']);
	});

	it('keeps the text of the notes it came from, even after the link is made again', async () => {
		const ideas = [
			{ boardId: null, noteId: 'n1', text: 'จองคิวทาง LINE', section: 'คิวออนไลน์' },
			{ boardId: null, noteId: 'n2', text: 'โทรจองสำหรับผู้สูงอายุ', section: 'ผู้สูงอายุ' }
		];
		const { id } = await createPrototype(db, projectId, input(), facilitator, { ideas, now: T0 });
		await linkIdeas(db, id, [{ ...ideas[0]!, text: 'ข้อความที่แก้ทีหลัง' }], facilitator.id, T0 + DAY);
		const links = await listIdeaLinks(db, id);
		expect(links.map((l) => [l.noteId, l.text, l.section])).toEqual([
			['n1', 'จองคิวทาง LINE', 'คิวออนไลน์'],
			['n2', 'โทรจองสำหรับผู้สูงอายุ', 'ผู้สูงอายุ']
		]);
	});
});

describe('the status lifecycle', () => {
	it('records each move with when, who and why', async () => {
		const { id } = await createPrototype(db, projectId, input(), facilitator, { now: T0 });
		await changeStatus(db, id, { to: 'building', reason: 'เริ่มทำบัตรคิวกระดาษ' }, facilitator.id, T0 + DAY);
		await changeStatus(db, id, { to: 'testing', reason: 'ทดสอบที่เคาน์เตอร์' }, facilitator.id, T0 + 2 * DAY);
		const history = await listStatusChanges(db, id);
		expect(history.map((h) => [h.fromStatus, h.toStatus, h.reason, h.changedAt, h.changedByName])).toEqual([
			[null, 'idea', '', T0, 'สมหญิง'],
			['idea', 'building', 'เริ่มทำบัตรคิวกระดาษ', T0 + DAY, 'สมหญิง'],
			['building', 'testing', 'ทดสอบที่เคาน์เตอร์', T0 + 2 * DAY, 'สมหญิง']
		]);
		expect(await findPrototypeById(db, id)).toMatchObject({ status: 'testing', statusChangedAt: T0 + 2 * DAY, updatedAt: T0 + 2 * DAY });
	});

	it('refuses an illegal move, naming where it can go, and changes nothing', async () => {
		const { id } = await createPrototype(db, projectId, input(), facilitator, { now: T0 });
		const issues = await issuesOf(changeStatus(db, id, { to: 'scaled', reason: 'ข้ามขั้นตอน' }, facilitator.id));
		expect(issues).toEqual([{ field: 'to', code: 'prototype_status_illegal', params: { from: 'idea', to: 'scaled', allowed: 'building,dropped' } }]);
		expect((await findPrototypeById(db, id))?.status).toBe('idea');
		expect(await listStatusChanges(db, id)).toHaveLength(1);
	});

	it('explains the refusal in the user’s language, with the statuses named in words', async () => {
		const { id } = await createPrototype(db, projectId, input(), facilitator, { now: T0 });
		const data = new FormData();
		data.set('to', 'piloting');
		data.set('reason', 'อยากนำร่องเลย');
		const result = await handlePrototypeForm(data, () => changeStatus(db, id, { to: 'piloting', reason: 'อยากนำร่องเลย' }, facilitator.id));
		expect(result.ok).toBe(false);
		const failure = !result.ok ? (result.failure.data as { errors: Record<string, string>; values: Record<string, string> }) : null;
		expect(failure?.errors.to).toBe('ย้ายต้นแบบจาก "ไอเดีย" ไป "นำร่อง" ไม่ได้ จากสถานะ "ไอเดีย" ย้ายได้เฉพาะไป: กำลังสร้าง, ยุติ');
		expect(failure?.values.reason).toBe('อยากนำร่องเลย');
	});

	it('refuses a move without a reason, and a move to where it already is', async () => {
		const { id } = await createPrototype(db, projectId, input(), facilitator);
		expect(await issuesOf(changeStatus(db, id, { to: 'building', reason: ' ' }, facilitator.id))).toEqual([{ field: 'reason', code: 'required' }]);
		expect(await issuesOf(changeStatus(db, id, { to: 'idea', reason: 'ยังเป็นไอเดีย' }, facilitator.id))).toEqual([
			{ field: 'to', code: 'prototype_status_unchanged' }
		]);
	});
});

describe('versions and their attachments', () => {
	it('numbers versions v1, v2 and stores attachments under generated names with their sniffed type', async () => {
		const { id } = await createPrototype(db, projectId, input(), facilitator);
		const v1 = await addVersion(db, id, { changes: 'บัตรคิวกระดาษรุ่นแรก', rationale: 'เริ่มทดสอบ' }, [file('ใบปลิว.png', PNG), file('คู่มือ.pdf', PDF)], {
			blobs,
			userId: facilitator.id,
			now: T0
		});
		const v2 = await addVersion(db, id, { changes: 'ตัวอักษรใหญ่ขึ้น', rationale: 'ผู้สูงอายุอ่านไม่ออก' }, [], {
			blobs,
			userId: facilitator.id,
			now: T0 + DAY
		});
		expect([v1.number, v2.number]).toEqual([1, 2]);
		const versions = await listVersions(db, id);
		expect(versions.map((v) => v.number)).toEqual([2, 1]);
		expect(versions[1]!.attachments.map((a) => [a.originalName, a.contentType, a.sizeBytes])).toEqual([
			['คู่มือ.pdf', 'application/pdf', PDF.byteLength],
			['ใบปลิว.png', 'image/png', PNG.byteLength]
		]);
		const stored = readdirSync(dir).sort();
		expect(stored).toHaveLength(2);
		for (const name of stored) expect(name).toMatch(/^[a-z2-9]{24}\.(png|pdf)$/);
	});

	it('refuses a renamed executable, and stores nothing', async () => {
		const { id } = await createPrototype(db, projectId, input(), facilitator);
		const before = await rowCounts();
		const issues = await issuesOf(
			addVersion(db, id, { changes: 'รูปหน้าจอ', rationale: 'ให้ทีมดู' }, [file('หน้าจอ.png', EXE)], { blobs, userId: facilitator.id })
		);
		expect(issues).toEqual([{ field: 'files', code: 'attachment_type_refused', params: { name: 'หน้าจอ.png' } }]);
		expect(await rowCounts()).toEqual(before);
		expect(readdirSync(dir)).toEqual([]);
	});

	it('refuses an oversized file among good ones, and stores nothing at all', async () => {
		const { id } = await createPrototype(db, projectId, input(), facilitator);
		const before = await rowCounts();
		const big = new Uint8Array(2048);
		big.set(PNG);
		const issues = await issuesOf(
			addVersion(db, id, { changes: 'ภาพถ่ายหน้างาน', rationale: 'หลักฐาน' }, [file('ok.pdf', PDF), file('ใหญ่.png', big)], {
				blobs,
				userId: facilitator.id,
				limits: { maxBytes: 1024, maxFiles: 8 }
			})
		);
		expect(issues).toEqual([{ field: 'files', code: 'attachment_too_large', params: { name: 'ใหญ่.png', max: 0 } }]);
		expect(await rowCounts()).toEqual(before);
		expect(readdirSync(dir)).toEqual([]);
	});

	it('judges a file by its bytes, not by the size it claims', async () => {
		const { id } = await createPrototype(db, projectId, input(), facilitator);
		const big = new Uint8Array(4096);
		big.set(PNG);
		const liar = { name: 'เล็ก.png', size: 10, arrayBuffer: async () => big.buffer };
		const issues = await issuesOf(
			addVersion(db, id, { changes: 'รูป', rationale: 'ทดลอง' }, [liar], { blobs, userId: facilitator.id, limits: { maxBytes: 1024, maxFiles: 8 } })
		);
		expect(issues[0]?.code).toBe('attachment_too_large');
		expect(readdirSync(dir)).toEqual([]);
	});

	it('reports bad text fields and bad files together, and stores nothing', async () => {
		const { id } = await createPrototype(db, projectId, input(), facilitator);
		const issues = await issuesOf(addVersion(db, id, { changes: '', rationale: 'ok ok' }, [file('a.exe', EXE)], { blobs, userId: facilitator.id }));
		expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual(['changes:required', 'files:attachment_type_refused']);
		expect(readdirSync(dir)).toEqual([]);
	});
});

describe('test plans and decisions', () => {
	async function prototypeInTesting() {
		const { id } = await createPrototype(db, projectId, input(), facilitator, { now: T0 });
		const v1 = await addVersion(db, id, { changes: 'รุ่นแรก', rationale: 'เริ่มต้น' }, [], { blobs, userId: facilitator.id, now: T0 });
		await changeStatus(db, id, { to: 'building', reason: 'เริ่มสร้าง' }, facilitator.id, T0 + DAY);
		await changeStatus(db, id, { to: 'testing', reason: 'ทดสอบ' }, facilitator.id, T0 + 2 * DAY);
		return { id, versionId: v1.id };
	}

	const plan = (over: Record<string, unknown> = {}) => ({
		hypotheses: 'ผู้สูงอายุจะโทรจองคิวได้เองโดยไม่ต้องมีคนช่วย',
		successCriteria: '7 ใน 10 คนจองได้เอง',
		targetGroup: 'ผู้สูงอายุ 60 ปีขึ้นไป',
		method: 'สังเกตและสัมภาษณ์',
		startsOn: '2026-06-10',
		endsOn: '2026-06-24',
		...over
	});

	it('keeps one test plan per version, replaced when saved again', async () => {
		const { id, versionId } = await prototypeInTesting();
		await saveTestPlan(db, id, versionId, plan(), facilitator.id, T0);
		await saveTestPlan(db, id, versionId, plan({ endsOn: '2026-06-30' }), facilitator.id, T0 + DAY);
		const [version] = await listVersions(db, id);
		expect(version?.testPlan).toMatchObject({ startsOn: '2026-06-10', endsOn: '2026-06-30', createdAt: T0, updatedAt: T0 + DAY });
	});

	it('refuses impossible dates and an end before the start', async () => {
		const { id, versionId } = await prototypeInTesting();
		expect(await issuesOf(saveTestPlan(db, id, versionId, plan({ startsOn: '2026-02-30' }), facilitator.id))).toEqual([
			{ field: 'starts_on', code: 'invalid_date' }
		]);
		expect(await issuesOf(saveTestPlan(db, id, versionId, plan({ endsOn: '2026-06-01' }), facilitator.id))).toEqual([
			{ field: 'ends_on', code: 'test_plan_ends_before_start' }
		]);
	});

	it('refuses a version of another prototype', async () => {
		const a = await prototypeInTesting();
		const b = await createPrototype(db, projectId, input({ title: 'อีกต้นแบบหนึ่ง' }), facilitator);
		expect(await issuesOf(saveTestPlan(db, b.id, a.versionId, plan(), facilitator.id))).toEqual([{ field: 'version', code: 'test_plan_no_version' }]);
	});

	it('records a decision with its evidence and moves the prototype as decided', async () => {
		const { id, versionId } = await prototypeInTesting();
		await recordDecision(
			db,
			id,
			decision({ versionId, links: [{ label: 'สรุปผลทดสอบ', url: 'https://example.go.th/report' }], rounds: ['round-1'] }),
			facilitator.id,
			{ rounds: [{ ref: 'round-1', label: 'รอบที่ 1 (สำนักงานเขต)' }], sections: [] },
			T0 + 3 * DAY
		);
		const [recorded] = await listDecisions(db, id);
		expect(recorded).toMatchObject({ outcome: 'pilot', versionNumber: 1, decidedAt: T0 + 3 * DAY });
		expect(recorded?.evidence).toEqual([
			{ kind: 'figure', ref: null, label: 'จองสำเร็จ', value: '80%' },
			{ kind: 'link', ref: 'https://example.go.th/report', label: 'สรุปผลทดสอบ', value: '' },
			{ kind: 'feedback_round', ref: 'round-1', label: 'รอบที่ 1 (สำนักงานเขต)', value: '' }
		]);
		expect((await findPrototypeById(db, id))?.status).toBe('piloting');
	});

	it('saves nothing when the move a decision implies is illegal', async () => {
		const { id } = await createPrototype(db, projectId, input(), facilitator);
		const before = await rowCounts();
		const issues = await issuesOf(recordDecision(db, id, decision({ outcome: 'scale' }), facilitator.id));
		expect(issues).toEqual([
			{ field: 'outcome', code: 'prototype_status_illegal', params: { from: 'idea', to: 'scaled', allowed: 'building,dropped' } }
		]);
		expect(await rowCounts()).toEqual(before);
	});

	it('refuses evidence the page did not offer, and links that are not web addresses', async () => {
		const { id } = await prototypeInTesting();
		const issues = await issuesOf(
			recordDecision(db, id, decision({ rounds: ['made-up'], links: [{ label: 'สคริปต์', url: 'javascript:alert(1)' }] }), facilitator.id)
		);
		expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual(['link_url_0:invalid_url', 'evidence:invalid_choice']);
	});

	it('tells the whole story on the timeline, newest first, a decision just below the move it caused', async () => {
		const { id, versionId } = await prototypeInTesting();
		await saveTestPlan(db, id, versionId, plan(), facilitator.id, T0 + 2 * DAY);
		await recordDecision(db, id, decision({ versionId }), facilitator.id, undefined, T0 + 3 * DAY);
		const timeline = buildTimeline({
			statusChanges: await listStatusChanges(db, id),
			versions: await listVersions(db, id),
			decisions: await listDecisions(db, id),
			ideas: await listIdeaLinks(db, id)
		});
		expect(timeline.map((e) => (e.kind === 'status' ? `status:${e.to}` : e.kind))).toEqual([
			'status:piloting',
			'decision',
			'status:testing',
			'test_plan',
			'status:building',
			'version',
			'status:idea'
		]);
	});
});
