import { listProjectPrototypes } from '$lib/server/prototypes/prototypes';
import { requireProject } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { access } = await requireProject(event, 'view');
	return { prototypes: await listProjectPrototypes(event.locals.db, access.projectId) };
};
