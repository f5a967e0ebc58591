import { json, type RequestHandler } from '@sveltejs/kit';
import { projectsDataset } from '$lib/server/open-data/datasets';
import { tableSchema } from '$lib/server/open-data/dictionary';

/** The data dictionary of /open/projects.csv and .json (a Frictionless Table Schema). */
export const GET: RequestHandler = async ({ locals }) =>
	json(tableSchema(await projectsDataset(locals.db)), { headers: { 'Access-Control-Allow-Origin': '*' } });
