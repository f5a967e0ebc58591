/**
 * Everything the production server prints, through a session that handles every kind of secret
 * (logins right and wrong, an invitation accepted, a guest joining a workshop by code, a citizen's
 * feedback with contact details and a receipt, a live board, a metrics scrape), logging at its
 * most verbose: no password, token, cookie, session id, join code, receipt or contact is in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createProject, listBoards } from '../../src/lib/server/projects/projects.ts';
import { formatJoinCode, openJoinCode } from '../../src/lib/server/guests/join-codes.ts';
import { guestUserId } from '../../src/lib/server/guests/guest-session.ts';
import { addNote } from '../../src/lib/board/index.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { client, sessionCookieFrom } from '../helpers/http.ts';
import { makeFeedbackFixture } from '../unit/feedback-fixtures.ts';
import { connectClient, until } from './collab-harness.ts';
import { fillableToken, postForm, receiptCookie } from './feedback-helpers.ts';
import { noteIds } from './ops-helpers.ts';

const ADMIN = { email: 'root@example.test', password: 'bootstrap passphrase 7QX' };
const METRICS_TOKEN = 'scrape-token-kept-out-of-logs-42';
let server: AppServer;
let db: DB;
/** Every value that must never be printed, by what it is. */
const secrets = new Map<string, string>();

function keep(what: string, value: string): string {
	expect(value.length, what).toBeGreaterThan(5);
	secrets.set(what, value);
	return value;
}

/** A cookie header's value and its parts (`id.secret`: the id is the session's key in the database). */
function keepToken(what: string, token: string): void {
	keep(what, token);
	const [id, secret] = token.split('.');
	if (id && secret) {
		keep(`${what} id`, id);
		keep(`${what} secret`, secret);
	}
}

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'trace', METRICS_TOKEN } });
	db = openDatabase(server.databasePath);
	keep('admin password', ADMIN.password);
	keep('metrics token', METRICS_TOKEN);

	// Logins, right and wrong.
	const login = await client(server).post('/login', { email: ADMIN.email, password: ADMIN.password });
	expect(login.status).toBe(303);
	const adminCookie = sessionCookieFrom(login)!;
	keepToken('admin session', adminCookie.slice('session='.length));
	const wrong = keep('wrong password', 'not-the-password-Z9');
	expect((await client(server).post('/login', { email: ADMIN.email, password: wrong })).status).toBe(400);

	// An invitation, its link opened and accepted with a new password.
	const admin = client(server, adminCookie);
	const invited = await admin.post('/admin/users?/invite', { email: 'newcomer@example.test', role: 'facilitator' });
	expect(invited.status).toBe(200);
	const inviteToken = keep('invite token', /\/invite\/([A-Za-z0-9]+)/.exec(await invited.text())![1]!);
	expect((await client(server).get(`/invite/${inviteToken}`)).status).toBe(200);
	const newcomerPassword = keep('newcomer password', 'a long passphrase of the newcomer 58');
	const accepted = await client(server).post(`/invite/${inviteToken}`, { name: 'ผู้มาใหม่', password: newcomerPassword });
	expect(accepted.status).toBe(303);
	keepToken('newcomer session', sessionCookieFrom(accepted)!.slice('session='.length));

	// A guest joins a workshop board by its code, from the QR link and the form, and writes a note.
	const adminUser = await db.selectFrom('users').select(['id', 'email', 'name', 'role']).where('email', '=', ADMIN.email).executeTakeFirstOrThrow();
	const project = await createProject(
		db,
		{ title: 'เวิร์กช็อปทดสอบบันทึก', challenge: 'ไม่มีความลับใดหลุดลงบันทึกของเซิร์ฟเวอร์', agency: 'ห้องทดลอง', tags: '' },
		{
			...adminUser,
			role: 'admin'
		}
	);
	const boardId = (await listBoards(db, project.id))[0]!.id;
	const { code } = await openJoinCode(db, boardId, adminUser.id, 60 * 60 * 1000);
	keep('join code', code);
	keep('join code as shown', formatJoinCode(code));
	expect((await client(server).get(`/join?code=${formatJoinCode(code)}`)).status).toBe(200);
	const joined = await client(server).post('/join', { code: formatJoinCode(code), name: 'แขกรับเชิญ' });
	expect(joined.status).toBe(303);
	const guestToken = /^guest=([^;]+)/.exec(joined.headers.getSetCookie().find((c) => c.startsWith('guest='))!)![1]!;
	keepToken('guest token', guestToken);
	const origin = `http://127.0.0.1:${server.port}`;
	const guest = connectClient(`ws://127.0.0.1:${server.port}/collab`, boardId, { cookie: `guest=${guestToken}`, origin });
	const member = connectClient(`ws://127.0.0.1:${server.port}/collab`, boardId, { cookie: adminCookie, origin });
	await Promise.all([guest.synced(), member.synced()]);
	addNote(guest.doc, { text: 'โน้ตของแขก', author: guestUserId(guestToken.split('.')[0]!) });
	await until(() => noteIds(member.doc, 'โน้ตของแขก').size === 1, 'the guest’s note reaches the member');
	guest.destroy();
	member.destroy();

	// A citizen's feedback with contact details, then a look at it by receipt.
	const fx = await makeFeedbackFixture(db, { collectContact: true });
	const formToken = await fillableToken(server, fx.round.slug);
	const contact = {
		name: keep('contact name', 'สมศรี ผู้ให้ข้อมูลลับ'),
		email: keep('contact email', 'somsri.private@example.test'),
		phone: keep('contact phone', '081 555 0199')
	};
	const sent = await postForm(server, `/f/${fx.round.slug}`, [
		['t', formToken],
		['via', 'web'],
		['website', ''],
		[fx.field.rating, '3'],
		[fx.field.text, 'ติดต่อกลับได้ตามที่ให้ไว้'],
		['contact_name', contact.name],
		['contact_email', contact.email],
		['contact_phone', contact.phone],
		['consent', 'yes']
	]);
	expect(sent.status).toBe(303);
	const receipt = keep('receipt', receiptCookie(sent)!);
	const shown = await postForm(server, '/f/receipt?/show', [['code', receipt]]);
	expect(shown.status).toBe(200);
	expect(shown.body).toContain(contact.email);

	// A scrape of the metrics.
	expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(200);

	// Everything flushed: the process has stopped.
	await server.stop();
});

afterAll(async () => {
	await db?.destroy();
	server?.cleanup();
});

describe('what the server prints', () => {
	it('is JSON lines about every request handled (apart from the start-up banner)', () => {
		const lines = server
			.output()
			.split('\n')
			.filter((l) => l.startsWith('{'));
		for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
		const routes = new Set(lines.map((l) => JSON.parse(l).route).filter(Boolean));
		for (const route of ['/(app)/login', '/(app)/admin/users', '/(app)/invite/[token]', '/(guest)/join', '/f/[slug]', '/f/receipt'])
			expect(routes).toContain(route);
		expect(server.output()).toContain('"msg":"stopped"');
	});

	it('holds no password, token, cookie, session id, join code, receipt or contact detail', () => {
		const printed = server.output();
		const leaked = [...secrets].filter(([, value]) => printed.includes(value) || printed.includes(encodeURIComponent(value)));
		expect(leaked.map(([what]) => what)).toEqual([]);
		expect(secrets.size).toBeGreaterThanOrEqual(15);
	});
});
