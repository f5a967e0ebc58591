import type { AppServer } from './app-server.ts';

/** Requests to a running app server as a browser would send them (same Origin, HTML accepted). */
export function client(server: AppServer, cookie = '') {
	const headers = (extra: Record<string, string> = {}) => ({
		accept: 'text/html',
		origin: server.url,
		...(cookie ? { cookie } : {}),
		...extra
	});
	return {
		get(path: string, extra?: Record<string, string>) {
			return fetch(server.url + path, { headers: headers(extra), redirect: 'manual' });
		},
		/** A plain HTML form POST (application/x-www-form-urlencoded). */
		post(path: string, fields: Record<string, string>, extra?: Record<string, string>) {
			return fetch(server.url + path, {
				method: 'POST',
				headers: headers({ 'content-type': 'application/x-www-form-urlencoded', ...extra }),
				body: new URLSearchParams(fields).toString(),
				redirect: 'manual'
			});
		}
	};
}

/** The `session=…` cookie pair a Set-Cookie header carries, if any. */
export function sessionCookieFrom(response: Response): string | null {
	for (const value of response.headers.getSetCookie()) {
		const match = /^session=([^;]+)/.exec(value);
		if (match && match[1]) return `session=${match[1]}`;
	}
	return null;
}

/** What a request to a guarded route came to, as the authorization tables name it. */
export type AccessOutcome = 'ok' | 'login' | 403 | 404;

/**
 * 'ok' when the request got past the access check (200, a redirect that is not to the login
 * page, or a validation 400); 'login' for a redirect to log in; otherwise the status.
 */
export function accessOutcome(response: Response): AccessOutcome | number {
	const location = response.headers.get('location') ?? '';
	if (response.status === 303 && location.startsWith('/login')) return 'login';
	if (response.status === 200 || response.status === 400 || response.status === 303) return 'ok';
	return response.status;
}
