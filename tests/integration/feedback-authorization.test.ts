import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import { checkSubmission, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeUser } from '../helpers/db.ts';
import { makeFeedbackFixture, type FeedbackFixture } from '../unit/feedback-fixtures.ts';
import { postForm, send } from './feedback-helpers.ts';

/**
 * Every staff feedback route for every kind of person, over real HTTP: team members edit,
 * viewers and officials read, outsiders learn nothing (404), anonymous people are sent to log
 * in. Contact details are shown only to those who edit. Refused posts change nothing.
 */

type Actor = 'anonymous' | 'teamFacilitator' | 'teamMember' | 'teamViewer' | 'official' | 'outsider';
type Outcome = 'ok' | 'login' | 403 | 404;

let server: AppServer;
let db: DB;
let fx: FeedbackFixture;
let other: FeedbackFixture;
let responseId: string;
const cookies = {} as Record<Actor, string>;

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);
	fx = await makeFeedbackFixture(db, { collectContact: true });
	other = await makeFeedbackFixture(db);
	const people = {
		teamMember: await makeUser(db, 'member'),
		teamViewer: await makeUser(db, 'member'),
		official: await makeUser(db, 'official'),
		outsider: await makeUser(db, 'facilitator')
	};
	await addTeamMember(db, fx.projectId, { email: people.teamMember.email, role: 'member' }, fx.facilitator.id);
	await addTeamMember(db, fx.projectId, { email: people.teamViewer.email, role: 'viewer' }, fx.facilitator.id);
	cookies.anonymous = '';
	cookies.teamFacilitator = `session=${(await createSession(db, fx.facilitator.id)).token}`;
	for (const [actor, user] of Object.entries(people)) cookies[actor as Actor] = `session=${(await createSession(db, user.id)).token}`;
	const checked = checkSubmission(
		fx.round,
		fx.questions,
		fieldsFrom(new URLSearchParams([[fx.field.rating, '3'], [fx.field.text, 'รอนาน'], ['contact_name', 'สมศรี ลับเฉพาะ'], ['consent', 'yes']]))
	);
	responseId = (await storeResponse(db, fx.round, checked, { channel: 'web', locale: 'th', enteredBy: null, consentText: 'ยินยอม', requireOpen: true })).id;
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

const view: Record<Actor, Outcome> = { anonymous: 'login', teamFacilitator: 'ok', teamMember: 'ok', teamViewer: 'ok', official: 'ok', outsider: 404 };
const edit: Record<Actor, Outcome> = { ...view, teamViewer: 403, official: 403 };

interface Route {
	name: string;
	method: 'GET' | 'POST';
	path: () => string;
	fields?: () => [string, string][];
	expect: Record<Actor, Outcome>;
}

const base = () => `/projects/${fx.projectId}/feedback`;
const round = () => `${base()}/${fx.round.id}`;
const ROUTES: Route[] = [
	{ name: 'round list', method: 'GET', path: base, expect: view },
	{ name: 'new round page', method: 'GET', path: () => `${base()}/new`, expect: edit },
	{ name: 'results', method: 'GET', path: round, expect: view },
	{ name: 'responses', method: 'GET', path: () => `${round()}/responses?q=${encodeURIComponent('รอ')}`, expect: view },
	{ name: 'one response', method: 'GET', path: () => `${round()}/responses/${responseId}`, expect: view },
	{ name: 'questions', method: 'GET', path: () => `${round()}/questions`, expect: view },
	{ name: 'staff entry page', method: 'GET', path: () => `${round()}/entry`, expect: edit },
	{ name: 'settings page', method: 'GET', path: () => `${round()}/settings`, expect: edit },
	{ name: 'poster PDF', method: 'GET', path: () => `${round()}/poster.pdf`, expect: view },
	{ name: 'poster PNG', method: 'GET', path: () => `${round()}/poster.png`, expect: view },
	{ name: 'CSV export', method: 'GET', path: () => `${round()}/export.csv`, expect: view },
	{ name: 'create a round', method: 'POST', path: () => `${base()}/new`, fields: () => [['version', fx.versionId], ['title_th', 'สั้น']], expect: edit },
	{ name: 'moderate', method: 'POST', path: () => `${round()}/responses?/status`, fields: () => [['ids', 'nothing-here'], ['status', 'published']], expect: edit },
	{ name: 'tag many', method: 'POST', path: () => `${round()}/responses?/tag`, fields: () => [['ids', 'nothing-here'], ['tag', 'คิว']], expect: edit },
	{ name: 'send to board', method: 'POST', path: () => `${round()}/responses?/board`, fields: () => [['ids', 'nothing-here']], expect: edit },
	{ name: 'add a note', method: 'POST', path: () => `${round()}/responses/${responseId}?/note`, fields: () => [['note', '']], expect: edit },
	{ name: 'set tags', method: 'POST', path: () => `${round()}/responses/${responseId}?/tags`, fields: () => [['tags', 'x'.repeat(50)]], expect: edit },
	{ name: 'add a question', method: 'POST', path: () => `${round()}/questions?/add`, fields: () => [['kind', 'text'], ['label_th', '']], expect: edit },
	{ name: 'staff entry', method: 'POST', path: () => `${round()}/entry`, fields: () => [['channel', 'phone']], expect: edit },
	{ name: 'save settings', method: 'POST', path: () => `${round()}/settings?/save`, fields: () => [['title_th', '']], expect: edit },
	{ name: 'delete round', method: 'POST', path: () => `${round()}/settings?/delete`, fields: () => [], expect: edit }
];

