import type { RequestHandler } from '@sveltejs/kit';
import { catalogResponse } from '$lib/server/open-data/catalog-response';

/** The DCAT-AP catalogue as JSON-LD, for CKAN (ckanext-dcat) and anyone else. */
export const GET: RequestHandler = (event) => catalogResponse(event, 'jsonld');
