import type { DB } from '../db/open.ts';
import { locking } from '../db/locks.ts';
import { newId } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { canTransition, nextStatuses, PROTOTYPE_STATUSES, type PrototypeStatus } from '../../domain/prototype-lifecycle.ts';

export interface StatusChange {
	id: string;
	fromStatus: PrototypeStatus | null;
	toStatus: PrototypeStatus;
	reason: string;
	changedBy: string | null;
	changedByName: string | null;
	changedAt: number;
}

/**
 * Inside the caller's transaction: moves a prototype from its current status to `to`, recording
 * who, when and why. Refuses a move the lifecycle does not allow, naming the ones it does
 * (`from`, `to` and `allowed` are status codes; the route turns them into words).
 */
export async function applyStatusChange(
	trx: DB,
	prototypeId: string,
	to: PrototypeStatus,
	reason: string,
	userId: string,
	now: number,
	field = 'to'
): Promise<void> {
	// Moves of one prototype take turns, so each records the status it really left.
	const prototype = await locking(trx, trx.selectFrom('prototypes').select('status').where('id', '=', prototypeId)).executeTakeFirst();
	if (!prototype) refuse('not_found');
	const from = prototype.status as PrototypeStatus;
	if (from === to) refuse('prototype_status_unchanged', field);
	if (!canTransition(from, to)) {
		refuse('prototype_status_illegal', field, { from, to, allowed: nextStatuses(from).join(',') });
	}
	await trx.updateTable('prototypes').set({ status: to, status_changed_at: now, updated_at: now }).where('id', '=', prototypeId).execute();
	await trx
		.insertInto('prototype_status_changes')
		.values({ id: newId(), prototype_id: prototypeId, from_status: from, to_status: to, reason, changed_by: userId, changed_at: now })
		.execute();
}

/**
 * Moves a prototype along its lifecycle: every move is dated, by whom, with a reason.
 * Access is the caller's to check (canEdit).
 */
export async function changeStatus(
	db: DB,
	prototypeId: string,
	input: { to: unknown; reason: unknown },
	userId: string,
	now = Date.now()
): Promise<void> {
	const check = new Checker();
	const to = check.oneOf('to', input.to, PROTOTYPE_STATUSES);
	const reason = check.text('reason', input.reason, { min: 3, max: 2000 });
	check.done();
	await db.transaction().execute((trx) => applyStatusChange(trx, prototypeId, to, reason, userId, now));
}

/** A prototype's status history, oldest first. */
export async function listStatusChanges(db: DB, prototypeId: string): Promise<StatusChange[]> {
	const rows = await db
		.selectFrom('prototype_status_changes')
		.leftJoin('users', 'users.id', 'prototype_status_changes.changed_by')
		.select([
			'prototype_status_changes.id',
			'prototype_status_changes.from_status',
			'prototype_status_changes.to_status',
			'prototype_status_changes.reason',
			'prototype_status_changes.changed_by',
			'prototype_status_changes.changed_at',
			'users.name'
		])
		.where('prototype_status_changes.prototype_id', '=', prototypeId)
		.orderBy('prototype_status_changes.changed_at')
		.orderBy('prototype_status_changes.id')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		fromStatus: r.from_status as PrototypeStatus | null,
		toStatus: r.to_status as PrototypeStatus,
		reason: r.reason,
		changedBy: r.changed_by,
		changedByName: r.name,
		changedAt: Number(r.changed_at)
	}));
}