async function fingerprint(): Promise<string> {
	const rounds = await db.selectFrom('feedback_rounds').selectAll().orderBy('id').execute();
	const questions = await db.selectFrom('feedback_questions').select(['id', 'label_th']).orderBy('id').execute();
	const responses = await db.selectFrom('feedback_responses').select(['id', 'status']).orderBy('id').execute();
	const tags = await db.selectFrom('feedback_tags').selectAll().execute();
	const notes = await db.selectFrom('feedback_notes').select('id').execute();
	return JSON.stringify({ rounds, questions, responses, tags, notes });
}

function outcomeOf(status: number, location: string | undefined): Outcome | number {
	if (status === 303 && (location ?? '').startsWith('/login')) return 'login';
	if ([200, 303, 400, 409].includes(status)) return 'ok';
	return status;
}

const ACTORS = Object.keys(view) as Actor[];
const cases = ROUTES.flatMap((route) => ACTORS.map((actor) => ({ route, actor, expected: route.expect[actor] })));

describe('authorization of every staff feedback route', () => {
	it.each(cases)('$route.name ($route.method) as $actor → $expected', async ({ route, actor, expected }) => {
		const headers = cookies[actor] ? { cookie: cookies[actor] } : undefined;
		const before = await fingerprint();
		const response =
			route.method === 'GET' ? await send(server, { method: 'GET', path: route.path(), headers }) : await postForm(server, route.path(), route.fields!(), { headers });
		expect(outcomeOf(response.status, response.headers.location as string | undefined)).toBe(expected);
		if (route.method === 'POST') expect(await fingerprint()).toBe(before);
	});

	it('answers 404 for a round of another project, even to that project’s own facilitator', async () => {
		const response = await send(server, { method: 'GET', path: `/projects/${fx.projectId}/feedback/${other.round.id}`, headers: { cookie: cookies.teamFacilitator } });
		expect(response.status).toBe(404);
	});

	it('shows contact details to those who edit the project and not to those who only read it', async () => {
		const path = `${round()}/responses/${responseId}`;
		const member = await send(server, { method: 'GET', path, headers: { cookie: cookies.teamMember } });
		const viewer = await send(server, { method: 'GET', path, headers: { cookie: cookies.teamViewer } });
		const official = await send(server, { method: 'GET', path, headers: { cookie: cookies.official } });
		expect(member.body).toContain('สมศรี ลับเฉพาะ');
		expect(viewer.status).toBe(200);
		expect(viewer.body).not.toContain('สมศรี ลับเฉพาะ');
		expect(official.body).not.toContain('สมศรี ลับเฉพาะ');
	});

	it('keeps contact details out of the CSV export', async () => {
		const csv = await send(server, { method: 'GET', path: `${round()}/export.csv`, headers: { cookie: cookies.teamFacilitator } });
		expect(csv.status).toBe(200);
		expect(csv.headers['content-type']).toMatch(/^text\/csv/);
		expect(csv.body).toContain('รอนาน');
		expect(csv.body).not.toContain('สมศรี');
	});
});
