import type { Transaction } from 'kysely';
import type { DB } from '../db/open.ts';
import type { Database } from '../db/database.ts';
import { newId } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { checkWholeNumber, findMethod } from '../methods/library.ts';
import { STAGE_TEMPLATES } from '../../board/templates.ts';
import type { BoardStage } from '../../domain/stages.ts';
import { WORKSHOP_LIMITS, PRESET_MINUTES, type StepPreset } from '../../domain/workshops.ts';

/**
 * A workshop's agenda: timed steps in order. Every change is one transaction that also marks
 * the workshop changed; positions are rewritten 0, 1, 2 … so the order never has gaps or ties.
 * Start times are not stored: pages compute them (scheduleAgenda). Access: canManage.
 */

type Trx = Transaction<Database>;

export interface StepInput {
	title: unknown;
	methodId: unknown;
	minutes: unknown;
	instructions: unknown;
	/** '' (no board), 'BOARD_ID' (the whole board) or 'BOARD_ID:SECTION_KEY'. */
	place: unknown;
	/** 1-based, from the edit form; absent or '' keeps the step where it is (or appends a new one). */
	position?: unknown;
}

export function stepInputFrom(data: FormData): StepInput {
	return {
		title: data.get('title'),
		methodId: data.get('method') ?? '',
		minutes: data.get('minutes'),
		instructions: data.get('instructions') ?? '',
		place: data.get('place') ?? '',
		position: data.get('position') ?? ''
	};
}

async function workshopBoards(trx: Trx | DB, workshopId: string): Promise<Map<string, BoardStage>> {
	const rows = await trx
		.selectFrom('workshop_boards')
		.innerJoin('boards', 'boards.id', 'workshop_boards.board_id')
		.select(['boards.id', 'boards.stage'])
		.where('workshop_boards.workshop_id', '=', workshopId)
		.execute();
	return new Map(rows.map((r) => [r.id, r.stage as BoardStage]));
}

/** Checks a place ('' | board | board:section) against the workshop's boards and their templates. */
function checkPlace(check: Checker, value: unknown, boards: Map<string, BoardStage>): { boardId: string | null; sectionKey: string } {
	const text = typeof value === 'string' ? value : '';
	if (text === '') return { boardId: null, sectionKey: '' };
	const [boardId = '', sectionKey = ''] = text.split(':');
	const stage = boards.get(boardId);
	if (!stage) {
		check.add('place', 'ws_board_not_in_workshop');
		return { boardId: null, sectionKey: '' };
	}
	if (sectionKey && !STAGE_TEMPLATES[stage].some((s) => s.key === sectionKey)) {
		check.add('place', 'invalid_choice');
		return { boardId, sectionKey: '' };
	}
	return { boardId, sectionKey };
}

async function lockWorkshop(trx: Trx, projectId: string, workshopId: string, now: number): Promise<void> {
	// Touching the row first also serialises concurrent agenda edits on PostgreSQL (a row lock).
	const result = await trx
		.updateTable('workshops')
		.set({ updated_at: now })
		.where('id', '=', workshopId)
		.where('project_id', '=', projectId)
		.executeTakeFirst();
	if (Number(result.numUpdatedRows) === 0) refuse('not_found');
}

async function orderedStepIds(trx: Trx, workshopId: string): Promise<string[]> {
	const rows = await trx
		.selectFrom('workshop_steps')
		.select('id')
		.where('workshop_id', '=', workshopId)
		.orderBy('position')
		.orderBy('created_at')
		.orderBy('id')
		.execute();
	return rows.map((r) => r.id);
}

async function writeOrder(trx: Trx, ids: readonly string[]): Promise<void> {
	for (const [position, id] of ids.entries()) {
		await trx.updateTable('workshop_steps').set({ position }).where('id', '=', id).execute();
	}
}

interface NewStep {
	title: string;
	methodId: string | null;
	minutes: number;
	instructions: string;
	boardId: string | null;
	sectionKey: string;
}

