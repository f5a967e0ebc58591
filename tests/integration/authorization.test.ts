import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createProject } from '../../src/lib/server/projects/projects.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeUser } from '../helpers/db.ts';
import { accessOutcome, client, type AccessOutcome } from '../helpers/http.ts';

/**
 * Every project route, for every kind of person, over real HTTP against the production build.
 * 'ok' means the request got past the access check (200, a redirect to the project, or a
 * validation 400); 'login' a redirect to the login page; 403 and 404 are refusals. A project
 * someone may not see answers 404, so its existence does not leak.
 */
type Outcome = AccessOutcome;
type Actor = 'anonymous' | 'admin' | 'teamFacilitator' | 'teamMember' | 'teamViewer' | 'official' | 'outsiderMember' | 'outsiderFacilitator';

interface Route {
	name: string;
	method: 'GET' | 'POST';
	path: (projectId: string) => string;
	fields?: (ctx: { newcomerEmail: string; teamMemberId: string }) => Record<string, string>;
	/** The outcome for each actor. */
	expect: Record<Actor, Outcome>;
}

const view: Record<Actor, Outcome> = {
	anonymous: 'login',
	admin: 'ok',
	teamFacilitator: 'ok',
	teamMember: 'ok',
	teamViewer: 'ok',
	official: 'ok',
	outsiderMember: 404,
	outsiderFacilitator: 404
};
const manage: Record<Actor, Outcome> = { ...view, teamMember: 403, teamViewer: 403, official: 403 };

const ROUTES: Route[] = [
	{ name: 'overview', method: 'GET', path: (id) => `/projects/${id}`, expect: view },
	{ name: 'team page', method: 'GET', path: (id) => `/projects/${id}/team`, expect: view },
	{ name: 'edit page', method: 'GET', path: (id) => `/projects/${id}/edit`, expect: manage },
	{
		name: 'change stage',
		method: 'POST',
		path: (id) => `/projects/${id}?/stage`,
		fields: () => ({ to: 'ideate', reason: 'พร้อมไปต่อ' }),
		expect: manage
	},
	{
		name: 'edit details',
		method: 'POST',
		path: (id) => `/projects/${id}/edit`,
		fields: () => ({ title: 'แก้ชื่อโครงการ', challenge: 'โจทย์ที่แก้ไขแล้วยาวพอ', agency: 'หน่วยงาน', tags: '', visibility: 'private' }),
		expect: manage
	},
	{
		name: 'add to team',
		method: 'POST',
		path: (id) => `/projects/${id}/team?/add`,
		fields: ({ newcomerEmail }) => ({ email: newcomerEmail, role: 'member' }),
		expect: manage
	},
	{
		name: 'change a team role',
		method: 'POST',
		path: (id) => `/projects/${id}/team?/role`,
		fields: ({ teamMemberId }) => ({ userId: teamMemberId, role: 'member' }),
		expect: manage
	},
	{
		name: 'remove from team',
		method: 'POST',
		path: (id) => `/projects/${id}/team?/remove`,
		fields: () => ({ userId: 'nobody-here' }),
		expect: manage
	},
	{ name: 'board history', method: 'GET', path: (id) => `/projects/${id}/boards/${ctx.boardId}/history`, expect: manage },
	{
		name: 'bring notes back from a board’s trash',
		method: 'POST',
		path: (id) => `/projects/${id}/boards/${ctx.boardId}?/restoreNotes`,
		fields: () => ({}),
		expect: manage
	}
];

let server: AppServer;
let db: DB;
let projectId: string;
const cookies = {} as Record<Actor, string>;
const ctx = { newcomerEmail: '', teamMemberId: '', boardId: '' };

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);
	const people = {
		admin: await makeUser(db, 'admin'),
		teamFacilitator: await makeUser(db, 'facilitator'),
		teamMember: await makeUser(db, 'member'),
		teamViewer: await makeUser(db, 'member'),
		official: await makeUser(db, 'official'),
		outsiderMember: await makeUser(db, 'member'),
		outsiderFacilitator: await makeUser(db, 'facilitator')
	};
	const project = await createProject(
		db,
		{ title: 'โครงการส่วนตัว', challenge: 'โจทย์ที่มีแต่ทีมเท่านั้นที่เห็น', agency: 'กรมตัวอย่าง', tags: '' },
		people.teamFacilitator
	);
	projectId = project.id;
	ctx.boardId = (
		await db.selectFrom('boards').select('id').where('project_id', '=', projectId).where('stage', '=', 'ideate').executeTakeFirstOrThrow()
	).id;
	await addTeamMember(db, projectId, { email: people.teamMember.email, role: 'member' }, people.teamFacilitator.id);
	await addTeamMember(db, projectId, { email: people.teamViewer.email, role: 'viewer' }, people.teamFacilitator.id);
	// Someone who is not one of the actors, so adding them changes no actor's rights.
	ctx.newcomerEmail = (await makeUser(db, 'member')).email;
	ctx.teamMemberId = people.teamMember.id;
	cookies.anonymous = '';
	for (const [actor, user] of Object.entries(people)) {
		cookies[actor as Actor] = `session=${(await createSession(db, user.id)).token}`;
	}
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

async function fingerprint(): Promise<string> {
	const project = await db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
	const members = await db.selectFrom('project_members').select(['user_id', 'role']).where('project_id', '=', projectId).orderBy('user_id').execute();
	const history = await db.selectFrom('stage_changes').select('id').where('project_id', '=', projectId).execute();
	return JSON.stringify({ project, members, history: history.length });
}

const ACTORS = Object.keys(view) as Actor[];
const cases = ROUTES.flatMap((route) => ACTORS.map((actor) => ({ route, actor, expected: route.expect[actor] })));

describe('authorization of every project route', () => {
	it.each(cases)('$route.name ($route.method) as $actor → $expected', async ({ route, actor, expected }) => {
		const http = client(server, cookies[actor]);
		const before = await fingerprint();
		const response = route.method === 'GET' ? await http.get(route.path(projectId)) : await http.post(route.path(projectId), route.fields!(ctx));
		expect(accessOutcome(response)).toBe(expected);
		if (route.method === 'POST' && expected !== 'ok') expect(await fingerprint()).toBe(before);
	});

	it('answers the same 404 for a project that does not exist', async () => {
		const response = await client(server, cookies.admin).get('/projects/doesnotexist1234');
		expect(response.status).toBe(404);
	});

	it('refuses a cross-origin form post before any action runs', async () => {
		const before = await fingerprint();
		const response = await client(server, cookies.teamFacilitator).post(
			`/projects/${projectId}?/stage`,
			{ to: 'test', reason: 'จากเว็บอื่น' },
			{ origin: 'https://evil.example' }
		);
		expect(response.status).toBe(403);
		expect(await fingerprint()).toBe(before);
	});
});
