import { error, type RequestHandler } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { isDatasetName, projectDataset } from '$lib/server/open-data/datasets';
import { datasetResponse } from '$lib/server/open-data/respond';
import { sectionTitle } from '$lib/components/board/board-labels';

/** One dataset of one published project; anything unpublished is simply not found. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const name = params.dataset ?? '';
	if (!isDatasetName(name)) error(404, m.error_not_found());
	const dataset = await projectDataset(locals.db, params.id ?? '', name, sectionTitle);
	if (!dataset) error(404, m.error_not_found());
	return datasetResponse(dataset, params.format ?? 'json', `prachalab-${params.id}-${name}`);
};