async function appendStep(db: DB, projectId: string, workshopId: string, step: NewStep, now: number): Promise<{ id: string }> {
	const id = newId();
	await db.transaction().execute(async (trx) => {
		await lockWorkshop(trx, projectId, workshopId, now);
		const ids = await orderedStepIds(trx, workshopId);
		if (ids.length >= WORKSHOP_LIMITS.steps) refuse('ws_too_many_steps', '', { max: WORKSHOP_LIMITS.steps });
		await trx
			.insertInto('workshop_steps')
			.values({
				id,
				workshop_id: workshopId,
				position: ids.length,
				title: step.title,
				method_id: step.methodId,
				minutes: step.minutes,
				instructions: step.instructions,
				board_id: step.boardId,
				section_key: step.sectionKey,
				created_at: now,
				updated_at: now
			})
			.execute();
	});
	return { id };
}

/**
 * Appends a step that follows a library method: its name, suggested minutes and steps (as the
 * step's instructions), on the workshop's board of the method's stage and at its first section
 * when the workshop uses that board.
 */
export async function addMethodStep(db: DB, projectId: string, workshopId: string, methodId: unknown, now = Date.now()): Promise<{ id: string }> {
	const method = typeof methodId === 'string' && methodId ? await findMethod(db, methodId) : null;
	if (!method) refuse('ws_method_unknown', 'method');
	const boards = await workshopBoards(db, workshopId);
	const boardId = method.board ? ([...boards].find(([, stage]) => stage === method.board!.stage)?.[0] ?? null) : null;
	const instructions = method.steps.map((step, i) => `${i + 1}. ${step}`).join('\n');
	return appendStep(
		db,
		projectId,
		workshopId,
		{
			title: [...method.name].slice(0, WORKSHOP_LIMITS.stepTitle).join(''),
			methodId: method.id,
			minutes: Math.min(method.minutes, WORKSHOP_LIMITS.stepMinutesMax),
			instructions: [...instructions].slice(0, WORKSHOP_LIMITS.instructions).join(''),
			boardId,
			sectionKey: boardId ? (method.board!.sections[0] ?? '') : ''
		},
		now
	);
}

/** Appends a step that is not a method (a welcome, a break …), worded by the caller in the user's language. */
export async function addPresetStep(
	db: DB,
	projectId: string,
	workshopId: string,
	preset: StepPreset,
	wording: { title: string; instructions: string },
	now = Date.now()
): Promise<{ id: string }> {
	return appendStep(
		db,
		projectId,
		workshopId,
		{ title: wording.title, methodId: null, minutes: PRESET_MINUTES[preset], instructions: wording.instructions, boardId: null, sectionKey: '' },
		now
	);
}

async function checkStepInput(db: DB, workshopId: string, input: StepInput) {
	const check = new Checker();
	const title = check.text('title', input.title, { min: 1, max: WORKSHOP_LIMITS.stepTitle });
	const minutes = checkWholeNumber(check, 'minutes', input.minutes, 1, WORKSHOP_LIMITS.stepMinutesMax);
	const instructions = check.text('instructions', input.instructions, { min: 0, max: WORKSHOP_LIMITS.instructions });
	let methodId: string | null = null;
	if (typeof input.methodId === 'string' && input.methodId !== '') {
		if (await findMethod(db, input.methodId)) methodId = input.methodId;
		else check.add('method', 'ws_method_unknown');
	}
	const place = checkPlace(check, input.place, await workshopBoards(db, workshopId));
	let position: number | null = null;
	if (typeof input.position === 'string' && input.position !== '') {
		position = checkWholeNumber(check, 'position', input.position, 1, WORKSHOP_LIMITS.steps) - 1;
	}
	check.done();
	return { title, minutes, instructions, methodId, ...place, position };
}

