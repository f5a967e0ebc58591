import { BOARD_STAGES } from '../../src/lib/domain/stages.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/open.ts';
import { createProject, listBoards } from '../../src/lib/server/projects/projects.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import {
	createWorkshop,
	deleteWorkshop,
	findWorkshop,
	listWorkshops,
	updateWorkshop,
	type WorkshopInput
} from '../../src/lib/server/workshops/workshops.ts';
import {
	addMethodStep,
	addPresetStep,
	addStep,
	moveStep,
	removeStep,
	resizeStep,
	updateStep,
	type StepInput
} from '../../src/lib/server/workshops/agenda.ts';
import {
	copyMethod,
	createLabMethod,
	deleteLabMethod,
	findMethod,
	findMethodDraft,
	listMethods,
	updateLabMethod,
	type MethodInput
} from '../../src/lib/server/methods/library.ts';
import { InputError } from '../../src/lib/server/validation.ts';
import { scheduleAgenda, formatClock, WORKSHOP_LIMITS } from '../../src/lib/domain/workshops.ts';
import { seedDemo } from '../../src/lib/server/demo/demo.ts';
import { findBuiltinMethod } from '../../src/lib/server/methods/builtin.ts';
import { freshDatabase, makeUser } from '../helpers/db.ts';

const T0 = Date.UTC(2026, 5, 1, 3);

let db: DB;
let facilitator: Awaited<ReturnType<typeof makeUser>>;
let member: Awaited<ReturnType<typeof makeUser>>;
let viewer: Awaited<ReturnType<typeof makeUser>>;
let projectId: string;
let boards: { id: string; stage: string }[];

async function issuesOf(promise: Promise<unknown>): Promise<{ field: string; code: string; params?: Record<string, string | number> }[]> {
	try {
		await promise;
	} catch (err) {
		if (err instanceof InputError) return err.issues;
		throw err;
	}
	throw new Error('expected an InputError');
}

const boardOf = (stage: string) => boards.find((b) => b.stage === stage)!.id;

const workshopInput = (over: Partial<WorkshopInput> = {}): WorkshopInput => ({
	title: 'เวิร์กช็อประดมความคิดกับผู้สูงอายุ',
	purpose: 'ได้สามไอเดียสำหรับทำต้นแบบ',
	date: '2026-07-14',
	startTime: '09:00',
	facilitators: [facilitator.id],
	boards: [boardOf('empathize'), boardOf('ideate')],
	...over
});

const stepInput = (over: Partial<StepInput> = {}): StepInput => ({
	title: 'เล่าผลให้ผู้อำนวยการฟัง',
	methodId: '',
	minutes: '20',
	instructions: 'สรุปสามไอเดียที่เลือก',
	place: '',
	...over
});

const methodInput = (over: Partial<MethodInput> = {}): MethodInput => ({
	nameTh: 'เดินดูเส้นทางจริง',
	nameEn: 'Service safari',
	summaryTh: 'ทีมไปใช้บริการจริงด้วยตัวเองเหมือนประชาชนคนหนึ่ง',
	summaryEn: '',
	purposeTh: 'ให้ทีมรู้สึกเองว่าการมาติดต่อราชการเป็นอย่างไร',
	purposeEn: '',
	whenTh: 'ต้นโครงการ ก่อนสัมภาษณ์ประชาชน',
	whenEn: '',
	stepsTh: 'เลือกบริการหนึ่งอย่าง\nไปใช้บริการจริงโดยไม่บอกว่าเป็นเจ้าหน้าที่\nจดทุกจุดที่ติดขัด',
	stepsEn: '',
	tipsTh: '',
	tipsEn: '',
	stage: 'empathize',
	minutes: '90',
	groupMin: '2',
	groupMax: '6',
	boardStage: 'empathize',
	boardSections: ['does', 'feels'],
	...over
});

