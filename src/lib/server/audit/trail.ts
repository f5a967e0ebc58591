import type { DB } from '../db/open.ts';
import { isPublishedProject } from '../projects/published.ts';
import { isAuditAction, type ActorKind, type AuditAction, type AuditDetails, type AuditEvent, type PublicAuditEvent } from '../../domain/audit.ts';

/**
 * Reading the audit trail: a project's for its team, everything (filtered) for admins, and a
 * published project's public trail — the team's own actions on the project, each actor by their
 * role, never by name, and nothing a citizen did.
 */

export interface AuditFilter {
	projectId?: string;
	actorId?: string;
	action?: AuditAction;
	/** From this instant (inclusive) … */
	from?: number;
	/** … to this one (exclusive). */
	to?: number;
	/** The page after this event (newest first): its time and id. */
	before?: { at: number; id: string };
	limit?: number;
}

export const AUDIT_PAGE_SIZE = 100;

/** Actions the public trail leaves out: people's accounts are not a project's story. */
const PRIVATE_PREFIXES = ['account.', 'user.', 'api.', 'audit.'];

export function isPublicAction(action: string): boolean {
	return !PRIVATE_PREFIXES.some((p) => action.startsWith(p));
}

function parseDetails(json: string): AuditDetails {
	try {
		const value = JSON.parse(json) as unknown;
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as AuditDetails) : {};
	} catch {
		return {};
	}
}

function filtered(db: DB, filter: AuditFilter) {
	let query = db.selectFrom('audit_events');
	if (filter.projectId) query = query.where('audit_events.project_id', '=', filter.projectId);
	if (filter.actorId) query = query.where('audit_events.actor_id', '=', filter.actorId);
	if (filter.action) query = query.where('audit_events.action', '=', filter.action);
	if (filter.from !== undefined) query = query.where('audit_events.at', '>=', filter.from);
	if (filter.to !== undefined) query = query.where('audit_events.at', '<', filter.to);
	const before = filter.before;
	if (before) {
		query = query.where((eb) =>
			eb.or([eb('audit_events.at', '<', before.at), eb.and([eb('audit_events.at', '=', before.at), eb('audit_events.id', '<', before.id)])])
		);
	}
	return query;
}

/** One page of events matching `filter`, newest first, and whether there are more. */
export async function listAuditEvents(db: DB, filter: AuditFilter = {}): Promise<{ events: AuditEvent[]; more: boolean }> {
	const limit = filter.limit ?? AUDIT_PAGE_SIZE;
	const rows = await filtered(db, filter)
		.leftJoin('users as actor', 'actor.id', 'audit_events.actor_id')
		.leftJoin('users as target', (join) => join.onRef('target.id', '=', 'audit_events.target_id').on('audit_events.target_kind', '=', 'user'))
		.leftJoin('projects', 'projects.id', 'audit_events.project_id')
		.selectAll('audit_events')
		.select(['actor.name as actor_name', 'target.name as target_name', 'projects.title as project_title'])
		.orderBy('audit_events.at', 'desc')
		.orderBy('audit_events.id', 'desc')
		.limit(limit + 1)
		.execute();
	return {
		more: rows.length > limit,
		events: rows.slice(0, limit).flatMap((r) =>
			isAuditAction(r.action)
				? [
						{
							id: r.id,
							at: Number(r.at),
							action: r.action,
							actorKind: r.actor_kind as ActorKind,
							actorId: r.actor_id,
							actorName: r.actor_name ?? null,
							actorRole: r.actor_role,
							projectId: r.project_id,
							projectTitle: r.project_title ?? null,
							targetKind: r.target_kind,
							targetId: r.target_id,
							targetName: r.target_name ?? null,
							details: parseDetails(r.details),
							address: r.address
						}
					]
				: []
		)
	};
}

/**
 * The public trail of a published project (null when it is not published): what its team did,
 * newest first, with roles instead of names, without targets' ids or addresses.
 */
export async function listPublicTrail(
	db: DB,
	projectId: string,
	page: Pick<AuditFilter, 'before' | 'limit'> = {}
): Promise<{ events: PublicAuditEvent[]; more: boolean } | null> {
	if (!(await isPublishedProject(db, projectId))) return null;
	const limit = page.limit ?? AUDIT_PAGE_SIZE;
	let query = filtered(db, { projectId, before: page.before }).where('audit_events.actor_kind', '=', 'user');
	for (const prefix of PRIVATE_PREFIXES) query = query.where('audit_events.action', 'not like', `${prefix}%`);
	const rows = await query
		.select(['id', 'at', 'action', 'actor_role', 'target_kind', 'details'])
		.orderBy('at', 'desc')
		.orderBy('id', 'desc')
		.limit(limit + 1)
		.execute();
	return {
		more: rows.length > limit,
		events: rows
			.slice(0, limit)
			.flatMap((r) =>
				isAuditAction(r.action)
					? [{ id: r.id, at: Number(r.at), action: r.action, actorRole: r.actor_role, targetKind: r.target_kind, details: parseDetails(r.details) }]
					: []
			)
	};
}

/** The people who appear as actors in the trail (for the admins' filter). */
export async function listAuditActors(db: DB): Promise<{ id: string; name: string }[]> {
	const rows = await db
		.selectFrom('users')
		.select(['users.id', 'users.name'])
		.where('users.id', 'in', (eb) => eb.selectFrom('audit_events').select('actor_id').where('actor_id', 'is not', null).distinct())
		.execute();
	return rows.sort((a, b) => a.name.localeCompare(b.name, 'th'));
}

/** A filter from a query string; what does not parse is ignored (it is a URL). `day` turns 'YYYY-MM-DD' into an instant. */
export function auditFilterFrom(params: URLSearchParams, day: (value: string) => number | null): AuditFilter {
	const text = (key: string) => params.get(key)?.trim().slice(0, 64) || undefined;
	const action = params.get('action');
	const from = text('from');
	const to = text('to');
	const fromAt = from ? day(from) : null;
	const toAt = to ? day(to) : null;
	return {
		projectId: text('project'),
		actorId: text('actor'),
		action: isAuditAction(action) ? action : undefined,
		from: fromAt ?? undefined,
		// The whole of the last day chosen.
		to: toAt === null ? undefined : toAt + 24 * 60 * 60 * 1000,
		before: cursorFrom(params.get('before'))
	};
}

/** `at.id` of the last event shown, for the next page's link. */
export function cursorOf(event: { at: number; id: string }): string {
	return `${event.at}.${event.id}`;
}

function cursorFrom(value: string | null): AuditFilter['before'] {
	const match = value ? /^(\d{1,15})\.([a-z0-9]{1,40})$/.exec(value) : null;
	return match ? { at: Number(match[1]), id: match[2]! } : undefined;
}
