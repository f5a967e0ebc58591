import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requireProject } from '$lib/server/http/guards';
import { auditFilterFrom, cursorOf, listAuditEvents } from '$lib/server/audit/trail';
import { bangkokDayStart } from '$lib/server/feedback/rounds';
import type { PageServerLoad } from './$types';

/** The project's audit trail: for its team and admins (an official following the portfolio is not the team). */
export const load: PageServerLoad = async (event) => {
	const { user, access } = await requireProject(event, 'view');
	if (access.teamRole === null && user.role !== 'admin') error(404, m.error_not_found());
	const { before } = auditFilterFrom(event.url.searchParams, bangkokDayStart);
	const { events, more } = await listAuditEvents(event.locals.db, { projectId: access.projectId, before });
	return {
		events,
		next: more && events.length ? cursorOf(events[events.length - 1]!) : null,
		paged: !!before,
		retentionDays: event.locals.runtime.audit.retentionDays,
		canExport: access.canManage,
		imported: event.url.searchParams.has('imported') ? Number(event.url.searchParams.get('imported')) || 0 : null
	};
};
