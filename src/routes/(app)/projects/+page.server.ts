import { listAgencies, listProjects } from '$lib/server/projects/projects';
import { requireUser } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const params = event.url.searchParams;
	const filter = {
		q: params.get('q') ?? '',
		stage: params.get('stage') ?? '',
		agency: params.get('agency') ?? ''
	};
	const [projects, agencies] = await Promise.all([listProjects(event.locals.db, user, filter), listAgencies(event.locals.db, user)]);
	return { projects, agencies, filter };
};
