import { createHash } from 'node:crypto';
import type { RequestEvent, RequestHandler } from '@sveltejs/kit';
import { InputError } from '../validation.ts';
import { ApiError, errorResponse } from './respond.ts';
import { linkHeader, MAX_LIMIT, MAX_PAGE, Page, pageBody, pageRequest, type PageRequest } from './pagination.ts';
import type { Schema } from './schemas.ts';
import type { Audience } from './audience.ts';
import { issueMessage } from '$lib/i18n/errors';
import { m } from '$lib/paraglide/messages.js';

/** A query parameter: its name, schema (a string, optionally of an enum, or an integer in a range) and meaning. */
export interface QueryParam {
	name: string;
	schema: Schema & ({ type: 'string'; enum?: string[]; maxLength?: number } | { type: 'integer'; minimum: number; maximum: number });
	description: () => string;
}

export type QueryValues = Record<string, string | number | undefined>;

export interface ApiContext {
	event: RequestEvent;
	/** The path's parameters, by the names the document gives them. */
	params: Record<string, string>;
	/** The query's parameters, checked against their schemas (absent ones undefined). */
	query: QueryValues;
	/** For paginated endpoints: the page asked for. */
	page: PageRequest;
}

/**
 * One endpoint of /api/v1: everything the OpenAPI document says of it and the handler that
 * answers it, side by side, so the document is built from what runs (openapi.ts).
 */
export interface Endpoint {
	/** The OpenAPI operationId. */
	id: string;
	/** The path as the document writes it; the route's folders spell the same names. */
	path: string;
	summary: () => string;
	description: () => string;
	/** Who gets what: the rule the handler applies and the label the index and document show. */
	audience: Audience;
	query?: readonly QueryParam[];
	/** Answers a page of a list: `page` and `limit` are accepted, pagination and links returned. */
	paginated?: boolean;
	/** The schema of the 200 answer. */
	response: Schema;
	handle(context: ApiContext): Promise<unknown>;
}

export const PAGE_PARAMS: readonly QueryParam[] = [
	{ name: 'page', schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 }, description: () => m.api_param_page() },
	{
		name: 'limit',
		schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 50 },
		description: () => m.api_param_limit({ max: MAX_LIMIT })
	}
];

/** The query parameters an endpoint accepts: its own, then the paging ones. */
export function queryParamsOf(endpoint: Endpoint): readonly QueryParam[] {
	return [...(endpoint.query ?? []), ...(endpoint.paginated ? PAGE_PARAMS : [])];
}

/** Reads and checks the query: a value outside its schema is a 400 naming each parameter at fault. */
export function readQuery(params: readonly QueryParam[], search: URLSearchParams): QueryValues {
	const values: QueryValues = {};
	const issues: { field: string; code: string; message: string }[] = [];
	for (const param of params) {
		const raw = search.get(param.name);
		if (raw === null || raw === '') continue;
		const schema = param.schema;
		if (schema.type === 'integer') {
			const n = Number(raw);
			if (!/^\d+$/.test(raw) || n < schema.minimum || n > schema.maximum) {
				issues.push({
					field: param.name,
					code: 'out_of_range',
					message: m.api_query_out_of_range({ name: param.name, min: schema.minimum, max: schema.maximum })
				});
			} else values[param.name] = n;
		} else if (schema.enum && !schema.enum.includes(raw)) {
			issues.push({
				field: param.name,
				code: 'invalid_choice',
				message: m.api_query_invalid_choice({ name: param.name, choices: schema.enum.join(', ') })
			});
		} else if (schema.maxLength !== undefined && [...raw].length > schema.maxLength) {
			issues.push({ field: param.name, code: 'too_long', message: m.api_query_too_long({ name: param.name, max: schema.maxLength }) });
		} else values[param.name] = raw;
	}
	if (issues.length > 0) throw new ApiError(400, 'invalid_query', issues[0]!.message, { issues });
	return values;
}

/** A strong ETag of a body: the SHA-256 of its bytes. */
export function etagOf(body: string): string {
	return `"${createHash('sha256').update(body).digest('base64url')}"`;
}

/** Whether an `If-None-Match` header matches the ETag (RFC 9110's weak comparison, as GET asks). */
export function matchesEtag(header: string | null, etag: string): boolean {
	if (!header) return false;
	if (header.trim() === '*') return true;
	const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
	return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/**
 * Answers with the caller's data, so shared caches keep out and a client revalidates each time
 * (a 304 costs the body's bytes, never its freshness). The answer depends on who asks and in
 * which language.
 */
const CACHE_HEADERS = { 'cache-control': 'private, no-cache', vary: 'Accept-Language, Cookie, Authorization' };

/** The route handler of an endpoint: checks the query, runs it, pages it, tags it, and turns failures into JSON errors. */
export function serve(endpoint: Endpoint): RequestHandler {
	return async (event) => {
		try {
			const query = readQuery(queryParamsOf(endpoint), event.url.searchParams);
			const page = pageRequest(query.page as number | undefined, query.limit as number | undefined);
			const result = await endpoint.handle({ event, params: event.params as Record<string, string>, query, page });
			const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...CACHE_HEADERS };
			let body = result;
			if (result instanceof Page) {
				const paged = pageBody(result, event.url);
				body = paged.body;
				headers.link = linkHeader(paged.links);
			}
			const text = JSON.stringify(body);
			headers.etag = etagOf(text);
			if (matchesEtag(event.request.headers.get('if-none-match'), headers.etag)) {
				return new Response(null, { status: 304, headers: { etag: headers.etag, ...CACHE_HEADERS } });
			}
			return new Response(text, { headers });
		} catch (err) {
			if (err instanceof ApiError) return errorResponse(err);
			if (err instanceof InputError) {
				const issues = err.issues.map((issue) => ({ field: issue.field, code: issue.code, message: issueMessage(issue) }));
				return errorResponse(new ApiError(400, 'invalid_input', issues[0]?.message ?? '', { issues }));
			}
			event.locals.runtime.log.child({ component: 'http' }).error({ err, reqId: event.locals.requestId, route: event.route.id }, 'request failed');
			return errorResponse(new ApiError(500, 'internal_error', m.api_internal_error()));
		}
	};
}
