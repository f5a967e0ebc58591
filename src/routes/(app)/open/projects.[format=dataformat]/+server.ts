import type { RequestHandler } from '@sveltejs/kit';
import { projectsDataset } from '$lib/server/open-data/datasets';
import { datasetResponse } from '$lib/server/open-data/respond';

/** Every published project, for anyone. */
export const GET: RequestHandler = async ({ locals, params }) =>
	datasetResponse(await projectsDataset(locals.db), params.format ?? 'json', 'prachalab-projects');
