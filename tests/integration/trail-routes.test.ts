import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createProject, updateProject } from '../../src/lib/server/projects/projects.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeUser } from '../helpers/db.ts';
import { accessOutcome, client, type AccessOutcome } from '../helpers/http.ts';

/**
 * The trail, export, import and portfolio routes over real HTTP against the production build:
 * who may reach them, and what the trail records of what people do there (never a password).
 */
type Actor = 'anonymous' | 'admin' | 'teamFacilitator' | 'teamMember' | 'teamViewer' | 'official' | 'outsiderMember' | 'outsiderFacilitator';

const ROUTES: { name: string; path: (projectId: string) => string; expect: Record<Actor, AccessOutcome> }[] = [
	{
		name: 'the project’s trail',
		path: (id) => `/projects/${id}/trail`,
		expect: {
			anonymous: 'login',
			admin: 'ok',
			teamFacilitator: 'ok',
			teamMember: 'ok',
			teamViewer: 'ok',
			official: 404,
			outsiderMember: 404,
			outsiderFacilitator: 404
		}
	},
	{
		name: 'the project export',
		path: (id) => `/projects/${id}/export.zip`,
		expect: {
			anonymous: 'login',
			admin: 'ok',
			teamFacilitator: 'ok',
			teamMember: 403,
			teamViewer: 403,
			official: 403,
			outsiderMember: 404,
			outsiderFacilitator: 404
		}
	},
	{
		name: 'the admins’ trail',
		path: () => '/admin/audit',
		expect: {
			anonymous: 'login',
			admin: 'ok',
			teamFacilitator: 403,
			teamMember: 403,
			teamViewer: 403,
			official: 403,
			outsiderMember: 403,
			outsiderFacilitator: 403
		}
	},
	{
		name: 'the import page',
		path: () => '/projects/import',
		expect: {
			anonymous: 'login',
			admin: 'ok',
			teamFacilitator: 'ok',
			teamMember: 403,
			teamViewer: 403,
			official: 403,
			outsiderMember: 403,
			outsiderFacilitator: 'ok'
		}
	}
];

let server: AppServer;
let db: DB;
let projectId: string;
const cookies = {} as Record<Actor, string>;
const people = {} as Record<Exclude<Actor, 'anonymous'>, Awaited<ReturnType<typeof makeUser>>>;

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);
	people.admin = await makeUser(db, 'admin');
	people.teamFacilitator = await makeUser(db, 'facilitator', 'สมหญิง ผู้อำนวย');
	people.teamMember = await makeUser(db, 'member', 'วิชัย สมาชิก');
	people.teamViewer = await makeUser(db, 'member');
	people.official = await makeUser(db, 'official');
	people.outsiderMember = await makeUser(db, 'member');
	people.outsiderFacilitator = await makeUser(db, 'facilitator');
	projectId = (
		await createProject(db, { title: 'โครงการของทีม', challenge: 'โจทย์ที่มีแต่ทีมเท่านั้นที่เห็น', agency: 'กรมตัวอย่าง', tags: '' }, people.teamFacilitator)
	).id;
	await addTeamMember(db, projectId, { email: people.teamMember.email, role: 'member' }, people.teamFacilitator.id);
	await addTeamMember(db, projectId, { email: people.teamViewer.email, role: 'viewer' }, people.teamFacilitator.id);
	cookies.anonymous = '';
	for (const [actor, user] of Object.entries(people)) cookies[actor as Actor] = `session=${(await createSession(db, user.id)).token}`;
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

const ACTORS = Object.keys(ROUTES[0]!.expect) as Actor[];
const cases = ROUTES.flatMap((route) => ACTORS.map((actor) => ({ route, actor, expected: route.expect[actor] })));

describe('authorization of the trail, export and import routes', () => {
	it.each(cases)('$route.name as $actor → $expected', async ({ route, actor, expected }) => {
		const response = await client(server, cookies[actor]).get(route.path(projectId));
		expect(accessOutcome(response)).toBe(expected);
	});
});

