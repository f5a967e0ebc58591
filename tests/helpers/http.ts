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
