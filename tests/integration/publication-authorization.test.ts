import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createProject, listBoards } from '../../src/lib/server/projects/projects.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeUser } from '../helpers/db.ts';
import { accessOutcome, client } from '../helpers/http.ts';

/**
 * Who may choose what of a published project's boards is public: its facilitators and admins.
 * Others on the team are refused (403), anyone signed in without a place on the team is sent to
 * the project's public page, anonymous people to log in; a refused post changes nothing.
 */
type Actor = 'anonymous' | 'admin' | 'teamFacilitator' | 'teamMember' | 'teamViewer' | 'official' | 'outsiderMember' | 'outsiderFacilitator';
type Outcome = 'ok' | 'login' | 'public' | 403 | 404;

let server: AppServer;
let db: DB;
let projectId: string;
let boardId: string;
const cookies = {} as Record<Actor, string>;

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
	projectId = (
		await createProject(
			db,
			{ title: 'โครงการที่เผยแพร่', challenge: 'โจทย์ที่ทุกคนอ่านได้ แต่บอร์ดเป็นของทีม', agency: 'กรมตัวอย่าง', tags: '', visibility: 'published' },
			people.teamFacilitator
		)
	).id;
	boardId = (await listBoards(db, projectId)).find((b) => b.stage === 'ideate')!.id;
	await addTeamMember(db, projectId, { email: people.teamMember.email, role: 'member' }, people.teamFacilitator.id);
	await addTeamMember(db, projectId, { email: people.teamViewer.email, role: 'viewer' }, people.teamFacilitator.id);
	// The outsiders are on another project's team: members of other projects.
	const other = await createProject(
		db,
		{ title: 'โครงการอื่น', challenge: 'อีกโครงการหนึ่งของอีกทีม', agency: 'กรมอื่น', tags: '' },
		people.outsiderFacilitator
	);
	await addTeamMember(db, other.id, { email: people.outsiderMember.email, role: 'member' }, people.outsiderFacilitator.id);
	cookies.anonymous = '';
	for (const [actor, user] of Object.entries(people)) cookies[actor as Actor] = `session=${(await createSession(db, user.id)).token}`;
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

const manage: Record<Actor, Outcome> = {
	anonymous: 'login',
	admin: 'ok',
	teamFacilitator: 'ok',
	teamMember: 403,
	teamViewer: 403,
	official: 403,
	outsiderMember: 'public',
	outsiderFacilitator: 'public'
};
const view: Record<Actor, Outcome> = { ...manage, teamMember: 'ok', teamViewer: 'ok', official: 'ok' };

const ROUTES: { name: string; method: 'GET' | 'POST'; path: () => string; fields?: Record<string, string>; expect: Record<Actor, Outcome> }[] = [
	{ name: 'the project', method: 'GET', path: () => `/projects/${projectId}`, expect: view },
	{ name: 'a live board', method: 'GET', path: () => `/projects/${projectId}/boards/${boardId}`, expect: view },
	{ name: 'what the public sees', method: 'GET', path: () => `/projects/${projectId}/publication`, expect: manage },
	{ name: "a board's choice and preview", method: 'GET', path: () => `/projects/${projectId}/publication/${boardId}?scope=board`, expect: manage },
	{
		name: 'publish',
		method: 'POST',
		path: () => `/projects/${projectId}/publication/${boardId}?/publish`,
		fields: { scope: 'board', digest: 'x' },
		expect: manage
	},
	{ name: 'withdraw', method: 'POST', path: () => `/projects/${projectId}/publication/${boardId}?/withdraw`, fields: {}, expect: manage },
	{
		name: 'approve a wording',
		method: 'POST',
		path: () => `/projects/${projectId}/publication/${boardId}?/approve`,
		fields: { note: 'none' },
		expect: manage
	},
	{
		name: 'revoke a wording',
		method: 'POST',
		path: () => `/projects/${projectId}/publication/${boardId}?/revoke`,
		fields: { note: 'none' },
		expect: manage
	}
];

function outcome(response: Response): Outcome | number {
	if (response.status === 303 && response.headers.get('location') === `/open/${projectId}`) return 'public';
	// A confirmation whose preview no longer matches got past the access check.
	if (response.status === 409) return 'ok';
	return accessOutcome(response);
}

async function fingerprint(): Promise<string> {
	return JSON.stringify([
		await db.selectFrom('board_publications').selectAll().execute(),
		await db.selectFrom('feedback_publication_approvals').selectAll().execute()
	]);
}

const ACTORS = Object.keys(manage) as Actor[];
const cases = ROUTES.flatMap((route) => ACTORS.map((actor) => ({ route, actor, expected: route.expect[actor] })));

describe('authorization of publication', () => {
	it.each(cases)('$route.name ($route.method) as $actor → $expected', async ({ route, actor, expected }) => {
		const http = client(server, cookies[actor]);
		const before = await fingerprint();
		const response = route.method === 'GET' ? await http.get(route.path()) : await http.post(route.path(), route.fields!);
		expect(outcome(response)).toBe(expected);
		if (route.method === 'POST' && expected !== 'ok') expect(await fingerprint()).toBe(before);
	});

	it('publishes nothing from a preview that was never shown (a made-up digest), and previews the board again', async () => {
		const response = await client(server, cookies.teamFacilitator).post(`/projects/${projectId}/publication/${boardId}?scope=board&/publish`, {
			scope: 'board',
			digest: '0'.repeat(64)
		});
		expect(response.status).toBe(409);
		// The page says why and shows the preview as it is now, to confirm instead.
		const page = await response.text();
		expect(page).toContain('บอร์ดเปลี่ยนไปหลังจากที่คุณดูตัวอย่าง');
		expect(page).toMatch(/name="digest" value="[0-9a-f]{64}"/);
		expect(await db.selectFrom('board_publications').selectAll().execute()).toEqual([]);
	});
});
