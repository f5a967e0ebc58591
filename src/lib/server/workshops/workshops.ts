import type { DB } from '../db/open.ts';
import type { SessionUser } from '../auth/session.ts';
import { newId } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { parseCalendarDay } from '../prototypes/test-plans.ts';
import { methodNames } from '../methods/library.ts';
import { BOARD_STAGES, type BoardStage } from '../../domain/stages.ts';
import {
	parseClock,
	WORKSHOP_LIMITS,
	type AgendaStep,
	type Person,
	type Workshop,
	type WorkshopBoard,
	type WorkshopState,
	type WorkshopSummary
} from '../../domain/workshops.ts';

export interface WorkshopInput {
	title: unknown;
	purpose: unknown;
	date: unknown;
	startTime: unknown;
	facilitators: unknown[];
	boards: unknown[];
}

/** A workshop's details from its form, unchecked. Facilitators and boards are repeated checkboxes. */
export function workshopInputFrom(data: FormData): WorkshopInput {
	return {
		title: data.get('title'),
		purpose: data.get('purpose') ?? '',
		date: data.get('date'),
		startTime: data.get('start_time'),
		facilitators: data.getAll('facilitators'),
		boards: data.getAll('boards')
	};
}

/** Who may be named a workshop's facilitator: the project's facilitators and members. */
export async function listFacilitatorChoices(db: DB, projectId: string): Promise<Person[]> {
	return db
		.selectFrom('project_members')
		.innerJoin('users', 'users.id', 'project_members.user_id')
		.select(['users.id', 'users.name'])
		.where('project_members.project_id', '=', projectId)
		.where('project_members.role', 'in', ['facilitator', 'member'])
		.where('users.disabled', '=', 0)
		.orderBy('users.name')
		.execute();
}

async function projectBoards(db: DB, projectId: string): Promise<WorkshopBoard[]> {
	const rows = await db.selectFrom('boards').select(['id', 'stage']).where('project_id', '=', projectId).execute();
	return rows.map((r) => ({ id: r.id, stage: r.stage as BoardStage }));
}

async function checkWorkshopInput(db: DB, projectId: string, input: WorkshopInput) {
	const check = new Checker();
	const title = check.text('title', input.title, { min: 3, max: WORKSHOP_LIMITS.title });
	const purpose = check.text('purpose', input.purpose, { min: 0, max: WORKSHOP_LIMITS.purpose });
	const date = parseCalendarDay(input.date);
	if (!date) check.add('date', input.date ? 'invalid_date' : 'required');
	const startTime = parseClock(input.startTime);
	if (startTime === null) check.add('start_time', input.startTime ? 'ws_invalid_time' : 'required');

	const team = await listFacilitatorChoices(db, projectId);
	const facilitators = [...new Set(input.facilitators.filter((f): f is string => typeof f === 'string'))];
	if (facilitators.length === 0) check.add('facilitators', 'ws_facilitator_required');
	else if (facilitators.some((id) => !team.some((p) => p.id === id))) check.add('facilitators', 'ws_facilitator_not_on_team');

	const available = await projectBoards(db, projectId);
	const boards = [...new Set(input.boards.filter((b): b is string => typeof b === 'string'))];
	if (boards.some((id) => !available.some((b) => b.id === id))) check.add('boards', 'invalid_choice');
	check.done();
	return { title, purpose, date: date!, startTime: String(input.startTime).trim(), facilitators, boards };
}

/** Plans a workshop on a project (state: planned, no steps yet). Access: canManage. */
export async function createWorkshop(
	db: DB,
	projectId: string,
	input: WorkshopInput,
	creator: SessionUser,
	now = Date.now()
): Promise<{ id: string }> {
	const fields = await checkWorkshopInput(db, projectId, input);
	const id = newId();
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('workshops')
			.values({
				id,
				project_id: projectId,
				title: fields.title,
				purpose: fields.purpose,
				date: fields.date,
				start_time: fields.startTime,
				state: 'planned',
				created_by: creator.id,
				created_at: now,
				updated_at: now
			})
			.execute();
		await trx
			.insertInto('workshop_facilitators')
			.values(fields.facilitators.map((user_id) => ({ workshop_id: id, user_id })))
			.execute();
		if (fields.boards.length > 0) {
			await trx
				.insertInto('workshop_boards')
				.values(fields.boards.map((board_id) => ({ workshop_id: id, board_id })))
				.execute();
		}
	});
	return { id };
}

/**
 * Changes a workshop's details, facilitators and boards. Steps on a board the workshop no longer
 * uses keep their place in the agenda but lose the board. Access: canManage.
 */
