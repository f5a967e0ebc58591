import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { findProjectById, listBoards } from '$lib/server/projects/projects';
import { requireProject } from '$lib/server/http/guards';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const { access } = await requireProject(event, 'view');
	const project = await findProjectById(event.locals.db, access.projectId);
	if (!project) error(404, m.error_not_found());
	return { project, access, boards: await listBoards(event.locals.db, project.id) };
};
