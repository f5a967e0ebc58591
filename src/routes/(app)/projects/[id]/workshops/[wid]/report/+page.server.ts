import { requireWorkshop } from '$lib/server/workshops/guard';
import { buildWorkshopReport, readerSeesNames } from '$lib/server/workshops/report';
import type { PageServerLoad } from './$types';

/** The workshop's report: whoever may read the project; who took part by name for its team only. */
export const load: PageServerLoad = async (event) => {
	const { workshop, access } = await requireWorkshop(event, 'view');
	return {
		workshop,
		report: await buildWorkshopReport(event.locals.db, event.locals.runtime.collab, workshop, { names: readerSeesNames(access) })
	};
};
