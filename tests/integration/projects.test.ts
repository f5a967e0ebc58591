import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/open.ts';
import { createProject, findProjectById, listBoards, listProjects, updateProject } from '../../src/lib/server/projects/projects.ts';
import { changeStage, listStageChanges } from '../../src/lib/server/projects/stages.ts';
import { addTeamMember, removeTeamMember, setTeamRole } from '../../src/lib/server/projects/team.ts';
import { getProjectAccess } from '../../src/lib/server/projects/access.ts';
import { acceptInvite, createInvite, findOpenInvite } from '../../src/lib/server/auth/invite.ts';
import { authenticate } from '../../src/lib/server/auth/users.ts';
import { InputError } from '../../src/lib/server/validation.ts';
import { freshDatabase, makeUser } from '../helpers/db.ts';

let db: DB;
beforeEach(async () => {
	db = await freshDatabase();
});
afterEach(async () => {
	await db.destroy();
});

const valid = {
	title: 'ลดเวลารอคิว',
	challenge: 'ประชาชนรอคิวนานเกินสองชั่วโมงที่สำนักงานเขต',
	agency: 'สำนักงานเขตทดสอบ',
	tags: 'คิว, ผู้สูงอายุ, คิว'
};

async function rowCounts() {
	const count = async (table: 'projects' | 'project_tags' | 'project_members' | 'boards' | 'stage_changes') =>
		Number(
			(
				await db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	return {
		projects: await count('projects'),
		tags: await count('project_tags'),
		members: await count('project_members'),
		boards: await count('boards'),
		history: await count('stage_changes')
	};
}

async function issuesOf(promise: Promise<unknown>) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(InputError);
	return (error as InputError).issues.map((i) => `${i.field}:${i.code}`);
}

describe('projects', () => {
	it('creates a project with its creator as facilitator, a board per stage and its first history entry', async () => {
		const facilitator = await makeUser(db, 'facilitator');
		const project = await createProject(db, valid, facilitator);
		const saved = await findProjectById(db, project.id);
		expect(saved).toMatchObject({ title: 'ลดเวลารอคิว', stage: 'empathize', visibility: 'private' });
		expect(saved?.tags).toEqual(['คิว', 'ผู้สูงอายุ']);
		expect((await listBoards(db, project.id)).map((b) => b.stage)).toEqual(['empathize', 'ideate', 'prototype', 'test', 'implement']);
		const access = await getProjectAccess(db, facilitator, project.id);
		expect(access).toMatchObject({ teamRole: 'facilitator', canManage: true });
		expect(await listStageChanges(db, project.id)).toHaveLength(1);
	});

	it('refuses bad input field by field and stores nothing', async () => {
		const facilitator = await makeUser(db, 'facilitator');
		const before = await rowCounts();
		const issues = await issuesOf(
			createProject(
				db,
				{
					title: ' ',
					challenge: 'สั้น',
					agency: 'x'.repeat(161),
					tags: Array.from({ length: 13 }, (_, i) => `t${i}`).join(','),
					visibility: 'everyone'
				},
				facilitator
			)
		);
		expect(issues).toEqual(['title:required', 'challenge:too_short', 'agency:too_long', 'tags:too_many_tags', 'visibility:invalid_choice']);
		expect(await rowCounts()).toEqual(before);
	});

	it('updates details and replaces the tags', async () => {
		const facilitator = await makeUser(db, 'facilitator');
		const project = await createProject(db, valid, facilitator);
		await updateProject(db, project.id, { ...valid, title: 'ชื่อใหม่', tags: 'ใหม่', visibility: 'published' });
		expect(await findProjectById(db, project.id)).toMatchObject({ title: 'ชื่อใหม่', tags: ['ใหม่'], visibility: 'published' });
	});

	it('moves forward and back through the stages, recording who, when and why', async () => {
		const facilitator = await makeUser(db, 'facilitator');
		const project = await createProject(db, valid, facilitator, 1000);
		await changeStage(db, project.id, { to: 'ideate', reason: 'สัมภาษณ์ครบแล้ว' }, facilitator.id, 2000);
		await changeStage(db, project.id, { to: 'prototype', reason: 'เลือกไอเดียแล้ว' }, facilitator.id, 3000);
		await changeStage(db, project.id, { to: 'ideate', reason: 'ต้นแบบไม่ตอบโจทย์ผู้สูงอายุ' }, facilitator.id, 4000);
		expect((await findProjectById(db, project.id))?.stage).toBe('ideate');
		const history = await listStageChanges(db, project.id);
		expect(history.map((h) => [h.fromStage, h.toStage, h.changedAt])).toEqual([
			['prototype', 'ideate', 4000],
			['ideate', 'prototype', 3000],
			['empathize', 'ideate', 2000],
			[null, 'empathize', 1000]
		]);
		expect(history[0]).toMatchObject({ reason: 'ต้นแบบไม่ตอบโจทย์ผู้สูงอายุ', changedByName: facilitator.name });
	});

	it('refuses a stage change without a reason, to the same stage, or to an unknown stage', async () => {
		const facilitator = await makeUser(db, 'facilitator');
		const project = await createProject(db, valid, facilitator);
		expect(await issuesOf(changeStage(db, project.id, { to: 'ideate', reason: '' }, facilitator.id))).toEqual(['reason:required']);
		expect(await issuesOf(changeStage(db, project.id, { to: 'empathize', reason: 'ไม่เปลี่ยน' }, facilitator.id))).toEqual(['to:stage_unchanged']);
		expect(await issuesOf(changeStage(db, project.id, { to: 'launch', reason: 'ไม่มีขั้นนี้' }, facilitator.id))).toEqual(['to:invalid_choice']);
		expect(await listStageChanges(db, project.id)).toHaveLength(1);
	});

	it('keeps at least one facilitator on every team', async () => {
		const facilitator = await makeUser(db, 'facilitator');
		const member = await makeUser(db, 'member');
		const project = await createProject(db, valid, facilitator);
		await addTeamMember(db, project.id, { email: member.email, role: 'member' }, facilitator.id);
		expect(await issuesOf(removeTeamMember(db, project.id, facilitator.id))).toEqual([':last_facilitator']);
		expect(await issuesOf(setTeamRole(db, project.id, facilitator.id, 'viewer'))).toEqual([':last_facilitator']);
		await setTeamRole(db, project.id, member.id, 'facilitator');
		await removeTeamMember(db, project.id, facilitator.id);
		expect((await getProjectAccess(db, facilitator, project.id)).teamRole).toBeNull();
	});

	it('adds only people who have an account', async () => {
		const facilitator = await makeUser(db, 'facilitator');
		const project = await createProject(db, valid, facilitator);
		expect(await issuesOf(addTeamMember(db, project.id, { email: 'nobody@example.test', role: 'member' }, facilitator.id))).toEqual([
			'email:no_such_user'
		]);
	});

	it('lists for each user only what they may see, with search and filters', async () => {
		const facilitator = await makeUser(db, 'facilitator');
		const outsider = await makeUser(db, 'member');
		const official = await makeUser(db, 'official');
		const secret = await createProject(db, { ...valid, title: 'โครงการลับ', agency: 'กรมหนึ่ง' }, facilitator);
		const open = await createProject(db, { ...valid, title: 'โครงการเปิด 50%', agency: 'กรมสอง', visibility: 'published' }, facilitator);
		expect((await listProjects(db, outsider)).map((p) => p.id)).toEqual([open.id]);
		expect((await listProjects(db, official)).map((p) => p.id).sort()).toEqual([secret.id, open.id].sort());
		expect((await listProjects(db, facilitator, { q: 'ลับ' })).map((p) => p.id)).toEqual([secret.id]);
		expect((await listProjects(db, facilitator, { q: '50%' })).map((p) => p.id)).toEqual([open.id]);
		expect((await listProjects(db, facilitator, { q: '%' })).map((p) => p.id)).toEqual([open.id]);
		expect((await listProjects(db, facilitator, { agency: 'กรมหนึ่ง' })).map((p) => p.id)).toEqual([secret.id]);
		expect((await listProjects(db, facilitator, { q: 'ผู้สูงอายุ' })).length).toBe(2);
		expect(await listProjects(db, outsider, { mine: true })).toEqual([]);
	});
});

describe('invites', () => {
	it('lets an invitee set a name and password exactly once', async () => {
		const admin = await makeUser(db, 'admin');
		const { token } = await createInvite(db, { email: 'New.Person@Example.test', role: 'facilitator' }, admin.id);
		expect(await findOpenInvite(db, token)).toMatchObject({ email: 'new.person@example.test', role: 'facilitator' });
		await acceptInvite(db, token, { name: 'คนใหม่', password: 'a fine long passphrase' });
		expect(await authenticate(db, 'new.person@example.test', 'a fine long passphrase')).toMatchObject({ role: 'facilitator' });
		expect(await issuesOf(acceptInvite(db, token, { name: 'อีกคน', password: 'another passphrase' }))).toEqual([':invite_invalid']);
	});

	it('refuses an expired invite, a weak password, and an invite for an existing account', async () => {
		const admin = await makeUser(db, 'admin');
		const { token } = await createInvite(db, { email: 'later@example.test', role: 'member' }, admin.id, 0);
		expect(await issuesOf(acceptInvite(db, token, { name: 'สาย', password: 'a fine long passphrase' }))).toEqual([':invite_invalid']);
		const fresh = await createInvite(db, { email: 'weak@example.test', role: 'member' }, admin.id);
		expect(await issuesOf(acceptInvite(db, fresh.token, { name: 'อ่อน', password: 'password' }))).toEqual(['password:password_too_common']);
		expect(await findOpenInvite(db, fresh.token)).not.toBeNull();
		expect(await issuesOf(createInvite(db, { email: admin.email, role: 'member' }, admin.id))).toEqual(['email:email_taken']);
	});
});
