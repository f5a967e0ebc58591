import { listProjects } from '$lib/server/projects/projects';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) return { projects: null };
	return { projects: await listProjects(locals.db, locals.user, { mine: true }) };
};
