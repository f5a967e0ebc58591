import { requireProject } from '$lib/server/http/guards';
import { listWorkshops } from '$lib/server/workshops/workshops';
import { bangkokToday } from '$lib/server/prototypes/test-plans';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { access } = await requireProject(event, 'view');
	return { workshops: await listWorkshops(event.locals.db, access.projectId), today: bangkokToday() };
};
