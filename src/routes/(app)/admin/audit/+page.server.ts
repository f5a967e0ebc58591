import { requireRole } from '$lib/server/http/guards';
import { auditFilterFrom, cursorOf, listAuditActors, listAuditEvents } from '$lib/server/audit/trail';
import { bangkokDay, bangkokDayStart } from '$lib/server/feedback/rounds';
import { AUDIT_ACTIONS } from '$lib/domain/audit';
import type { PageServerLoad } from './$types';

/** Everything in the trail, for admins: filtered by project, person, action and days. */
export const load: PageServerLoad = async (event) => {
	requireRole(event, ['admin']);
	const db = event.locals.db;
	const filter = auditFilterFrom(event.url.searchParams, bangkokDayStart);
	const [{ events, more }, actors, projects] = await Promise.all([
		listAuditEvents(db, filter),
		listAuditActors(db),
		db.selectFrom('projects').select(['id', 'title']).orderBy('title').execute()
	]);
	const params = new URLSearchParams(event.url.searchParams);
	params.delete('before');
	const last = events[events.length - 1];
	if (more && last) params.set('before', cursorOf(last));
	return {
		events,
		next: more && last ? `?${params}` : null,
		paged: !!filter.before,
		filter: {
			project: filter.projectId ?? '',
			actor: filter.actorId ?? '',
			action: filter.action ?? '',
			from: filter.from === undefined ? '' : bangkokDay(filter.from),
			to: filter.to === undefined ? '' : bangkokDay(filter.to - 1)
		},
		actors,
		projects,
		actions: AUDIT_ACTIONS,
		retentionDays: event.locals.runtime.audit.retentionDays
	};
};
