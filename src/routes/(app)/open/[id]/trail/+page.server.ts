import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { projectsDataset } from '$lib/server/open-data/datasets';
import { auditFilterFrom, cursorOf, listPublicTrail } from '$lib/server/audit/trail';
import { bangkokDayStart } from '$lib/server/feedback/rounds';
import type { PageServerLoad } from './$types';

/** A published project's trail for anyone: the team's actions, roles instead of names, nothing of citizens. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const project = (await projectsDataset(locals.db, params.id)).rows[0];
	if (!project) error(404, m.error_not_found());
	const { before } = auditFilterFrom(url.searchParams, bangkokDayStart);
	const trail = await listPublicTrail(locals.db, project.id, { before });
	if (!trail) error(404, m.error_not_found());
	const last = trail.events[trail.events.length - 1];
	return {
		project: { id: project.id, title: project.title, agency: project.agency },
		events: trail.events,
		next: trail.more && last ? cursorOf(last) : null,
		paged: !!before
	};
};
