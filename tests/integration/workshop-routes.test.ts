import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createProject, listBoards } from '../../src/lib/server/projects/projects.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import { createWorkshop } from '../../src/lib/server/workshops/workshops.ts';
import { addMethodStep } from '../../src/lib/server/workshops/agenda.ts';
import { createLabMethod } from '../../src/lib/server/methods/library.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeUser } from '../helpers/db.ts';
import { accessOutcome, client, type AccessOutcome } from '../helpers/http.ts';

/**
 * The method library and the workshop routes over real HTTP against the production build:
 * who may read and change what, and that a refused or invalid change leaves nothing behind.
 */
type Actor = 'anonymous' | 'admin' | 'teamFacilitator' | 'teamMember' | 'teamViewer' | 'official' | 'outsiderMember' | 'outsiderFacilitator';

const everyone: Record<Actor, AccessOutcome> = {
	anonymous: 'ok',
	admin: 'ok',
	teamFacilitator: 'ok',
	teamMember: 'ok',
	teamViewer: 'ok',
	official: 'ok',
	outsiderMember: 'ok',
	outsiderFacilitator: 'ok'
};
// Lab methods: the lab's facilitators and admins, whatever project they are on.
const methodEditors: Record<Actor, AccessOutcome> = {
	...everyone,
	anonymous: 'login',
	teamMember: 403,
	teamViewer: 403,
	official: 403,
	outsiderMember: 403
};
const view: Record<Actor, AccessOutcome> = { ...everyone, anonymous: 'login', outsiderMember: 404, outsiderFacilitator: 404 };
const manage: Record<Actor, AccessOutcome> = { ...view, teamMember: 403, teamViewer: 403, official: 403 };
// Moving the room: the workshop's own facilitators only (not an admin or another facilitator).
const run: Record<Actor, AccessOutcome> = { ...manage, admin: 403 };

interface Ctx {
	projectId: string;
	workshopId: string;
	stepId: string;
	labMethodId: string;
}
interface Route {
	name: string;
	method: 'GET' | 'POST';
	path: (c: Ctx) => string;
	fields?: (c: Ctx) => Record<string, string>;
	expect: Record<Actor, AccessOutcome>;
	/** Allowed, it does change something (a copy is made); refused, it still must not. */
	changes?: boolean;
}

const W = (c: Ctx) => `/projects/${c.projectId}/workshops`;
const ONE = (c: Ctx) => `${W(c)}/${c.workshopId}`;

