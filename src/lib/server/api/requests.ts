import type { Handle, RequestEvent } from '@sveltejs/kit';
import { bearerToken, validateApiToken } from '../auth/api-tokens.ts';
import { ApiError, errorResponse } from './respond.ts';
import { m } from '$lib/paraglide/messages.js';
import { extractLocaleFromHeader } from '$lib/paraglide/runtime';

/** Whether a path belongs to the JSON API (its index included). */
export function isApiPath(pathname: string): boolean {
	return pathname === '/api/v1' || pathname.startsWith('/api/v1/');
}

/** The language an API request asks for in `Accept-Language`, if it is one we speak (pages go by the lang cookie alone). */
export function apiLocale(request?: Request): string | undefined {
	if (!request || !isApiPath(new URL(request.url).pathname)) return undefined;
	return extractLocaleFromHeader(request);
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The error code and message for a status the API answers without a handler of its own (an unknown path, a method it has not). */
function errorFor(status: number): ApiError {
	if (status === 404) return new ApiError(404, 'not_found', m.error_not_found());
	if (status === 405) return new ApiError(405, 'method_not_allowed', m.api_method_not_allowed());
	if (status === 403) return new ApiError(403, 'forbidden', m.error_forbidden());
	if (status === 413) return new ApiError(413, 'payload_too_large', m.api_payload_too_large());
	if (status < 500) return new ApiError(status, 'bad_request', m.api_bad_request());
	return new ApiError(status, 'internal_error', m.api_internal_error());
}

/**
 * Every request to /api/v1 (from hooks.server.ts, once the session cookie is read):
 *
 * - `Authorization: Bearer <personal API token>` stands for the token's owner — here and
 *   nowhere else — in place of any cookie: the handlers then decide as for the owner's session.
 *   A token only reads; anything but a read is refused with 403. A header that is not a valid
 *   token is a 401, never a silent fall back to anonymous.
 * - Whatever answers without a JSON body of its own — an unknown path, a method the API does not
 *   have — answers `{ "error": { "code", "message" } }` in the caller's language instead.
 */
export async function handleApiRequest(event: RequestEvent, resolve: Parameters<Handle>[0]['resolve']): Promise<Response> {
	const authorization = event.request.headers.get('authorization');
	if (authorization !== null) {
		const token = bearerToken(authorization);
		const found = token ? await validateApiToken(event.locals.db, token) : null;
		if (!found) {
			return errorResponse(
				new ApiError(401, 'invalid_token', m.api_invalid_token(), { headers: { 'www-authenticate': 'Bearer realm="api", error="invalid_token"' } })
			);
		}
		if (!READ_METHODS.has(event.request.method)) return errorResponse(new ApiError(403, 'read_only_token', m.api_read_only_token()));
		event.locals.user = found.user;
		event.locals.session = null;
		event.locals.guest = null;
	}
	const response = await resolve(event);
	const type = response.headers.get('content-type') ?? '';
	if (response.status < 400 || type.startsWith('application/json')) return response;
	const converted = errorResponse(errorFor(response.status));
	const allow = response.headers.get('allow');
	if (allow) converted.headers.set('allow', allow);
	return converted;
}
