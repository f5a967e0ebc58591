import { listPublishedProjects } from '$lib/server/projects/published';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => ({
	projects: await listPublishedProjects(locals.db)
});