async function count(table: 'workshops' | 'workshop_steps' | 'workshop_facilitators' | 'workshop_boards' | 'lab_methods'): Promise<number> {
	return Number(
		(
			await db
				.selectFrom(table)
				.select((eb) => eb.fn.countAll().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);
}

async function titles(workshopId: string): Promise<string[]> {
	return (await findWorkshop(db, projectId, workshopId))!.steps.map((s) => s.title);
}

beforeEach(async () => {
	db = await freshDatabase();
	facilitator = await makeUser(db, 'facilitator', 'สมหญิง');
	member = await makeUser(db, 'member', 'วิชัย');
	viewer = await makeUser(db, 'official', 'ประเสริฐ');
	const project = await createProject(db, { title: 'ลดเวลารอคิว', challenge: 'ประชาชนรอคิวนานเกินไป', agency: 'สำนักงานเขต', tags: '' }, facilitator, T0);
	projectId = project.id;
	await addTeamMember(db, projectId, { email: member.email, role: 'member' }, facilitator.id, T0);
	await addTeamMember(db, projectId, { email: viewer.email, role: 'viewer' }, facilitator.id, T0);
	boards = await listBoards(db, projectId);
});

afterEach(async () => {
	await db.destroy();
});

describe('a workshop', () => {
	it('is planned with its date, start time, facilitators and boards, and starts with an empty agenda', async () => {
		const { id } = await createWorkshop(db, projectId, workshopInput({ facilitators: [facilitator.id, member.id] }), facilitator, T0);
		const workshop = (await findWorkshop(db, projectId, id))!;
		expect(workshop).toMatchObject({
			title: 'เวิร์กช็อประดมความคิดกับผู้สูงอายุ',
			date: '2026-07-14',
			startTime: '09:00',
			state: 'planned',
			steps: [],
			currentStepId: null
		});
		expect(workshop.facilitators.map((p) => p.name).sort()).toEqual(['วิชัย', 'สมหญิง']);
		expect(workshop.boards.map((b) => b.stage)).toEqual(['empathize', 'ideate']);
		expect(await listWorkshops(db, projectId)).toMatchObject([{ id, stepCount: 0, totalMinutes: 0 }]);
	});

	it('refuses bad details field by field and stores nothing', async () => {
		const otherProject = await createProject(db, { title: 'อีกโครงการ', challenge: 'โจทย์อื่นของอีกหน่วยงาน', agency: 'อบต.', tags: '' }, facilitator, T0);
		const foreignBoard = (await listBoards(db, otherProject.id))[0]!.id;
		const issues = await issuesOf(
			createWorkshop(
				db,
				projectId,
				workshopInput({ title: 'x', date: '2026-02-30', startTime: '25:00', facilitators: [viewer.id], boards: [foreignBoard] }),
				facilitator,
				T0
			)
		);
		expect(issues.map((i) => `${i.field}:${i.code}`).sort()).toEqual([
			'boards:invalid_choice',
			'date:invalid_date',
			'facilitators:ws_facilitator_not_on_team',
			'start_time:ws_invalid_time',
			'title:too_short'
		]);
		expect(await issuesOf(createWorkshop(db, projectId, workshopInput({ facilitators: [] }), facilitator, T0))).toEqual([
			{ field: 'facilitators', code: 'ws_facilitator_required' }
		]);
		expect(await count('workshops')).toBe(0);
		expect(await count('workshop_facilitators')).toBe(0);
	});

	it('is not found through another project, for reading, changing or deleting', async () => {
		const { id } = await createWorkshop(db, projectId, workshopInput(), facilitator, T0);
		const other = await createProject(db, { title: 'อีกโครงการ', challenge: 'โจทย์อื่นของอีกหน่วยงาน', agency: 'อบต.', tags: '' }, facilitator, T0);
		expect(await findWorkshop(db, other.id, id)).toBeNull();
		expect(await issuesOf(addPresetStep(db, other.id, id, 'break', { title: 'พัก', instructions: '' }))).toEqual([{ field: '', code: 'not_found' }]);
		expect(await issuesOf(deleteWorkshop(db, other.id, id))).toEqual([{ field: '', code: 'not_found' }]);
		expect(await count('workshops')).toBe(1);
	});

	it('drops the board from steps on a board it no longer uses, keeping the steps', async () => {
		const { id } = await createWorkshop(db, projectId, workshopInput(), facilitator, T0);
		await addMethodStep(db, projectId, id, 'empathy-map', T0);
		await addMethodStep(db, projectId, id, 'brainstorm', T0);
		await updateWorkshop(db, projectId, id, workshopInput({ boards: [boardOf('ideate')], startTime: '13:00' }), T0);
		const workshop = (await findWorkshop(db, projectId, id))!;
		expect(workshop.startTime).toBe('13:00');
		expect(workshop.steps.map((s) => [s.title, s.boardId, s.sectionKey])).toEqual([
			['แผนที่ความเข้าอกเข้าใจ (Empathy map)', null, ''],
			['ระดมความคิด (Brainstorm)', boardOf('ideate'), 'brainstorm']
		]);
	});

	it('goes with its agenda when deleted; the boards stay', async () => {
		const { id } = await createWorkshop(db, projectId, workshopInput(), facilitator, T0);
		await addMethodStep(db, projectId, id, 'dot-voting', T0);
		await deleteWorkshop(db, projectId, id);
		expect(await count('workshops')).toBe(0);
		expect(await count('workshop_steps')).toBe(0);
		expect(await count('workshop_boards')).toBe(0);
		expect(await listBoards(db, projectId)).toHaveLength(BOARD_STAGES.length);
	});
});

describe('a workshop’s agenda', () => {
	let workshopId: string;
	beforeEach(async () => {
		workshopId = (await createWorkshop(db, projectId, workshopInput(), facilitator, T0)).id;
	});

	it('takes a library method with its name, minutes and steps, on the workshop’s board of its stage at its first section', async () => {
		await addMethodStep(db, projectId, workshopId, 'impact-effort', T0);
		const [step] = (await findWorkshop(db, projectId, workshopId))!.steps;
		expect(step).toMatchObject({
			title: 'ตารางผลกระทบกับแรงที่ใช้ (Impact × effort)',
			methodId: 'impact-effort',
			methodName: 'ตารางผลกระทบกับแรงที่ใช้ (Impact × effort)',
			minutes: 30,
			boardId: boardOf('ideate'),
			sectionKey: 'impact_high_effort_low'
		});
		expect(step!.instructions.split('\n')[0]).toMatch(/^1\. ตกลงความหมายของสองแกน/);
	});

	it('leaves a method’s step off the boards when the workshop does not use that stage’s board', async () => {
		await addMethodStep(db, projectId, workshopId, 'usability-test', T0);
		expect((await findWorkshop(db, projectId, workshopId))!.steps[0]).toMatchObject({ boardId: null, sectionKey: '' });
	});

	it('refuses a method that is not in the library', async () => {
		expect(await issuesOf(addMethodStep(db, projectId, workshopId, 'no-such-method', T0))).toEqual([{ field: 'method', code: 'ws_method_unknown' }]);
		expect(await count('workshop_steps')).toBe(0);
	});

	it('recomputes start times as steps are added, moved, resized and removed', async () => {
		await addPresetStep(db, projectId, workshopId, 'welcome', { title: 'ต้อนรับ', instructions: '' }, T0);
		const { id: map } = await addMethodStep(db, projectId, workshopId, 'empathy-map', T0);
		const { id: pause } = await addPresetStep(db, projectId, workshopId, 'break', { title: 'พัก', instructions: '' }, T0);
		await addMethodStep(db, projectId, workshopId, 'how-might-we', T0);
		const times = async () => {
			const workshop = (await findWorkshop(db, projectId, workshopId))!;
			return scheduleAgenda(workshop.startTime, workshop.steps).steps.map((s) => `${formatClock(s.startsAt)} ${s.title}`);
		};
		expect(await times()).toEqual(['09:00 ต้อนรับ', '09:15 แผนที่ความเข้าอกเข้าใจ (Empathy map)', '09:55 พัก', '10:10 คำถาม เราจะ…ได้อย่างไร (How Might We)']);

		expect(await moveStep(db, projectId, workshopId, pause, { by: 1 }, T0)).toBe(3);
		expect(await resizeStep(db, projectId, workshopId, map, -5, T0)).toBe(35);
		expect(await times()).toEqual(['09:00 ต้อนรับ', '09:15 แผนที่ความเข้าอกเข้าใจ (Empathy map)', '09:50 คำถาม เราจะ…ได้อย่างไร (How Might We)', '10:10 พัก']);

		await removeStep(db, projectId, workshopId, map, T0);
		expect(await times()).toEqual(['09:00 ต้อนรับ', '09:15 คำถาม เราจะ…ได้อย่างไร (How Might We)', '09:35 พัก']);
		const positions = await db.selectFrom('workshop_steps').select('position').where('workshop_id', '=', workshopId).orderBy('position').execute();
		expect(positions.map((p) => p.position)).toEqual([0, 1, 2]);
	});

	it('keeps a step at the top or bottom when it is moved past the end', async () => {
		const { id: first } = await addPresetStep(db, projectId, workshopId, 'welcome', { title: 'ต้อนรับ', instructions: '' }, T0);
		const { id: last } = await addPresetStep(db, projectId, workshopId, 'wrap_up', { title: 'สรุป', instructions: '' }, T0);
		expect(await moveStep(db, projectId, workshopId, first, { by: -1 }, T0)).toBe(0);
		expect(await moveStep(db, projectId, workshopId, last, { by: 1 }, T0)).toBe(1);
		expect(await titles(workshopId)).toEqual(['ต้อนรับ', 'สรุป']);
	});

	it('refuses a step shorter than a minute or longer than eight hours, and leaves it as it was', async () => {
		const { id } = await addPresetStep(db, projectId, workshopId, 'energizer', { title: 'ละลายพฤติกรรม', instructions: '' }, T0);
		expect(await issuesOf(resizeStep(db, projectId, workshopId, id, -10, T0))).toEqual([
			{ field: 'minutes', code: 'ws_number_range', params: { min: 1, max: WORKSHOP_LIMITS.stepMinutesMax } }
		]);
		await updateStep(db, projectId, workshopId, id, stepInput({ minutes: '480' }), T0);
		expect(await issuesOf(resizeStep(db, projectId, workshopId, id, 5, T0))).toHaveLength(1);
		expect((await findWorkshop(db, projectId, workshopId))!.steps[0]!.minutes).toBe(480);
	});

	it('edits a step in place: its texts, method, board section and position', async () => {
		await addPresetStep(db, projectId, workshopId, 'welcome', { title: 'ต้อนรับ', instructions: '' }, T0);
		const { id } = await addStep(db, projectId, workshopId, stepInput(), T0);
		await updateStep(
			db,
			projectId,
			workshopId,
			id,
			stepInput({ title: 'โหวตไอเดีย', methodId: 'dot-voting', minutes: '12', place: `${boardOf('ideate')}:dot_vote`, position: '1' }),
			T0
		);
		const [step] = (await findWorkshop(db, projectId, workshopId))!.steps;
		expect(step).toMatchObject({
			title: 'โหวตไอเดีย',
			methodId: 'dot-voting',
			methodName: 'โหวตด้วยจุด (Dot voting)',
			minutes: 12,
			boardId: boardOf('ideate'),
			sectionKey: 'dot_vote'
		});
	});

	it('refuses a board the workshop does not use, a section its template lacks, and bad numbers, field by field', async () => {
		const issues = await issuesOf(addStep(db, projectId, workshopId, stepInput({ title: '', minutes: '1.5', place: boardOf('test') }), T0));
		expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual(['title:required', 'minutes:ws_number_range', 'place:ws_board_not_in_workshop']);
		expect(await issuesOf(addStep(db, projectId, workshopId, stepInput({ place: `${boardOf('ideate')}:feels` }), T0))).toEqual([
			{ field: 'place', code: 'invalid_choice' }
		]);
		expect(await count('workshop_steps')).toBe(0);
	});

	it('does not let a step of one workshop be changed through another', async () => {
		const other = (await createWorkshop(db, projectId, workshopInput({ title: 'อีกเวิร์กช็อปหนึ่ง' }), facilitator, T0)).id;
		const { id } = await addPresetStep(db, projectId, other, 'break', { title: 'พัก', instructions: '' }, T0);
		// One at a time: started together, a refusal could arrive before anything awaits it.
		for (const change of [
			() => moveStep(db, projectId, workshopId, id, { by: 1 }, T0),
			() => resizeStep(db, projectId, workshopId, id, 5, T0),
			() => removeStep(db, projectId, workshopId, id, T0),
			() => updateStep(db, projectId, workshopId, id, stepInput(), T0)
		]) {
			expect(await issuesOf(change())).toEqual([{ field: '', code: 'ws_step_unknown' }]);
		}
		expect(await titles(other)).toEqual(['พัก']);
	});

	it(`holds at most ${WORKSHOP_LIMITS.steps} steps`, async () => {
		for (let i = 0; i < WORKSHOP_LIMITS.steps; i++)
			await addPresetStep(db, projectId, workshopId, 'break', { title: `พัก ${i}`, instructions: '' }, T0);
		expect(await issuesOf(addMethodStep(db, projectId, workshopId, 'brainstorm', T0))).toEqual([
			{ field: '', code: 'ws_too_many_steps', params: { max: WORKSHOP_LIMITS.steps } }
		]);
		expect(await count('workshop_steps')).toBe(WORKSHOP_LIMITS.steps);
	});

	it('keeps the steps that followed a lab method when the method is deleted, without the link', async () => {
		const { id: method } = await createLabMethod(db, methodInput(), facilitator.id, { now: T0 });
		await addMethodStep(db, projectId, workshopId, method, T0);
		expect((await findWorkshop(db, projectId, workshopId))!.steps[0]).toMatchObject({
			methodId: method,
			boardId: boardOf('empathize'),
			sectionKey: 'does'
		});
		await deleteLabMethod(db, method);
		expect((await findWorkshop(db, projectId, workshopId))!.steps[0]).toMatchObject({ title: 'เดินดูเส้นทางจริง', methodId: null, minutes: 90 });
	});
});

describe('the lab’s own methods', () => {
	it('are listed with the built-in ones under their stage, in the reader’s language with Thai where English is missing', async () => {
		const { id } = await createLabMethod(db, methodInput(), facilitator.id, { now: T0 });
		const en = await listMethods(db, 'en');
		const mine = en.find((m) => m.id === id)!;
		expect(mine).toMatchObject({ source: 'lab', stage: 'empathize', name: 'Service safari', summary: 'ทีมไปใช้บริการจริงด้วยตัวเองเหมือนประชาชนคนหนึ่ง' });
		expect(mine.board).toEqual({ stage: 'empathize', sections: ['does', 'feels'] });
		const stages = en.map((m) => m.stage);
		expect(stages.indexOf('empathize')).toBeLessThan(stages.indexOf('ideate'));
		expect(en.findIndex((m) => m.id === id)).toBeLessThan(en.findIndex((m) => m.stage === 'ideate'));
		expect((await findMethod(db, id, 'th'))!.steps).toEqual(['เลือกบริการหนึ่งอย่าง', 'ไปใช้บริการจริงโดยไม่บอกว่าเป็นเจ้าหน้าที่', 'จดทุกจุดที่ติดขัด']);
	});

	it('refuses bad input field by field, and stores nothing', async () => {
		const issues = await issuesOf(
			createLabMethod(
				db,
				methodInput({
					nameTh: '',
					stage: 'daydream',
					minutes: '2',
					groupMin: '5',
					groupMax: '3',
					stepsTh: Array.from({ length: 21 }, (_, i) => `ขั้นที่ ${i + 1}`).join('\n'),
					boardSections: ['brainstorm', 'nonsense']
				}),
				facilitator.id
			)
		);
		expect(issues.map((i) => `${i.field}:${i.code}`).sort()).toEqual([
			'board_sections:invalid_choice',
			'group_max:ws_group_order',
			'minutes:ws_number_range',
			'name_th:required',
			'stage:invalid_choice',
			'steps_th:ws_too_many_lines'
		]);
		expect(await count('lab_methods')).toBe(0);
	});

	it('keep only the chosen board’s sections', async () => {
		const { id } = await createLabMethod(db, methodInput({ boardStage: 'ideate', boardSections: ['does', 'hmw', 'brainstorm'] }), facilitator.id);
		expect((await findMethodDraft(db, id))!.boardSections).toEqual(['hmw', 'brainstorm']);
		await updateLabMethod(db, id, methodInput({ boardStage: '', boardSections: ['hmw'] }));
		expect((await findMethod(db, id, 'th'))!.board).toBeNull();
	});

	it('copy a built-in method with its texts in both languages, and leave the built-in one unchangeable', async () => {
		const { id } = await copyMethod(db, 'crazy-8s', facilitator.id, T0);
		const draft = (await findMethodDraft(db, id))!;
		expect(draft).toMatchObject({
			nameTh: 'แปดไอเดียในแปดนาที (Crazy 8s)',
			nameEn: 'Crazy 8s',
			stage: 'ideate',
			minutes: 15,
			boardStage: 'ideate',
			boardSections: ['brainstorm']
		});
		expect(draft.stepsEn.split('\n')).toHaveLength(draft.stepsTh.split('\n').length);
		expect((await findMethod(db, id, 'en'))!.copiedFrom).toEqual({ id: 'crazy-8s', name: 'Crazy 8s' });
		expect(await issuesOf(updateLabMethod(db, 'crazy-8s', methodInput()))).toEqual([{ field: '', code: 'ws_builtin_read_only' }]);
		expect(await issuesOf(deleteLabMethod(db, 'crazy-8s'))).toEqual([{ field: '', code: 'ws_builtin_read_only' }]);
	});

	it('copy every built-in method without a refusal', async () => {
		for (const method of await listMethods(db, 'th')) await copyMethod(db, method.id, facilitator.id, T0);
		expect(await count('lab_methods')).toBeGreaterThanOrEqual(24);
	});
});

describe('the demo', () => {
	it('has a workshop planned a week ahead, with a three-hour agenda drawn from the library on the project’s boards', async () => {
		const demo = await freshDatabase();
		try {
			const now = Date.UTC(2026, 5, 1, 3);
			const { projectId: demoProject } = await seedDemo(demo, now);
			const [summary] = await listWorkshops(demo, demoProject);
			expect(summary).toMatchObject({ date: '2026-06-08', startTime: '09:00', state: 'planned', totalMinutes: 180 });
			const workshop = (await findWorkshop(demo, demoProject, summary!.id))!;
			const demoBoards = new Set((await listBoards(demo, demoProject)).map((b) => b.id));
			for (const step of workshop.steps) {
				if (step.methodId) expect(findBuiltinMethod(step.methodId), step.methodId).not.toBeNull();
				if (step.boardId) expect(demoBoards.has(step.boardId)).toBe(true);
			}
			expect(workshop.facilitators).toHaveLength(2);
		} finally {
			await demo.destroy();
		}
	});
});
