import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { DATASET_NAMES, projectsDataset, prototypesDataset, stagesDataset } from '$lib/server/open-data/datasets';
import { listPublicBoards } from '$lib/server/publication/publications';
import { youSaidWeDid } from '$lib/server/outcomes/you-said-we-did';
import { publicTrail } from '$lib/server/participation/trail';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const project = (await projectsDataset(locals.db, params.id)).rows[0];
	if (!project) error(404, m.error_not_found());
	const [stages, prototypes, boards, outcomes, trail] = await Promise.all([
		stagesDataset(locals.db, project.id),
		prototypesDataset(locals.db, project.id),
		listPublicBoards(locals.db, project.id),
		youSaidWeDid(locals.db, project.id),
		publicTrail(locals.db, project.id)
	]);
	return { project, stages: stages.rows, prototypes: prototypes.rows, boards, outcomes, trail: trail ?? [], datasets: DATASET_NAMES };
};
