import { API_ENDPOINTS } from '$lib/server/api/endpoints';
import { openApiDocument } from '$lib/server/api/openapi';
import type { PageServerLoad } from './$types';

interface Operation {
	operationId: string;
	summary: string;
	description: string;
	parameters: { name: string; in: string; description: string; schema: Record<string, unknown> }[];
	responses: Record<string, { description: string }>;
	'x-audience': { gets: string; callers: string[] }[];
	'x-audience-summary': string;
}

/** The API guide: the OpenAPI document itself, rendered as a page (in the reader's language). */
export const load: PageServerLoad = ({ url }) => {
	const doc = openApiDocument(API_ENDPOINTS, url.origin) as {
		info: { title: string; description: string };
		paths: Record<string, { get: Operation }>;
	};
	return {
		origin: url.origin,
		info: doc.info,
		operations: Object.entries(doc.paths).map(([path, item]) => ({
			path,
			id: item.get.operationId,
			summary: item.get.summary,
			// The document's description ends with who gets what; the page lists that apart.
			description: item.get.description.split('\n\n')[0] ?? '',
			audience:
				item.get['x-audience'].length === 1
					? [{ gets: item.get['x-audience-summary'], callers: [] }]
					: item.get['x-audience'].map(({ gets, callers }) => ({ gets, callers })),
			parameters: item.get.parameters.map((p) => ({ name: p.name, in: p.in, description: p.description, type: describeSchema(p.schema) })),
			responses: Object.entries(item.get.responses).map(([status, response]) => ({ status, description: response.description }))
		}))
	};
};

/** A parameter's schema in a few words: its type and what it allows. */
function describeSchema(schema: Record<string, unknown>): string {
	if (Array.isArray(schema.enum)) return schema.enum.join(' | ');
	if (schema.type === 'integer') return `integer ${schema.minimum}–${schema.maximum}`;
	return String(schema.type ?? '');
}
