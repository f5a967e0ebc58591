import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { DATASET_NAMES, projectsDataset, prototypesDataset, stagesDataset } from '$lib/server/open-data/datasets';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const project = (await projectsDataset(locals.db, params.id)).rows[0];
	if (!project) error(404, m.error_not_found());
	const [stages, prototypes] = await Promise.all([stagesDataset(locals.db, project.id), prototypesDataset(locals.db, project.id)]);
	return { project, stages: stages.rows, prototypes: prototypes.rows, datasets: DATASET_NAMES };
};