export async function updateWorkshop(db: DB, projectId: string, workshopId: string, input: WorkshopInput, now = Date.now()): Promise<void> {
	const fields = await checkWorkshopInput(db, projectId, input);
	await db.transaction().execute(async (trx) => {
		const result = await trx
			.updateTable('workshops')
			.set({ title: fields.title, purpose: fields.purpose, date: fields.date, start_time: fields.startTime, updated_at: now })
			.where('id', '=', workshopId)
			.where('project_id', '=', projectId)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) refuse('not_found');
		await trx.deleteFrom('workshop_facilitators').where('workshop_id', '=', workshopId).execute();
		await trx
			.insertInto('workshop_facilitators')
			.values(fields.facilitators.map((user_id) => ({ workshop_id: workshopId, user_id })))
			.execute();
		await trx.deleteFrom('workshop_boards').where('workshop_id', '=', workshopId).execute();
		if (fields.boards.length > 0) {
			await trx
				.insertInto('workshop_boards')
				.values(fields.boards.map((board_id) => ({ workshop_id: workshopId, board_id })))
				.execute();
		}
		let dropped = trx.updateTable('workshop_steps').set({ board_id: null, section_key: '', updated_at: now }).where('workshop_id', '=', workshopId);
		if (fields.boards.length > 0) dropped = dropped.where('board_id', 'not in', fields.boards);
		await dropped.where('board_id', 'is not', null).execute();
	});
}

/** Deletes a workshop with its agenda. Access: canManage. */
export async function deleteWorkshop(db: DB, projectId: string, workshopId: string): Promise<void> {
	const result = await db.deleteFrom('workshops').where('id', '=', workshopId).where('project_id', '=', projectId).executeTakeFirst();
	if (Number(result.numDeletedRows) === 0) refuse('not_found');
}

/** A project's workshops, by date and start time. */
export async function listWorkshops(db: DB, projectId: string): Promise<WorkshopSummary[]> {
	const rows = await db
		.selectFrom('workshops')
		.select((eb) => [
			'workshops.id',
			'workshops.project_id',
			'workshops.title',
			'workshops.date',
			'workshops.start_time',
			'workshops.state',
			eb
				.selectFrom('workshop_steps')
				.select((s) => s.fn.countAll<number>().as('n'))
				.whereRef('workshop_steps.workshop_id', '=', 'workshops.id')
				.as('step_count'),
			eb
				.selectFrom('workshop_steps')
				.select((s) => s.fn.sum<number>('minutes').as('m'))
				.whereRef('workshop_steps.workshop_id', '=', 'workshops.id')
				.as('total_minutes')
		])
		.where('workshops.project_id', '=', projectId)
		.orderBy('workshops.date')
		.orderBy('workshops.start_time')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		projectId: r.project_id,
		title: r.title,
		date: r.date,
		startTime: r.start_time,
		state: r.state as WorkshopState,
		stepCount: Number(r.step_count ?? 0),
		totalMinutes: Number(r.total_minutes ?? 0)
	}));
}

/** The steps of a workshop in agenda order (position, then when they were added). */
export async function listSteps(db: DB, workshopId: string): Promise<AgendaStep[]> {
	const rows = await db
		.selectFrom('workshop_steps')
		.selectAll()
		.where('workshop_id', '=', workshopId)
		.orderBy('position')
		.orderBy('created_at')
		.orderBy('id')
		.execute();
	const names = await methodNames(
		db,
		rows.flatMap((r) => (r.method_id ? [r.method_id] : []))
	);
	return rows.map((r, i) => ({
		id: r.id,
		position: i,
		title: r.title,
		methodId: r.method_id,
		methodName: r.method_id ? (names.get(r.method_id) ?? null) : null,
		minutes: r.minutes,
		instructions: r.instructions,
		boardId: r.board_id,
		sectionKey: r.section_key
	}));
}

/** One workshop of a project with its people, boards and agenda; null when the project has no such workshop. */
export async function findWorkshop(db: DB, projectId: string, workshopId: string): Promise<Workshop | null> {
	const row = await db.selectFrom('workshops').selectAll().where('id', '=', workshopId).where('project_id', '=', projectId).executeTakeFirst();
	if (!row) return null;
	const [facilitators, boards, steps] = await Promise.all([
		db
			.selectFrom('workshop_facilitators')
			.innerJoin('users', 'users.id', 'workshop_facilitators.user_id')
			.select(['users.id', 'users.name'])
			.where('workshop_facilitators.workshop_id', '=', workshopId)
			.orderBy('users.name')
			.execute(),
		db
			.selectFrom('workshop_boards')
			.innerJoin('boards', 'boards.id', 'workshop_boards.board_id')
			.select(['boards.id', 'boards.stage'])
			.where('workshop_boards.workshop_id', '=', workshopId)
			.execute(),
		listSteps(db, workshopId)
	]);
	return {
		id: row.id,
		projectId: row.project_id,
		title: row.title,
		purpose: row.purpose,
		date: row.date,
		startTime: row.start_time,
		state: row.state as WorkshopState,
		stepCount: steps.length,
		totalMinutes: steps.reduce((sum, s) => sum + s.minutes, 0),
		facilitators,
		boards: boards
			.map((b) => ({ id: b.id, stage: b.stage as BoardStage }))
			.sort((a, b) => BOARD_STAGES.indexOf(a.stage) - BOARD_STAGES.indexOf(b.stage)),
		steps,
		currentStepId: row.current_step_id,
		currentStepStartedAt: row.current_step_started_at === null ? null : Number(row.current_step_started_at),
		startedAt: row.started_at === null ? null : Number(row.started_at),
		endedAt: row.ended_at === null ? null : Number(row.ended_at),
		createdAt: Number(row.created_at),
		updatedAt: Number(row.updated_at)
	};
}
