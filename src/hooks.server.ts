import { error, json, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { readConfig } from '$lib/server/config';
import { startRuntime } from '$lib/server/runtime';
import { sessionExpiresAt } from '$lib/server/auth/session';
import { identifyCaller, tokensFromCookies } from '$lib/server/auth/identity';
import { deleteSessionCookie, setSessionCookie } from '$lib/server/http/cookies';
import { isCrossSiteWrite } from '$lib/server/http/same-origin';
import { recordRequest, requestIdFor } from '$lib/server/ops/request-log';
import { apiLocale, handleApiRequest, isApiPath } from '$lib/server/api/requests';
import { defineCustomServerStrategy } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages.js';

// server/index.ts (production) and the Vite plugin (development) start the runtime first;
// this finds theirs. It only makes one itself under `vite preview`.
export const init: ServerInit = async () => {
	await startRuntime(readConfig(process.env));
};

const MAX_PLAIN_BODY_BYTES = 1024 * 1024;

/** Only file uploads (multipart) may be large; a big form or JSON body is refused before it is read. */
const bodyLimit: Handle = async ({ event, resolve }) => {
	const length = Number(event.request.headers.get('content-length') ?? 0);
	const type = event.request.headers.get('content-type') ?? '';
	if (length > MAX_PLAIN_BODY_BYTES && !type.startsWith('multipart/form-data')) {
		return new Response('Payload Too Large', { status: 413 });
	}
	return resolve(event);
};

const runtimeHandle: Handle = async ({ event, resolve }) => {
	event.locals.runtime = await startRuntime(readConfig(process.env));
	event.locals.db = event.locals.runtime.db;
	return resolve(event);
};

/** A request id (returned as X-Request-Id) and, once answered, one log line and the HTTP metrics. */
const observeHandle: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const requestId = requestIdFor(event.request.headers.get('x-request-id'));
	event.locals.requestId = requestId;
	const { log, metrics } = event.locals.runtime;
	const record = (status: number) =>
		recordRequest(log, metrics, {
			requestId,
			method: event.request.method,
			route: event.route.id,
			path: event.url.pathname,
			status,
			ms: performance.now() - started,
			userId: event.locals.user?.id ?? null
		});
	let response: Response;
	try {
		response = await resolve(event);
	} catch (error) {
		record(500);
		throw error;
	}
	record(response.status);
	response.headers.set('X-Request-Id', requestId);
	return response;
};

/** Unexpected errors (5xx) are logged with the request's id; a page not found is not an error. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status < 500) return;
	const log = event.locals.runtime?.log.child({ component: 'http' });
	log?.error({ err: error, reqId: event.locals.requestId, route: event.route.id }, 'request failed');
};

// The JSON API's language: Accept-Language first, then the lang cookie (vite.config.ts).
defineCustomServerStrategy('custom-api', { getLocale: apiLocale });

const i18nHandle: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%lang%', locale)
		});
	});

/**
 * A body that is not the form it claims to be (no content type, text/plain, a broken multipart)
 * is the client's mistake: every route that reads a form answers 400 in the visitor's language,
 * never a 500. Set once here so no route can forget it.
 */
const unreadableForms: Handle = ({ event, resolve }) => {
	const request = event.request;
	const readForm = request.formData.bind(request);
	request.formData = () =>
		readForm().catch((err: unknown) => {
			// The body parser's own refusal; anything else (a 413 for a body over the limit) stands.
			if (err instanceof TypeError) error(400, m.accounts_form_unreadable());
			throw err;
		});
	return resolve(event);
};

/** Refuses what SvelteKit's own CSRF check lets through: cross-site writes without a form content type. */
const sameSiteWrites: Handle = ({ event, resolve }) => {
	if (!isCrossSiteWrite(event.request, event.url.origin)) return resolve(event);
	const message = m.accounts_cross_site_refused();
	if (event.url.pathname.startsWith('/api/')) return json({ error: { code: 'cross_site', message } }, { status: 403 });
	return new Response(message, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
};

/** Who is calling (auth/identity.ts, as the collab upgrade reads it too): a user, a guest, or nobody. */
const authHandle: Handle = async ({ event, resolve }) => {
	const tokens = tokensFromCookies(event.cookies);
	const caller = await identifyCaller(event.locals.db, tokens);
	event.locals.user = caller.user?.user ?? null;
	event.locals.session = caller.user?.session ?? null;
	event.locals.guest = caller.guest;
	if (caller.user) setSessionCookie(event.cookies, event.url, tokens.session!, sessionExpiresAt(caller.user.session.lastVerifiedAt));
	else if (tokens.session) deleteSessionCookie(event.cookies, event.url);
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	headers.set('X-Content-Type-Options', 'nosniff');
	headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	headers.set('X-Frame-Options', 'DENY');
	headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
	if (event.url.protocol === 'https:') headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	if (event.locals.user && !headers.has('Cache-Control')) headers.set('Cache-Control', 'private, no-store');
	return response;
};

/** /api/v1: personal API tokens (read-only, nowhere else) and JSON errors for every path (api/requests.ts). */
const apiHandle: Handle = ({ event, resolve }) => (isApiPath(event.url.pathname) ? handleApiRequest(event, resolve) : resolve(event));

export const handle = sequence(
	runtimeHandle,
	observeHandle,
	securityHeaders,
	bodyLimit,
	i18nHandle,
	sameSiteWrites,
	unreadableForms,
	authHandle,
	apiHandle
);
