import type * as Y from 'yjs';
import type { Transaction } from 'kysely';
import type { DB } from '../db/open.ts';
import type { Database } from '../db/database.ts';
import { newId } from '../ids.ts';
import { refuse } from '../validation.ts';
import { boardRoots } from '../../board/schema.ts';
import { findSectionByKey } from '../../board/sections.ts';
import { listNotes } from '../../board/notes.ts';
import { BUILTIN_METHODS } from '../methods/builtin.ts';
import { clearTimer, startTimer } from '../../board/timer.ts';
import { clearWorkshopStep, readWorkshopStep, setWorkshopStep, type WorkshopStepMeta } from '../../board/workshop-step.ts';
import type { Workshop } from '../../domain/workshops.ts';
import { endWorkshopGuests } from '../guests/workshop-guests.ts';

/**
 * Running a workshop live: the facilitator starts it, moves the room from step to step and ends
 * it. The row keeps which step the room is on and since when (`current_step_id`,
 * `current_step_started_at`); every board of the workshop gets the step in `meta.workshopStep`
 * through the hub, so every screen on any of them sees the move at once. On the step's board the
 * timer starts with the step's minutes and the done check (`meta.doneStep`) takes the step's id,
 * so participants' "I'm done" marks (`board_done_marks`, the hub's flow) count for that step;
 * leaving a step copies its marks into `workshop_step_marks` for the report.
 */

/** What this needs of the hub (`runtime.collab`). */
export interface LiveCollab {
	readBoard<T>(boardId: string, read: (doc: Y.Doc) => T): Promise<T>;
	changeBoard(boardId: string, change: (doc: Y.Doc) => void): Promise<void>;
}

/** Who may move the room: the workshop's own facilitators. */
export function mayRunWorkshop(workshop: Pick<Workshop, 'facilitators'>, userId: string): boolean {
	return workshop.facilitators.some((f) => f.id === userId);
}

export type StepTarget = { to: 'next' } | { to: 'previous' } | { to: 'step'; stepId: unknown };

/** Starts the workshop at its first step. */
export async function startWorkshop(db: DB, collab: LiveCollab, workshop: Workshop, now = Date.now()): Promise<void> {
	if (workshop.state === 'ended') refuse('wl_workshop_ended');
	if (workshop.steps.length === 0) refuse('wl_no_steps');
	await moveRoom(db, collab, workshop, workshop.steps[0]!.id, now);
}

/** Moves a running workshop to the next, the previous or a chosen step. */
export async function goToStep(db: DB, collab: LiveCollab, workshop: Workshop, target: StepTarget, now = Date.now()): Promise<void> {
	if (workshop.state !== 'running') refuse('wl_not_running');
	const at = workshop.steps.findIndex((s) => s.id === workshop.currentStepId);
	let index: number;
	if (target.to === 'step') index = workshop.steps.findIndex((s) => s.id === target.stepId);
	else index = at + (target.to === 'next' ? 1 : -1);
	if (index < 0 || index >= workshop.steps.length) refuse(target.to === 'step' ? 'ws_step_unknown' : 'wl_no_such_step');
	await moveRoom(db, collab, workshop, workshop.steps[index]!.id, now);
}

/**
 * Ends the workshop: its join codes close and its guests' access ends (returned: the caller
 * publishes "access changed" for them, so their sockets close at once), its boards forget the
 * step; the report keeps what happened.
 */
export async function endWorkshop(db: DB, collab: LiveCollab, workshop: Workshop, now = Date.now()): Promise<{ endedGuests: string[] }> {
	if (workshop.state !== 'running') refuse('wl_not_running');
	await keepMarks(db, workshop);
	const endedGuests = await endWorkshopGuests(db, workshop.id, now);
	await db.transaction().execute(async (trx) => {
		await closeRun(trx, workshop.id, now);
		await trx
			.updateTable('workshops')
			.set({ state: 'ended', ended_at: now, current_step_id: null, current_step_started_at: null, updated_at: now })
			.where('id', '=', workshop.id)
			.execute();
	});
	for (const board of workshop.boards) {
		await collab.changeBoard(board.id, (doc) => {
			const before = readWorkshopStep(doc);
			if (before?.workshopId !== workshop.id) return;
			if (before.boardId === board.id) leaveStepOn(doc);
			clearWorkshopStep(doc);
		});
	}
	return { endedGuests };
}

/**
 * Where the room looks for a step: its section, unless the step votes on ideas and its section
 * holds none yet (nobody moved a shortlist there): then the whole board, where the ideas are.
 */
function onIdeas(methodId: string | null): boolean {
	return methodId !== null && BUILTIN_METHODS.some((method) => method.id === methodId && method.onIdeas);
}

