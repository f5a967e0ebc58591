import type { RequestEvent } from '@sveltejs/kit';
import { buildCatalog } from './catalog.ts';
import { toJsonLd, toTurtle } from './rdf.ts';
import { sectionTitle } from '$lib/components/board/board-labels';

/** The catalogue as a download anyone may fetch, from any site. */
export async function catalogResponse(event: Pick<RequestEvent, 'locals' | 'url'>, format: 'jsonld' | 'ttl'): Promise<Response> {
	const root = await buildCatalog({
		db: event.locals.db,
		origin: event.url.origin,
		config: event.locals.runtime.config.openData,
		sectionName: sectionTitle
	});
	const body = format === 'jsonld' ? JSON.stringify(toJsonLd(root), null, 1) : toTurtle(root);
	return new Response(body, {
		headers: {
			'Content-Type': format === 'jsonld' ? 'application/ld+json; charset=utf-8' : 'text/turtle; charset=utf-8',
			'Access-Control-Allow-Origin': '*'
		}
	});
}
