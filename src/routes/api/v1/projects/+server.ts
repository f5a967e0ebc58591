import type { RequestHandler } from '@sveltejs/kit';
import { api } from '$lib/server/api/respond';
import { listProjects } from '$lib/server/projects/projects';
import { listPublishedProjects } from '$lib/server/projects/published';

export const GET: RequestHandler = ({ locals, url }) =>
	api(async () => {
		const filter = {
			q: url.searchParams.get('q') ?? '',
			stage: url.searchParams.get('stage') ?? '',
			agency: url.searchParams.get('agency') ?? ''
		};
		const projects = locals.user
			? await listProjects(locals.db, locals.user, filter)
			: await listPublishedProjects(locals.db, filter);
		return { projects };
	});
