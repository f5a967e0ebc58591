import { error, json, type RequestHandler } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { isDatasetName, projectDataset } from '$lib/server/open-data/datasets';
import { tableSchema } from '$lib/server/open-data/dictionary';

/** The data dictionary of one dataset of a published project (a Frictionless Table Schema). */
export const GET: RequestHandler = async ({ locals, params }) => {
	const name = params.dataset ?? '';
	if (!isDatasetName(name)) error(404, m.error_not_found());
	const dataset = await projectDataset(locals.db, params.id ?? '', name);
	if (!dataset) error(404, m.error_not_found());
	return json(tableSchema(dataset), { headers: { 'Access-Control-Allow-Origin': '*' } });
};