describe('what the trail records', () => {
	it('records making and revoking an API token, never the token', async () => {
		const http = client(server, cookies.teamMember);
		const made = await http.post('/account?/createToken', { name: 'สคริปต์รายงาน', lifetime: '30' });
		expect(made.status).toBe(200);
		const token = await db.selectFrom('api_tokens').select('id').where('user_id', '=', people.teamMember.id).executeTakeFirstOrThrow();
		expect((await http.post('/account?/revokeToken', { tokenId: token.id })).status).toBe(200);
		const rows = await db.selectFrom('audit_events').selectAll().where('action', 'like', 'api.%').orderBy('at').execute();
		expect(rows.map((r) => [r.action, r.actor_id, r.target_id])).toEqual([
			['api.token_created', people.teamMember.id, people.teamMember.id],
			['api.token_revoked', people.teamMember.id, people.teamMember.id]
		]);
		const secret = /plt_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.exec(await made.text())?.[0];
		expect(secret).toBeDefined();
		const everything = JSON.stringify(await db.selectFrom('audit_events').selectAll().execute());
		expect(everything).not.toContain(secret!.split('.')[1]);
	});

	it('records a failed and a successful sign-in with the address, never the password or the typed e-mail', async () => {
		const wrong = 'not-the-password-Zq81';
		await client(server).post('/login', { email: people.teamMember.email, password: wrong });
		await client(server).post('/login', { email: 'nobody-here@example.test', password: wrong });
		const ok = await client(server).post('/login', { email: people.teamMember.email, password: people.teamMember.password });
		expect(ok.status).toBe(303);
		const rows = await db.selectFrom('audit_events').selectAll().where('action', 'like', 'account.%').orderBy('at').execute();
		expect(rows.map((r) => [r.action, r.actor_kind, r.target_id ?? r.actor_id])).toEqual([
			['account.sign_in_failed', 'anonymous', people.teamMember.id],
			['account.sign_in_failed', 'anonymous', null],
			['account.signed_in', 'user', people.teamMember.id]
		]);
		expect(rows.every((r) => r.address === '127.0.0.1')).toBe(true);
		const everything = JSON.stringify(await db.selectFrom('audit_events').selectAll().execute());
		expect(everything).not.toContain(wrong);
		expect(everything).not.toContain('nobody-here');
	});

	it('records a stage move and a role change where they happen, and shows them to the team by name', async () => {
		const team = client(server, cookies.teamFacilitator);
		expect((await team.post(`/projects/${projectId}?/stage`, { to: 'ideate', reason: 'เข้าใจปัญหาพอแล้ว' })).status).toBe(200);
		await team.post(`/projects/${projectId}/team?/role`, { userId: people.teamViewer.id, role: 'member' });
		const page = await (await client(server, cookies.teamMember).get(`/projects/${projectId}/trail`)).text();
		expect(page).toContain('ย้ายขั้นตอนของโครงการ');
		expect(page).toContain('เปลี่ยนบทบาทของสมาชิกทีม');
		expect(page).toContain('สมหญิง ผู้อำนวย');
	});

	it('exports the project as a ZIP, recorded; publishes the trail without names once the project is published', async () => {
		const response = await client(server, cookies.teamFacilitator).get(`/projects/${projectId}/export.zip`);
		expect(response.headers.get('content-type')).toBe('application/zip');
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="prachalab-project-/);
		const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
		expect(JSON.parse(strFromU8(files['manifest.json']!))).toMatchObject({ format: 'prachalab-project', version: 1 });
		const exported = await db.selectFrom('audit_events').select(['actor_id', 'project_id']).where('action', '=', 'project.exported').execute();
		expect(exported).toContainEqual({ actor_id: people.teamFacilitator.id, project_id: projectId });
		expect(exported.every((e) => e.project_id === projectId)).toBe(true);

		expect((await client(server).get(`/open/${projectId}/trail`)).status).toBe(404);
		await updateProject(db, projectId, {
			title: 'โครงการของทีม',
			challenge: 'โจทย์ที่มีแต่ทีมเท่านั้นที่เห็น',
			agency: 'กรมตัวอย่าง',
			tags: '',
			visibility: 'published'
		});
		const publicPage = await client(server).get(`/open/${projectId}/trail`);
		expect(publicPage.status).toBe(200);
		const html = await publicPage.text();
		expect(html).toContain('ย้ายขั้นตอนของโครงการ');
		expect(html).toContain('ผู้อำนวยกระบวนการ');
		for (const name of ['สมหญิง ผู้อำนวย', 'วิชัย สมาชิก', people.teamMember.email]) expect(html).not.toContain(name);
		expect(html).not.toContain('เข้าสู่ระบบไม่สำเร็จ');
	});

	it('gives a facilitator outside every team an empty portfolio, and their CSV no row of others', async () => {
		const csv = await (await client(server, cookies.outsiderFacilitator).get('/portfolio/export.csv')).text();
		expect(csv.trimEnd().split('\r\n')).toHaveLength(1);
	});
});
