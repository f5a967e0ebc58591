import type { Logger } from 'pino';
import type { DB } from '../db/open.ts';
import { newId } from '../ids.ts';
import type { ActorKind, AuditAction, AuditDetails } from '../../domain/audit.ts';

/**
 * Writing the audit trail. `appendAudit` is the one writer (services and the collab hub call it
 * with `db`); routes call `recordAudit(event.locals, action, …)`, one line where the action
 * happened, after it succeeded. The table takes inserts only (migration 0016's triggers).
 */

export interface AuditEntry {
	action: AuditAction;
	/** Who did it; a signed-in user by id. */
	actor: { kind: 'user'; id: string } | { kind: Exclude<ActorKind, 'user'> };
	projectId?: string | null;
	/** What it was done to. */
	target?: { kind: string; id: string } | null;
	details?: AuditDetails;
	/** The client's address: for sign-ins only. */
	address?: string | null;
	at?: number;
}

const MAX_DETAIL_TEXT = 200;
const MAX_DETAILS = 20;

/** Details as stored: primitives only, short strings, a bounded number of keys. */
function cleanDetails(details: AuditDetails | undefined): string {
	const out: AuditDetails = {};
	for (const [key, value] of Object.entries(details ?? {}).slice(0, MAX_DETAILS)) {
		if (typeof value === 'string') out[key] = value.slice(0, MAX_DETAIL_TEXT);
		else if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
		else if (typeof value === 'boolean' || value === null) out[key] = value;
	}
	return JSON.stringify(out);
}

/** The actor's role then: their role on the project's team, else their site role. */
async function roleOf(db: DB, userId: string, projectId: string | null | undefined): Promise<string> {
	if (projectId) {
		const member = await db
			.selectFrom('project_members')
			.select('role')
			.where('project_id', '=', projectId)
			.where('user_id', '=', userId)
			.executeTakeFirst();
		if (member) return member.role;
	}
	const user = await db.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst();
	return user?.role ?? '';
}

/** Appends one event to the trail. */
export async function appendAudit(db: DB, entry: AuditEntry): Promise<void> {
	const actorId = entry.actor.kind === 'user' ? entry.actor.id : null;
	await db
		.insertInto('audit_events')
		.values({
			id: newId(),
			at: entry.at ?? Date.now(),
			actor_kind: entry.actor.kind,
			actor_id: actorId,
			actor_role: actorId ? await roleOf(db, actorId, entry.projectId) : '',
			action: entry.action,
			project_id: entry.projectId ?? null,
			target_kind: entry.target?.kind ?? '',
			target_id: entry.target?.id ?? null,
			details: cleanDetails(entry.details),
			address: entry.address ?? null
		})
		.execute();
}

/** What a route hands over: its `event.locals` (the database, the signed-in user, the log). */
export interface AuditLocals {
	db: DB;
	user: { id: string } | null;
	runtime: { log: Logger };
}

/**
 * Records an action a route just carried out, by the signed-in user (or, without one, by a
 * citizen). The action has happened by now and stays done: a trail that cannot be written is
 * logged as an error (and counted in errors_total), not turned into a failed request.
 */
export async function recordAudit(
	locals: AuditLocals,
	action: AuditAction,
	entry: Omit<AuditEntry, 'action' | 'actor'> & { actor?: AuditEntry['actor'] } = {}
): Promise<void> {
	const actor = entry.actor ?? (locals.user ? { kind: 'user' as const, id: locals.user.id } : { kind: 'citizen' as const });
	try {
		await appendAudit(locals.db, { ...entry, action, actor });
	} catch (err) {
		locals.runtime.log.child({ component: 'audit' }).error({ err, action }, 'an audit event could not be stored');
	}
}

/**
 * A failed sign-in: by nobody known, against the account the e-mail names if there is one. The
 * e-mail itself is not kept (people type passwords into the wrong field), nor is the password.
 */
export async function recordSignInFailure(locals: AuditLocals, email: string, address: string): Promise<void> {
	const account = await locals.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
	await recordAudit(locals, 'account.sign_in_failed', {
		actor: { kind: 'anonymous' },
		target: account ? { kind: 'user', id: account.id } : null,
		details: { knownAccount: !!account },
		address
	});
}

/** A project's details were saved: published, unpublished, or just changed. */
export function projectSavedAction(change: { before: string; after: string }): AuditAction {
	if (change.before !== change.after) return change.after === 'published' ? 'project.published' : 'project.unpublished';
	return 'project.updated';
}
