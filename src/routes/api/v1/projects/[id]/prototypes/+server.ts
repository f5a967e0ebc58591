import type { RequestHandler } from '@sveltejs/kit';
import { api, apiProjectAccess } from '$lib/server/api/respond';
import { listProjectPrototypes } from '$lib/server/prototypes/prototypes';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const access = await apiProjectAccess(event, event.params.id ?? '');
		const prototypes = await listProjectPrototypes(event.locals.db, access.projectId);
		return {
			prototypes: prototypes.map(({ ownerId, ownerName, ...rest }) => (access.anonymous ? rest : { ...rest, ownerId, ownerName }))
		};
	});