/** Appends a step written by hand. */
export async function addStep(db: DB, projectId: string, workshopId: string, input: StepInput, now = Date.now()): Promise<{ id: string }> {
	const fields = await checkStepInput(db, workshopId, input);
	return appendStep(db, projectId, workshopId, fields, now);
}

async function requireStep(trx: Trx, workshopId: string, stepId: unknown) {
	const step =
		typeof stepId === 'string'
			? await trx
					.selectFrom('workshop_steps')
					.select(['id', 'minutes'])
					.where('id', '=', stepId)
					.where('workshop_id', '=', workshopId)
					.executeTakeFirst()
			: undefined;
	if (!step) refuse('ws_step_unknown');
	return step;
}

/** Changes a step: its texts, minutes, method, place and (1-based `position`) where it sits. */
export async function updateStep(db: DB, projectId: string, workshopId: string, stepId: unknown, input: StepInput, now = Date.now()): Promise<void> {
	const fields = await checkStepInput(db, workshopId, input);
	await db.transaction().execute(async (trx) => {
		await lockWorkshop(trx, projectId, workshopId, now);
		const step = await requireStep(trx, workshopId, stepId);
		await trx
			.updateTable('workshop_steps')
			.set({
				title: fields.title,
				minutes: fields.minutes,
				instructions: fields.instructions,
				method_id: fields.methodId,
				board_id: fields.boardId,
				section_key: fields.sectionKey,
				updated_at: now
			})
			.where('id', '=', step.id)
			.execute();
		if (fields.position !== null) await placeAt(trx, workshopId, step.id, fields.position);
	});
}

async function placeAt(trx: Trx, workshopId: string, stepId: string, position: number): Promise<number> {
	const ids = (await orderedStepIds(trx, workshopId)).filter((id) => id !== stepId);
	const at = Math.max(0, Math.min(position, ids.length));
	ids.splice(at, 0, stepId);
	await writeOrder(trx, ids);
	return at;
}

/** Moves a step one place up (-1) or down (+1), or to a 0-based position; returns where it now is. */
export async function moveStep(
	db: DB,
	projectId: string,
	workshopId: string,
	stepId: unknown,
	to: { by: -1 | 1 } | { position: number },
	now = Date.now()
): Promise<number> {
	return db.transaction().execute(async (trx) => {
		await lockWorkshop(trx, projectId, workshopId, now);
		const step = await requireStep(trx, workshopId, stepId);
		const current = (await orderedStepIds(trx, workshopId)).indexOf(step.id);
		const target = 'by' in to ? current + to.by : to.position;
		return placeAt(trx, workshopId, step.id, target);
	});
}

/** Lengthens or shortens a step by `delta` minutes; refused past 1 minute or the longest step. */
export async function resizeStep(db: DB, projectId: string, workshopId: string, stepId: unknown, delta: number, now = Date.now()): Promise<number> {
	return db.transaction().execute(async (trx) => {
		await lockWorkshop(trx, projectId, workshopId, now);
		const step = await requireStep(trx, workshopId, stepId);
		const minutes = step.minutes + delta;
		if (!Number.isInteger(minutes) || minutes < 1 || minutes > WORKSHOP_LIMITS.stepMinutesMax) {
			refuse('ws_number_range', 'minutes', { min: 1, max: WORKSHOP_LIMITS.stepMinutesMax });
		}
		await trx.updateTable('workshop_steps').set({ minutes, updated_at: now }).where('id', '=', step.id).execute();
		return minutes;
	});
}

/** Removes a step; the ones after it move up. */
export async function removeStep(db: DB, projectId: string, workshopId: string, stepId: unknown, now = Date.now()): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await lockWorkshop(trx, projectId, workshopId, now);
		const step = await requireStep(trx, workshopId, stepId);
		await trx.deleteFrom('workshop_steps').where('id', '=', step.id).execute();
		await writeOrder(trx, await orderedStepIds(trx, workshopId));
	});
}
