import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { readConfig } from '$lib/server/config';
import { startRuntime } from '$lib/server/runtime';
import { SESSION_COOKIE, sessionExpiresAt, validateSessionToken } from '$lib/server/auth/session';
import { deleteSessionCookie, setSessionCookie } from '$lib/server/http/cookies';

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

const i18nHandle: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%lang%', locale)
		});
	});

const authHandle: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	event.locals.user = null;
	event.locals.session = null;
	if (token) {
		const result = await validateSessionToken(event.locals.db, token);
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			setSessionCookie(event.cookies, event.url, token, sessionExpiresAt(result.session.lastVerifiedAt));
		} else {
			deleteSessionCookie(event.cookies, event.url);
		}
	}
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

export const handle = sequence(securityHeaders, bodyLimit, runtimeHandle, i18nHandle, authHandle);
