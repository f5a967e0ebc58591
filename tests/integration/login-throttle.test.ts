import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { LIMIT_RULES } from '../../src/lib/server/limits/limiters.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { postForm, type RawResponse } from './feedback-helpers.ts';

/**
 * The login throttle over real HTTP against the production build. Each client is a loopback
 * address of its own (Linux routes all of 127.0.0.0/8 to lo), as different machines would be.
 */

let server: AppServer;
let db: DB;

const OWNER = { email: 'root@example.test', password: 'bootstrap passphrase' };

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: OWNER.email, ADMIN_PASSWORD: OWNER.password } });
	db = openDatabase(server.databasePath);
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

function login(account: { email: string; password: string }, from: string, headers: Record<string, string> = {}): Promise<RawResponse> {
	return postForm(
		server,
		'/login',
		[
			['email', account.email],
			['password', account.password]
		],
		{ from, headers }
	);
}

const wrong = (account: { email: string }) => ({ email: account.email, password: 'not the password' });

function signedIn(response: RawResponse): boolean {
	const cookies = [response.headers['set-cookie'] ?? []].flat();
	return response.status === 303 && cookies.some((c) => c.startsWith('session='));
}

/** The device cookie a successful sign-in leaves in the browser, as a Cookie header. */
function deviceCookie(response: RawResponse): string {
	const cookie = [response.headers['set-cookie'] ?? []].flat().find((c) => c.startsWith('device='));
	expect(cookie).toBeDefined();
	return cookie!.split(';')[0]!;
}

async function newAccount(email: string) {
	const account = { email, password: 'another long passphrase 2569' };
	await createUser(db, { email, name: 'Someone', role: 'member', password: account.password });
	return account;
}

describe('the login throttle', () => {
	it('accepts the right password right after a typo', async () => {
		expect((await login(wrong(OWNER), '127.0.10.1')).status).toBe(400);
		expect(signedIn(await login(OWNER, '127.0.10.1'))).toBe(true);
	});

	it('after five wrong passwords in a row makes that client wait, even with the right password, and says for how long', async () => {
		const account = await newAccount('five@example.test');
		for (let i = 0; i < LIMIT_RULES.loginClient.points; i++) expect((await login(wrong(account), '127.0.11.1')).status).toBe(400);
		const refused = await login(account, '127.0.11.1');
		expect(refused.status).toBe(429);
		expect(signedIn(refused)).toBe(false);
		expect(refused.body).toContain('พยายามเข้าสู่ระบบหลายครั้งเกินไป');
		expect(refused.body).toMatch(/ใน(อีก )?1[0-5] นาที/);
	});

	it('never blocks the owner for failures from another address', async () => {
		const account = await newAccount('elsewhere@example.test');
		for (let i = 0; i < LIMIT_RULES.loginClient.points + 2; i++) await login(wrong(account), '127.0.12.1');
		expect((await login(account, '127.0.12.1')).status).toBe(429);
		expect(signedIn(await login(account, '127.0.12.2'))).toBe(true);
	});

	it('stops a guesser spread over many addresses at the account, never the owner’s own browser', async () => {
		const account = await newAccount('spread@example.test');
		const device = deviceCookie(await login(account, '127.0.13.1'));
		for (let i = 0; i < LIMIT_RULES.loginAccount.points; i++) expect((await login(wrong(account), `127.0.14.${i + 1}`)).status).toBe(400);
		// A browser the account has not seen waits (the guesser's next address too)…
		expect((await login(account, '127.0.15.1')).status).toBe(429);
		// …the owner's own does not, from wherever it is now.
		expect(signedIn(await login(account, '127.0.15.2', { cookie: device }))).toBe(true);
		// A device cookie made for another account (or forged) earns nothing.
		expect((await login(account, '127.0.15.3', { cookie: 'device=abc.def' })).status).toBe(429);
	});

	it('holds one address to its wrong passwords over all accounts, and a spoofed X-Forwarded-For does not reset it', async () => {
		const sprayer = '127.0.16.1';
		const statuses: number[] = [];
		for (let i = 0; i < LIMIT_RULES.loginAddress.points; i++) {
			const response = await login({ email: `guess${i}@example.test`, password: 'guessing' }, sprayer, {
				'x-forwarded-for': `203.0.113.${i % 250}`,
				'x-real-ip': `198.51.100.${i % 250}`
			});
			statuses.push(response.status);
		}
		expect(statuses.every((status) => status === 400)).toBe(true);
		const refused = await login(OWNER, sprayer, { 'x-forwarded-for': '192.0.2.77' });
		expect(refused.status).toBe(429);
		expect(signedIn(await login(OWNER, '127.0.16.2'))).toBe(true);
	});

	it('counts wrong current passwords on the account page like wrong sign-ins, so a stolen session is no guessing oracle', async () => {
		const account = await newAccount('oracle@example.test');
		const signIn = await login(account, '127.0.17.1');
		const session = [signIn.headers['set-cookie'] ?? []]
			.flat()
			.find((c) => c.startsWith('session='))!
			.split(';')[0]!;
		const change = (current: string) =>
			postForm(
				server,
				'/account?/password',
				[
					['current', current],
					['password', 'a brand new passphrase 2569']
				],
				{ from: '127.0.17.1', headers: { cookie: session } }
			);
		for (let i = 0; i < LIMIT_RULES.loginClient.points; i++) expect((await change('a guess')).status).toBe(400);
		const refused = await change(account.password);
		expect(refused.status).toBe(429);
		expect(refused.body).toContain('พยายามเข้าสู่ระบบหลายครั้งเกินไป');
	});
});
