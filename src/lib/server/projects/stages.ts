import type { DB } from '../db/open.ts';
import { locking } from '../db/locks.ts';
import { newId } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { STAGES, type Stage } from '../../domain/stages.ts';

export interface StageChange {
	id: string;
	fromStage: Stage | null;
	toStage: Stage;
	reason: string;
	changedBy: string | null;
	changedByName: string | null;
	changedAt: number;
}

/**
 * Moves a project to another stage, forward or back (design thinking loops), recording who,
 * when and why: every move needs its reason. Access is the caller's to check (canManage).
 */
export async function changeStage(
	db: DB,
	projectId: string,
	input: { to: unknown; reason: unknown },
	userId: string,
	now = Date.now()
): Promise<{ from: Stage; to: Stage }> {
	const check = new Checker();
	const to = check.oneOf('to', input.to, STAGES);
	const reason = check.text('reason', input.reason, { min: 3, max: 1000 });
	check.done();
	return db.transaction().execute(async (trx) => {
		// Moves of one project take turns, so each records the stage it really left.
		const project = await locking(trx, trx.selectFrom('projects').select('stage').where('id', '=', projectId)).executeTakeFirst();
		if (!project) refuse('not_found');
		const from = project.stage as Stage;
		if (from === to) refuse('stage_unchanged', 'to');
		await trx.updateTable('projects').set({ stage: to, updated_at: now }).where('id', '=', projectId).execute();
		await trx
			.insertInto('stage_changes')
			.values({ id: newId(), project_id: projectId, from_stage: from, to_stage: to, reason, changed_by: userId, changed_at: now })
			.execute();
		return { from, to };
	});
}

/** A project's stage history, newest first. */
export async function listStageChanges(db: DB, projectId: string): Promise<StageChange[]> {
	const rows = await db
		.selectFrom('stage_changes')
		.leftJoin('users', 'users.id', 'stage_changes.changed_by')
		.select([
			'stage_changes.id',
			'stage_changes.from_stage',
			'stage_changes.to_stage',
			'stage_changes.reason',
			'stage_changes.changed_by',
			'stage_changes.changed_at',
			'users.name'
		])
		.where('stage_changes.project_id', '=', projectId)
		.orderBy('stage_changes.changed_at', 'desc')
		.orderBy('stage_changes.id', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		fromStage: r.from_stage as Stage | null,
		toStage: r.to_stage as Stage,
		reason: r.reason,
		changedBy: r.changed_by,
		changedByName: r.name,
		changedAt: r.changed_at
	}));
}
