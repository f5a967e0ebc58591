import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { projectsDataset } from '$lib/server/open-data/datasets';
import { readPublicBoard } from '$lib/server/publication/publications';
import type { PageServerLoad } from './$types';

/** A board as a facilitator published it; a board nobody published is not found. */
export const load: PageServerLoad = async ({ locals, params }) => {
	const project = (await projectsDataset(locals.db, params.id)).rows[0];
	if (!project) error(404, m.error_not_found());
	const published = await readPublicBoard(locals.db, project.id, params.boardId);
	if (!published) error(404, m.error_not_found());
	return { project: { id: project.id, title: project.title, agency: project.agency }, published };
};
