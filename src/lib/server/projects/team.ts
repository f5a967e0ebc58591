import type { DB } from '../db/open.ts';
import { lockRow } from '../db/locks.ts';
import { Checker, refuse } from '../validation.ts';
import { PROJECT_ROLES } from '../../domain/stages.ts';

/**
 * Adds someone to a project's team by email, or changes their role if they are on it.
 * Access is the caller's to check (canManage).
 */
export async function addTeamMember(
	db: DB,
	projectId: string,
	input: { email: unknown; role: unknown },
	addedBy: string,
	now = Date.now()
): Promise<{ userId: string }> {
	const check = new Checker();
	const email = check.email('email', input.email);
	const role = check.oneOf('role', input.role, PROJECT_ROLES);
	check.done();
	const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
	if (!user) refuse('no_such_user', 'email');
	await db.transaction().execute(async (trx) => {
		if (!(await lockRow(trx, 'projects', projectId))) refuse('not_found');
		// Adding someone who is on the team changes their role: the last facilitator stays one.
		const current = await findRole(trx, projectId, user.id);
		if (current === 'facilitator' && role !== 'facilitator') await ensureAnotherFacilitator(trx, projectId, user.id);
		await trx
			.insertInto('project_members')
			.values({ project_id: projectId, user_id: user.id, role, added_by: addedBy, added_at: now })
			.onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet({ role }))
			.execute();
		await trx.updateTable('projects').set({ updated_at: now }).where('id', '=', projectId).execute();
	});
	return { userId: user.id };
}

/** Changes a team member's role; the last facilitator cannot step down. */
export async function setTeamRole(db: DB, projectId: string, userId: string, role: unknown): Promise<void> {
	const check = new Checker();
	const valid = check.oneOf('role', role, PROJECT_ROLES);
	check.done();
	await db.transaction().execute(async (trx) => {
		await lockRow(trx, 'projects', projectId);
		const current = await findRole(trx, projectId, userId);
		if (!current) refuse('not_found');
		if (current === 'facilitator' && valid !== 'facilitator') await ensureAnotherFacilitator(trx, projectId, userId);
		await trx.updateTable('project_members').set({ role: valid }).where('project_id', '=', projectId).where('user_id', '=', userId).execute();
	});
}

/** Removes someone from the team; the last facilitator cannot be removed. */
export async function removeTeamMember(db: DB, projectId: string, userId: string): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await lockRow(trx, 'projects', projectId);
		const current = await findRole(trx, projectId, userId);
		if (!current) refuse('not_found');
		if (current === 'facilitator') await ensureAnotherFacilitator(trx, projectId, userId);
		await trx.deleteFrom('project_members').where('project_id', '=', projectId).where('user_id', '=', userId).execute();
	});
}

async function findRole(db: DB, projectId: string, userId: string): Promise<string | null> {
	const row = await db
		.selectFrom('project_members')
		.select('role')
		.where('project_id', '=', projectId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	return row?.role ?? null;
}

/**
 * Inside a transaction that holds the project's row lock (lockRow): changes of one team take
 * turns, so two facilitators stepping down together cannot both see the other one stay.
 */
async function ensureAnotherFacilitator(db: DB, projectId: string, leavingUserId: string): Promise<void> {
	const other = await db
		.selectFrom('project_members')
		.select('user_id')
		.where('project_id', '=', projectId)
		.where('role', '=', 'facilitator')
		.where('user_id', '!=', leavingUserId)
		.executeTakeFirst();
	if (!other) refuse('last_facilitator');
}