function stepSection(doc: Y.Doc, key: string, methodId: string | null): string | null {
	const section = findSectionByKey(doc, key);
	if (!section) return null;
	if (onIdeas(methodId) && !listNotes(doc).some((n) => n.section === section.id)) return null;
	return section.id;
}

async function moveRoom(db: DB, collab: LiveCollab, workshop: Workshop, stepId: string, now: number): Promise<void> {
	const index = workshop.steps.findIndex((s) => s.id === stepId);
	const step = workshop.steps[index]!;
	const onBoard = step.boardId && workshop.boards.some((b) => b.id === step.boardId) ? step.boardId : null;
	const sectionId = onBoard && step.sectionKey ? await collab.readBoard(onBoard, (doc) => stepSection(doc, step.sectionKey, step.methodId)) : null;
	await keepMarks(db, workshop);
	await db.transaction().execute(async (trx) => {
		await closeRun(trx, workshop.id, now);
		await trx
			.insertInto('workshop_step_runs')
			.values({ id: newId(), workshop_id: workshop.id, step_id: step.id, started_at: now, ended_at: null })
			.execute();
		await trx
			.updateTable('workshops')
			.set({
				state: 'running',
				current_step_id: step.id,
				current_step_started_at: now,
				...(workshop.state === 'planned' ? { started_at: now } : {}),
				updated_at: now
			})
			.where('id', '=', workshop.id)
			.execute();
	});
	const meta: WorkshopStepMeta = {
		workshopId: workshop.id,
		stepId: step.id,
		index,
		count: workshop.steps.length,
		title: step.title,
		instructions: step.instructions,
		boardId: onBoard,
		sectionId,
		minutes: step.minutes,
		startedAt: now
	};
	for (const board of workshop.boards) {
		await collab.changeBoard(board.id, (doc) => {
			const before = readWorkshopStep(doc);
			if (board.id === onBoard) {
				startTimer(doc, step.minutes * 60_000, now);
				boardRoots(doc).meta.set('doneStep', step.id);
			} else if (before?.workshopId === workshop.id && before.boardId === board.id) {
				leaveStepOn(doc);
			}
			setWorkshopStep(doc, meta);
		});
	}
}

/** The step the room is on is left now (workshop_step_runs: the agenda as run). */
async function closeRun(trx: Transaction<Database>, workshopId: string, now: number): Promise<void> {
	await trx.updateTable('workshop_step_runs').set({ ended_at: now }).where('workshop_id', '=', workshopId).where('ended_at', 'is', null).execute();
}

/** The room left the step on this board: its timer and done check go. */
function leaveStepOn(doc: Y.Doc): void {
	clearTimer(doc);
	boardRoots(doc).meta.delete('doneStep');
}

/** The current step's "I'm done" marks (pseudonyms on its board), kept once the room moves on. */
async function keepMarks(db: DB, workshop: Workshop): Promise<void> {
	const step = workshop.steps.find((s) => s.id === workshop.currentStepId);
	if (!step?.boardId) return;
	const marks = await db
		.selectFrom('board_done_marks')
		.select(['person', 'marked_at'])
		.where('board_id', '=', step.boardId)
		.where('step', '=', step.id)
		.execute();
	if (marks.length === 0) return;
	await db
		.insertInto('workshop_step_marks')
		.values(marks.map((m) => ({ step_id: step.id, participant_kind: 'pseudonym', participant_id: m.person, marked_at: Number(m.marked_at) })))
		.onConflict((oc) => oc.doNothing())
		.execute();
}

/** How many marked themselves done, per step (kept marks and the current step's live ones). */
export async function doneCounts(db: DB, workshop: Workshop): Promise<Map<string, number>> {
	const people = new Map<string, Set<string>>();
	const add = (step: string, who: string) => {
		if (!people.has(step)) people.set(step, new Set());
		people.get(step)!.add(who);
	};
	const ids = workshop.steps.map((s) => s.id);
	if (ids.length === 0) return new Map();
	const kept = await db.selectFrom('workshop_step_marks').select(['step_id', 'participant_id']).where('step_id', 'in', ids).execute();
	for (const row of kept) add(row.step_id, row.participant_id);
	const boards = workshop.boards.map((b) => b.id);
	if (boards.length > 0) {
		const live = await db
			.selectFrom('board_done_marks')
			.select(['step', 'person'])
			.where('board_id', 'in', boards)
			.where('step', 'in', ids)
			.execute();
		for (const row of live) add(row.step, row.person);
	}
	return new Map([...people].map(([step, set]) => [step, set.size]));
}
