import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { client, sessionCookieFrom } from '../helpers/http.ts';
import { FRIENDLY_REDIRECTS, HOSTILE_REDIRECTS } from '../helpers/redirect-payloads.ts';

/**
 * Where the app sends people after a sign-in or a language switch, and which state-changing
 * requests it accepts from other sites, over real HTTP against the production build.
 */

const ADMIN = { email: 'root@example.test', password: 'bootstrap passphrase' };

let server: AppServer;
let cookie: string;

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
	const login = await client(server).post('/login', ADMIN);
	cookie = sessionCookieFrom(login)!;
	expect(cookie).toBeTruthy();
});

afterAll(async () => {
	await server.stop();
	server.cleanup();
});

/** Where a browser goes with this answer: the Location read as a browser reads it, against the app's address. */
function landing(response: Response): URL {
	expect(response.status, `status for Location ${JSON.stringify(response.headers.get('location'))}`).toBe(303);
	const location = response.headers.get('location') ?? '';
	// eslint-disable-next-line no-control-regex -- a Location header must hold none
	expect(location).not.toMatch(/[\u0000-\u001f\u007f-\uffff]/);
	return new URL(location, server.url);
}

function expectOnThisSite(response: Response, payload: string): void {
	const url = landing(response);
	expect(url.origin, `redirect for ${JSON.stringify(payload)}`).toBe(new URL(server.url).origin);
	expect(url.pathname.startsWith('//'), `redirect for ${JSON.stringify(payload)}`).toBe(false);
}

describe('redirects after sign-in and the language switch', () => {
	it.each(HOSTILE_REDIRECTS)('keeps a signed-in visitor of /login?next=%j on this site', async (payload) => {
		const response = await client(server, cookie).get(`/login?next=${encodeURIComponent(payload)}`);
		expectOnThisSite(response, payload);
	});

	it.each(HOSTILE_REDIRECTS)('keeps someone signing in with next=%j on this site', async (payload) => {
		const response = await client(server).post('/login', { ...ADMIN, next: payload });
		expectOnThisSite(response, payload);
		expect(sessionCookieFrom(response)).toBeTruthy();
	});

	it.each(HOSTILE_REDIRECTS)('keeps a language switch with redirectTo=%j on this site', async (payload) => {
		const response = await client(server).post('/lang', { locale: 'en', redirectTo: payload });
		expectOnThisSite(response, payload);
	});

	it.each(FRIENDLY_REDIRECTS)('comes back to %s after sign-in and after a language switch', async (path) => {
		expect(landing(await client(server).post('/login', { ...ADMIN, next: path })).href).toBe(new URL(path, server.url).href);
		expect(landing(await client(server).post('/lang', { locale: 'th', redirectTo: path })).href).toBe(new URL(path, server.url).href);
	});

	it('keeps a Thai path, encoded, rather than failing on it', async () => {
		const response = await client(server).post('/lang', { locale: 'en', redirectTo: '/open?q=ข้อมูล' });
		expect(landing(response).searchParams.get('q')).toBe('ข้อมูล');
	});
});

describe('state-changing requests from other sites', () => {
	const raw = (path: string, init: { headers?: Record<string, string>; body?: string } = {}) =>
		fetch(server.url + path, { method: 'POST', redirect: 'manual', headers: { accept: 'text/html', ...init.headers }, body: init.body });

	async function signedIn(session: string): Promise<boolean> {
		const response = await client(server, session).get('/account');
		return response.status === 200;
	}

	async function freshSession(): Promise<string> {
		return sessionCookieFrom(await client(server).post('/login', ADMIN))!;
	}

	it('refuses a cross-origin logout that carries no form content type, and the session lives on', async () => {
		const session = await freshSession();
		const response = await raw('/logout', { headers: { origin: 'https://evil.test', cookie: session } });
		expect(response.status).toBe(403);
		expect(await signedIn(session)).toBe(true);
	});

	it('refuses a cross-origin logout sent as JSON, or by a browser that only says it is cross-site', async () => {
		const session = await freshSession();
		expect(
			(await raw('/logout', { headers: { origin: 'https://evil.test', cookie: session, 'content-type': 'application/json' }, body: '{}' })).status
		).toBe(403);
		expect((await raw('/logout', { headers: { 'sec-fetch-site': 'cross-site', cookie: session } })).status).toBe(403);
		expect((await raw('/logout', { headers: { origin: 'null', cookie: session } })).status).toBe(403);
		expect(await signedIn(session)).toBe(true);
	});

	it('tells the refused visitor why, in their language', async () => {
		const th = await raw('/logout', { headers: { origin: 'https://evil.test' } });
		expect(await th.text()).toContain('เว็บไซต์อื่น');
		const en = await raw('/logout', { headers: { origin: 'https://evil.test', cookie: 'lang=en' } });
		expect(await en.text()).toContain('another site');
	});

	it('still logs out from our own pages, with or without a form body', async () => {
		const session = await freshSession();
		expect((await raw('/logout', { headers: { origin: server.url, cookie: session } })).status).toBe(303);
		expect(await signedIn(session)).toBe(false);
	});

	it('refuses a cross-origin language switch of any body type', async () => {
		expect((await raw('/lang', { headers: { origin: 'https://evil.test' } })).status).toBe(403);
		expect(
			(await raw('/lang', { headers: { origin: 'https://evil.test', 'content-type': 'application/json' }, body: '{"locale":"en"}' })).status
		).toBe(403);
	});

	it('answers a language switch with no body type as a bad request, not a server error', async () => {
		const response = await raw('/lang', { headers: { origin: server.url } });
		expect(response.status).toBe(400);
		expect(response.headers.getSetCookie().some((c) => c.startsWith('lang='))).toBe(false);
	});

	it('refuses a cross-origin form action sent as JSON', async () => {
		const session = await freshSession();
		const response = await raw('/account?/endOthers', {
			headers: { origin: 'https://evil.test', cookie: session, 'content-type': 'application/json' },
			body: '{}'
		});
		expect(response.status).toBe(403);
	});

	const UNREADABLE_BODIES: { type?: string; body?: string }[] = [
		{},
		{ type: 'text/plain', body: '{"email":"x"}' },
		{ type: 'multipart/form-data', body: 'email=x' },
		{ type: 'multipart/form-data; boundary=xyz', body: '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nx' }
	];
	const FORM_ROUTES = ['/login', '/join', '/lang', '/f/receipt?/show', '/invite/notatoken', '/account?/password', '/projects/new'];

	it.each(FORM_ROUTES)('answers %s with a client error, never a server error, when the body is not a readable form', async (path) => {
		for (const { type, body } of UNREADABLE_BODIES) {
			const response = await raw(path, { headers: { origin: server.url, cookie, ...(type ? { 'content-type': type } : {}) }, body });
			// SvelteKit itself answers a form action with no form content type 415.
			expect([400, 415], `${path} with ${type ?? 'no content type'}`).toContain(response.status);
			if (response.status === 400) expect(await response.text()).toContain('อ่านข้อมูลที่ส่งมาไม่ได้');
		}
	});
});