// Every POST but the copy is invalid (or aimed at nothing), so an allowed one answers 400 and changes nothing.
const ROUTES: Route[] = [
	{ name: 'library', method: 'GET', path: () => '/methods', expect: everyone },
	{ name: 'library, filtered', method: 'GET', path: () => '/methods?stage=test&duration=long&q=x', expect: everyone },
	{ name: 'a built-in method', method: 'GET', path: () => '/methods/journey-map', expect: everyone },
	{ name: 'a lab method', method: 'GET', path: (c) => `/methods/${c.labMethodId}`, expect: everyone },
	{ name: 'new method page', method: 'GET', path: () => '/methods/new', expect: methodEditors },
	{ name: 'create a method', method: 'POST', path: () => '/methods/new', fields: () => ({ name_th: 'x', stage: 'ideate' }), expect: methodEditors },
	{ name: 'edit method page', method: 'GET', path: (c) => `/methods/${c.labMethodId}/edit`, expect: methodEditors },
	{ name: 'save a method', method: 'POST', path: (c) => `/methods/${c.labMethodId}/edit`, fields: () => ({ name_th: '' }), expect: methodEditors },
	{ name: 'copy a method', method: 'POST', path: () => '/methods/journey-map?/copy', fields: () => ({}), expect: methodEditors, changes: true },
	{ name: 'delete a built-in method', method: 'POST', path: () => '/methods/journey-map?/delete', fields: () => ({}), expect: methodEditors },
	{ name: 'workshop list', method: 'GET', path: W, expect: view },
	{ name: 'agenda', method: 'GET', path: ONE, expect: view },
	{ name: 'report', method: 'GET', path: (c) => `${ONE(c)}/report`, expect: view },
	{ name: 'report as PDF', method: 'GET', path: (c) => `${ONE(c)}/report.pdf`, expect: view },
	{ name: 'report notes as CSV', method: 'GET', path: (c) => `${ONE(c)}/report.csv`, expect: view },
	{ name: 'new workshop page', method: 'GET', path: (c) => `${W(c)}/new`, expect: manage },
	{ name: 'create a workshop', method: 'POST', path: (c) => `${W(c)}/new`, fields: () => ({ title: 'x', date: 'soon' }), expect: manage },
	{ name: 'details page', method: 'GET', path: (c) => `${ONE(c)}/edit`, expect: manage },
	{ name: 'save details', method: 'POST', path: (c) => `${ONE(c)}/edit?/save`, fields: () => ({ title: '' }), expect: manage },
	{ name: 'add a method step', method: 'POST', path: (c) => `${ONE(c)}?/addMethod`, fields: () => ({ method: 'nothing' }), expect: manage },
	{ name: 'add a preset step', method: 'POST', path: (c) => `${ONE(c)}?/addPreset`, fields: () => ({ preset: 'siesta' }), expect: manage },
	{ name: 'add a step', method: 'POST', path: (c) => `${ONE(c)}?/addStep`, fields: () => ({ title: '', minutes: '0' }), expect: manage },
	{
		name: 'edit a step',
		method: 'POST',
		path: (c) => `${ONE(c)}?/updateStep`,
		fields: (c) => ({ step: c.stepId, title: '', minutes: '0' }),
		expect: manage
	},
	{ name: 'move a step', method: 'POST', path: (c) => `${ONE(c)}?/move`, fields: (c) => ({ step: c.stepId, by: 'sideways' }), expect: manage },
	{ name: 'resize a step', method: 'POST', path: (c) => `${ONE(c)}?/resize`, fields: () => ({ step: 'nothing', by: 'longer' }), expect: manage },
	{ name: 'remove a step', method: 'POST', path: (c) => `${ONE(c)}?/remove`, fields: () => ({ step: 'nothing' }), expect: manage },
	// Not running yet: an allowed move or end is refused as input and changes nothing; the start (last) does start it.
	{ name: 'go to a step', method: 'POST', path: (c) => `${ONE(c)}?/go`, fields: () => ({ to: 'next' }), expect: run },
	{ name: 'end the workshop', method: 'POST', path: (c) => `${ONE(c)}?/end`, fields: () => ({}), expect: run },
	{ name: 'open a workshop join code', method: 'POST', path: (c) => `${ONE(c)}?/openJoinCode`, fields: () => ({ hours: 'many' }), expect: run },
	{ name: 'close the workshop join code', method: 'POST', path: (c) => `${ONE(c)}?/closeJoinCode`, fields: () => ({}), expect: run },
	{ name: 'start the workshop', method: 'POST', path: (c) => `${ONE(c)}?/start`, fields: () => ({}), expect: run, changes: true }
];

