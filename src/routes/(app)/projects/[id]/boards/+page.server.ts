import { requireProject } from '$lib/server/http/guards';
import { summarizeBoards } from '$lib/server/collab/boards';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { access } = await requireProject(event, 'view');
	return { summaries: await summarizeBoards(event.locals.db, event.locals.runtime.collab, access.projectId) };
};
