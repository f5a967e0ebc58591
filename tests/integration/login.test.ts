import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db/open.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { client, sessionCookieFrom } from '../helpers/http.ts';

const ADMIN = { email: 'root@example.test', password: 'bootstrap passphrase' };

describe('first start with ADMIN_EMAIL and ADMIN_PASSWORD', () => {
	let server: AppServer;
	beforeAll(async () => {
		server = await startAppServer({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
	});
	afterAll(async () => {
		await server.stop();
		server.cleanup();
	});

	it('creates that admin and no demo', async () => {
		const db = openDatabase(server.databasePath);
		const users = await db.selectFrom('users').select(['email', 'role']).execute();
		const projects = await db.selectFrom('projects').select('id').execute();
		await db.destroy();
		expect(users).toEqual([{ email: ADMIN.email, role: 'admin' }]);
		expect(projects).toEqual([]);
	});

	it('logs in with a plain form POST of email and password, and logout ends the session server-side', async () => {
		const http = client(server);
		const login = await http.post('/login', { email: ADMIN.email, password: ADMIN.password });
		expect(login.status).toBe(303);
		expect(login.headers.get('location')).toBe('/');
		const setCookie = login.headers.getSetCookie().join('\n');
		expect(setCookie).toMatch(/HttpOnly/i);
		expect(setCookie).toMatch(/SameSite=Lax/i);
		// Plain http (a laptop serving a workshop on the LAN): a Secure cookie would be dropped.
		expect(setCookie).not.toMatch(/Secure/i);
		const cookie = sessionCookieFrom(login)!;
		expect(cookie).toMatch(/^session=[a-z2-9]{24}\.[a-z2-9]{24}$/);

		const signedIn = client(server, cookie);
		expect((await signedIn.get('/account')).status).toBe(200);
		expect((await signedIn.post('/logout', {})).status).toBe(303);
		// The same cookie, replayed after logout, no longer opens anything.
		const after = await signedIn.get('/account');
		expect(after.status).toBe(303);
		expect(after.headers.get('location')).toMatch(/^\/login/);
	});

	it('answers a wrong password with a clear message in Thai by default, keeping the email', async () => {
		const response = await client(server).post('/login', { email: 'Someone@Example.test', password: 'not the password' });
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('อีเมลหรือรหัสผ่านไม่ถูกต้อง');
		expect(html).toContain('value="someone@example.test"');
	});

	it('keeps the language cookie usable on a plain-http LAN address (not Secure)', async () => {
		// As a workshop laptop serving http://192.168.x.x would be reached: not "localhost".
		const lan = `http://127.0.0.1:${server.port}`;
		const response = await fetch(`${lan}/lang`, {
			method: 'POST',
			headers: { origin: lan, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
			body: 'locale=en&redirectTo=/login',
			redirect: 'manual'
		});
		expect(response.status).toBe(303);
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith('lang='));
		expect(cookie).toMatch(/^lang=en;/);
		expect(cookie).not.toMatch(/Secure/i);
	});

	it('refuses a form body over 1 MiB before reading it', async () => {
		const response = await client(server).post('/login', { email: 'a@example.test', password: 'x'.repeat(1_100_000) });
		expect(response.status).toBe(413);
	});

	it('answers in English when the language cookie says so', async () => {
		const response = await client(server, 'lang=en').post('/login', { email: 'x@example.test', password: 'not the password' });
		expect(await response.text()).toContain('The email or password is not correct');
	});
});

describe('behind a TLS proxy (ORIGIN https://…)', () => {
	let server: AppServer;
	beforeAll(async () => {
		server = await startAppServer({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ORIGIN: 'https://prachalab.example' } });
	});
	afterAll(async () => {
		await server.stop();
		server.cleanup();
	});

	it('marks the session cookie Secure', async () => {
		const login = await client(server).post('/login', { email: ADMIN.email, password: ADMIN.password }, { origin: 'https://prachalab.example' });
		expect(login.status).toBe(303);
		expect(login.headers.getSetCookie().join('\n')).toMatch(/session=[^;]+;.*Secure/i);
	});
});