let server: AppServer;
let db: DB;
const ctx: Ctx = { projectId: '', workshopId: '', stepId: '', labMethodId: '' };
const cookies = {} as Record<Actor, string>;

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);
	const people = {
		admin: await makeUser(db, 'admin'),
		teamFacilitator: await makeUser(db, 'facilitator', 'สมหญิง'),
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
	ctx.projectId = project.id;
	await addTeamMember(db, project.id, { email: people.teamMember.email, role: 'member' }, people.teamFacilitator.id);
	await addTeamMember(db, project.id, { email: people.teamViewer.email, role: 'viewer' }, people.teamFacilitator.id);
	const boards = await listBoards(db, project.id);
	ctx.workshopId = (
		await createWorkshop(
			db,
			project.id,
			{
				title: 'เวิร์กช็อปทดสอบสิทธิ์',
				purpose: '',
				date: '2026-07-14',
				startTime: '09:00',
				facilitators: [people.teamFacilitator.id],
				boards: boards.map((b) => b.id)
			},
			people.teamFacilitator
		)
	).id;
	ctx.stepId = (await addMethodStep(db, project.id, ctx.workshopId, 'brainstorm')).id;
	ctx.labMethodId = (
		await createLabMethod(
			db,
			{
				nameTh: 'เดินดูเส้นทางจริง',
				nameEn: '',
				summaryTh: 'ทีมไปใช้บริการจริงด้วยตัวเอง',
				summaryEn: '',
				purposeTh: 'ให้ทีมรู้สึกเองว่าการมาติดต่อเป็นอย่างไร',
				purposeEn: '',
				whenTh: 'ต้นโครงการ ก่อนสัมภาษณ์ประชาชน',
				whenEn: '',
				stepsTh: 'ไปใช้บริการ\nจดสิ่งที่ติดขัด',
				stepsEn: '',
				tipsTh: '',
				tipsEn: '',
				stage: 'empathize',
				minutes: '60',
				groupMin: '2',
				groupMax: '4',
				boardStage: '',
				boardSections: []
			},
			people.teamFacilitator.id
		)
	).id;
	cookies.anonymous = '';
	for (const [actor, user] of Object.entries(people)) cookies[actor as Actor] = `session=${(await createSession(db, user.id)).token}`;
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

/** Everything a library or workshop action could change. */
async function fingerprint(): Promise<string> {
	const tables = ['lab_methods', 'workshops', 'workshop_facilitators', 'workshop_boards', 'workshop_steps', 'workshop_join_codes'] as const;
	const rows: Record<string, unknown> = {};
	for (const table of tables) rows[table] = await db.selectFrom(table).selectAll().execute();
	return JSON.stringify(rows);
}

const ACTORS = Object.keys(everyone) as Actor[];
const cases = ROUTES.flatMap((route) => ACTORS.map((actor) => ({ route, actor, expected: route.expect[actor] })));

describe('authorization of every method library and workshop route', () => {
	it.each(cases)('$route.name ($route.method) as $actor → $expected', async ({ route, actor, expected }) => {
		const http = client(server, cookies[actor]);
		const before = await fingerprint();
		const response = route.method === 'GET' ? await http.get(route.path(ctx)) : await http.post(route.path(ctx), route.fields!(ctx));
		expect(accessOutcome(response)).toBe(expected);
		if (route.method === 'POST' && !(route.changes && expected === 'ok')) expect(await fingerprint()).toBe(before);
	});

	it('answers 404 for a workshop through another project, even to an admin', async () => {
		const admin = await db.selectFrom('users').select(['id', 'email', 'name', 'role']).where('role', '=', 'admin').executeTakeFirstOrThrow();
		const other = await createProject(db, { title: 'อีกโครงการ', challenge: 'โจทย์ของอีกโครงการหนึ่ง', agency: 'กรม', tags: '' }, admin as never);
		for (const path of [`/projects/${other.id}/workshops/${ctx.workshopId}`, `/projects/${other.id}/workshops/${ctx.workshopId}/edit`]) {
			expect((await client(server, cookies.admin).get(path)).status).toBe(404);
		}
		const before = await fingerprint();
		const moved = await client(server, cookies.admin).post(`/projects/${other.id}/workshops/${ctx.workshopId}?/remove`, { step: ctx.stepId });
		expect(moved.status).toBe(404);
		expect(await fingerprint()).toBe(before);
	});

	it('answers 404 for a method that does not exist', async () => {
		expect((await client(server).get('/methods/no-such-method')).status).toBe(404);
		expect((await client(server, cookies.teamFacilitator).get('/methods/journey-map/edit')).status).toBe(404);
	});
});

describe('refusals over HTTP', () => {
	it('say what is wrong in Thai, and in English for an English reader', async () => {
		const th = await client(server, cookies.teamFacilitator).post(`${ONE(ctx)}?/addStep`, { title: 'ขั้นตอน', minutes: '999' });
		expect(th.status).toBe(400);
		expect(await th.text()).toContain('ใส่จำนวนเต็มตั้งแต่ 1 ถึง 480');
		const en = await client(server, `${cookies.teamFacilitator}; lang=en`).post('/methods/new', { name_th: 'ชื่อ', stage: 'ideate', minutes: '3' });
		expect(en.status).toBe(400);
		expect(await en.text()).toContain('Enter a whole number from 5 to 480');
	});

	it('show a public method in English to an English reader, without an account', async () => {
		const page = await (await client(server, 'lang=en').get('/methods/five-whys')).text();
		expect(page).toContain('<h1>5 Whys</h1>');
		expect(page).toContain('When to use it');
	});
});
