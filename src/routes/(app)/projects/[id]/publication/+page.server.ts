import { requireProject } from '$lib/server/http/guards';
import { listPublications } from '$lib/server/publication/publications';
import type { PageServerLoad } from './$types';

/** What the public sees of the project, board by board (facilitators). */
export const load: PageServerLoad = async (event) => {
	const { access } = await requireProject(event, 'manage');
	return { publications: await listPublications(event.locals.db, access.projectId) };
};
