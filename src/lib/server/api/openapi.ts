import { describeAudience, type Audience, type CallerKind, type View } from './audience.ts';
import { COMPONENT_SCHEMAS, ref, type Schema } from './schemas.ts';
import { queryParamsOf, type Endpoint } from './serve.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from './pagination.ts';
import { projectRoleLabel, roleLabel } from '$lib/i18n/labels';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime';

/**
 * The OpenAPI 3.1 document and the index of /api/v1, both built from the route table
 * (endpoints.ts) and in the caller's language: what each endpoint answers, who gets what (from
 * the audience's own rule), its parameters and statuses. An endpoint answers 401 to a bad token,
 * 400 to a query outside its schema (when it takes one), 404 to ids that lead nowhere (when its
 * path has any), and 304 to a matching `If-None-Match`.
 */

/** The names of a path's parameters: `/projects/{id}` → ['id']. */
export function pathParams(path: string): string[] {
	return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
}

/** The statuses an endpoint answers, as the document lists them. */
export function statusesOf(endpoint: Endpoint): string[] {
	const statuses = ['200', '304'];
	if (queryParamsOf(endpoint).length > 0) statuses.push('400');
	statuses.push('401');
	if (pathParams(endpoint.path).length > 0) statuses.push('404');
	return statuses;
}

function callerLabel(caller: CallerKind): string {
	if (caller.kind === 'anonymous') return m.api_caller_anonymous();
	// Lower case, as the role is named mid-sentence (Thai has no case: unchanged).
	if (caller.kind === 'account') return m.api_caller_account({ role: roleLabel(caller.role).toLowerCase() });
	return m.api_caller_team({ role: projectRoleLabel(caller.teamRole).toLowerCase() });
}

/** A caller kind for programs: `anonymous`, `account:ROLE` or `team:TEAM_ROLE`. */
function callerId(caller: CallerKind): string {
	if (caller.kind === 'anonymous') return 'anonymous';
	return caller.kind === 'account' ? `account:${caller.role}` : `team:${caller.teamRole}`;
}

function outcomeLabel(published: View, unpublished: View): string {
	if (published === 'team' && unpublished === 'team') return m.api_gets_team();
	if (published === 'public' && unpublished === 'public') return m.api_gets_same();
	if (published === 'public' && unpublished === 'none') return m.api_gets_public();
	if (published === 'none' && unpublished === 'none') return m.api_gets_none();
	throw new Error(`no label for an audience that gives ${published} / ${unpublished}`);
}

/** An audience in words, derived from its rule: who gets what. */
export function audienceLabel(audience: Audience) {
	const list = new Intl.ListFormat(getLocale(), { type: 'conjunction' });
	const groups = describeAudience(audience).map(({ callers, outcome }) => {
		const names = callers.map(callerLabel);
		const gets = outcomeLabel(outcome.published, outcome.unpublished);
		return {
			who: callers.map(callerId),
			callers: names,
			published: outcome.published,
			unpublished: outcome.unpublished,
			gets,
			label: `${gets}: ${list.format(names)}`
		};
	});
	return { label: groups.length === 1 ? outcomeLabel(groups[0]!.published, groups[0]!.unpublished) : groups.map((g) => g.label).join(' · '), groups };
}

/** The index's list of endpoints (GET /api/v1, and the page /api). */
export function describeEndpoints(endpoints: readonly Endpoint[]) {
	return endpoints.map((endpoint) => ({
		method: 'GET' as const,
		path: endpoint.path,
		summary: endpoint.summary(),
		description: endpoint.description(),
		audience: audienceLabel(endpoint.audience),
		query: Object.fromEntries(queryParamsOf(endpoint).map((param) => [param.name, param.description()])),
		paginated: endpoint.paginated ?? false
	}));
}

const PATH_PARAM_DESCRIPTIONS: Record<string, () => string> = {
	id: () => m.api_param_path_project(),
	boardId: () => m.api_param_path_board(),
	prototypeId: () => m.api_param_path_prototype(),
	roundId: () => m.api_param_path_round()
};

const errorContent = { 'application/json': { schema: ref('Error') } };

function operation(endpoint: Endpoint): Schema {
	const audience = audienceLabel(endpoint.audience);
	const parameters = [
		...pathParams(endpoint.path).map((name) => {
			const describe = PATH_PARAM_DESCRIPTIONS[name];
			if (!describe) throw new Error(`no description for the path parameter ${name}`);
			return { name, in: 'path', required: true, description: describe(), schema: { type: 'string' } };
		}),
		...queryParamsOf(endpoint).map((param) => ({
			name: param.name,
			in: 'query',
			required: false,
			description: param.description(),
			schema: param.schema
		})),
		{ name: 'If-None-Match', in: 'header', required: false, description: m.api_param_if_none_match(), schema: { type: 'string' } }
	];
	const okHeaders: Record<string, unknown> = { ETag: { $ref: '#/components/headers/ETag' } };
	if (endpoint.paginated) okHeaders.Link = { $ref: '#/components/headers/Link' };
	const responses: Record<string, unknown> = {
		'200': { description: m.api_status_200(), headers: okHeaders, content: { 'application/json': { schema: endpoint.response } } },
		'304': { description: m.api_status_304(), headers: { ETag: { $ref: '#/components/headers/ETag' } } }
	};
	for (const status of statusesOf(endpoint).slice(2)) {
		const description = status === '400' ? m.api_status_400() : status === '401' ? m.api_status_401() : m.api_status_404();
		responses[status] = { description, content: errorContent };
	}
	return {
		operationId: endpoint.id,
		summary: endpoint.summary(),
		description: `${endpoint.description()}\n\n${m.api_audience_heading()}: ${audience.label}`,
		parameters,
		responses,
		'x-audience': audience.groups,
		'x-audience-summary': audience.label
	};
}

/** The OpenAPI 3.1 document of /api/v1 as served at `origin`. */
export function openApiDocument(endpoints: readonly Endpoint[], origin: string): Schema {
	const paths: Record<string, unknown> = {};
	for (const endpoint of endpoints) paths[endpoint.path] = { get: operation(endpoint) };
	return {
		openapi: '3.1.0',
		jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
		info: {
			title: m.api_doc_title(),
			version: '1',
			summary: m.api_doc_summary(),
			description: m.api_doc_description({ limit: DEFAULT_LIMIT, max: MAX_LIMIT })
		},
		servers: [{ url: origin }],
		// Anonymous callers are welcome (published projects); a token or a session shows more.
		security: [{}, { bearerToken: [] }, { sessionCookie: [] }],
		paths,
		components: {
			schemas: COMPONENT_SCHEMAS,
			securitySchemes: {
				bearerToken: { type: 'http', scheme: 'bearer', description: m.api_security_bearer() },
				sessionCookie: { type: 'apiKey', in: 'cookie', name: 'session', description: m.api_security_cookie() }
			},
			headers: {
				ETag: { description: m.api_header_etag(), schema: { type: 'string' } },
				Link: { description: m.api_header_link(), schema: { type: 'string' } }
			}
		}
	};
}
