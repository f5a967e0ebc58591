import { requireWorkshop } from '$lib/server/workshops/guard';
import { buildWorkshopReport } from '$lib/server/workshops/report';
import type { PageServerLoad } from './$types';

/** The workshop's report: the project's team only (viewers included: they read). */
export const load: PageServerLoad = async (event) => {
	const { workshop } = await requireWorkshop(event, 'view');
	return { workshop, report: await buildWorkshopReport(event.locals.db, event.locals.runtime.collab, workshop) };
};
