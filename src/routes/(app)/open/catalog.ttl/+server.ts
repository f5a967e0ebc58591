import type { RequestHandler } from '@sveltejs/kit';
import { catalogResponse } from '$lib/server/open-data/catalog-response';

/** The same DCAT-AP catalogue as Turtle. */
export const GET: RequestHandler = (event) => catalogResponse(event, 'ttl');
