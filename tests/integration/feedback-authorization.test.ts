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
 * Every staff feedback route for every kind of person, over real HTTP, on a private project and
 * on a published one: team members edit, viewers and officials read, outsiders learn nothing of
 * a private project (404) and are sent to a published one's public page, anonymous people are
 * sent to log in. What citizens wrote (the responses, one by one, their CSV, the API's list) is
 * for the project's team and admins only: an official who is not on the team gets "not found",
 * and so does anyone signed in on the API. Contact details are shown only to those who edit.
 * Refused posts change nothing.
 */

type Actor = 'anonymous' | 'teamFacilitator' | 'teamMember' | 'teamViewer' | 'official' | 'outsider' | 'otherProjectMember' | 'admin';
/** 'public': sent to the project's public page (/open/ID), all of a published project an outsider may see. */
type Outcome = 'ok' | 'login' | 'public' | 401 | 403 | 404;
type Visibility = 'private' | 'published';

let server: AppServer;
let db: DB;
let fx: FeedbackFixture;
let published: FeedbackFixture;
let other: FeedbackFixture;
const responseIds = {} as Record<Visibility, string>;
const cookies = {} as Record<Actor, string>;

async function storeWithContact(fixture: FeedbackFixture): Promise<string> {
	const checked = checkSubmission(
		fixture.round,
		fixture.questions,
		fieldsFrom(
			new URLSearchParams([
				[fixture.field.rating, '3'],
				[fixture.field.text, 'รอนาน'],
				['contact_name', 'สมศรี ลับเฉพาะ'],
				['consent', 'yes']
			])
		)
	);
	const stored = await storeResponse(db, fixture.round, checked, {
		channel: 'web',
		locale: 'th',
		enteredBy: null,
		consentText: 'ยินยอม',
		requireOpen: true
	});
	return stored.id;
}

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);
	fx = await makeFeedbackFixture(db, { collectContact: true });
	// The same team runs a published project too.
	published = await makeFeedbackFixture(db, { collectContact: true, facilitator: fx.facilitator });
	await db.updateTable('projects').set({ visibility: 'published' }).where('id', '=', published.projectId).execute();
	other = await makeFeedbackFixture(db);
	const people = {
		teamMember: await makeUser(db, 'member'),
		teamViewer: await makeUser(db, 'member'),
		official: await makeUser(db, 'official'),
		outsider: await makeUser(db, 'facilitator'),
		otherProjectMember: await makeUser(db, 'member'),
		admin: await makeUser(db, 'admin')
	};
	for (const projectId of [fx.projectId, published.projectId]) {
		await addTeamMember(db, projectId, { email: people.teamMember.email, role: 'member' }, fx.facilitator.id);
		await addTeamMember(db, projectId, { email: people.teamViewer.email, role: 'viewer' }, fx.facilitator.id);
	}
	await addTeamMember(db, other.projectId, { email: people.otherProjectMember.email, role: 'member' }, other.facilitator.id);
	cookies.anonymous = '';
	cookies.teamFacilitator = `session=${(await createSession(db, fx.facilitator.id)).token}`;
	for (const [actor, user] of Object.entries(people)) cookies[actor as Actor] = `session=${(await createSession(db, user.id)).token}`;
	responseIds.private = await storeWithContact(fx);
	responseIds.published = await storeWithContact(published);
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

const team = { teamFacilitator: 'ok', teamMember: 'ok', teamViewer: 'ok' } as const;
/** What each kind of route answers each actor, by the project's visibility. */
const EXPECT: Record<Visibility, Record<'view' | 'edit' | 'responses' | 'editResponses' | 'apiResponses', Record<Actor, Outcome>>> = {
	private: {
		view: { anonymous: 'login', ...team, official: 'ok', outsider: 404, otherProjectMember: 404, admin: 'ok' },
		edit: { anonymous: 'login', ...team, teamViewer: 403, official: 403, outsider: 404, otherProjectMember: 404, admin: 'ok' },
		responses: { anonymous: 'login', ...team, official: 404, outsider: 404, otherProjectMember: 404, admin: 'ok' },
		editResponses: { anonymous: 'login', ...team, teamViewer: 403, official: 404, outsider: 404, otherProjectMember: 404, admin: 'ok' },
		apiResponses: { anonymous: 404, ...team, official: 404, outsider: 404, otherProjectMember: 404, admin: 'ok' }
	},
	published: {
		view: { anonymous: 'login', ...team, official: 'ok', outsider: 'public', otherProjectMember: 'public', admin: 'ok' },
		edit: { anonymous: 'login', ...team, teamViewer: 403, official: 403, outsider: 'public', otherProjectMember: 'public', admin: 'ok' },
		responses: { anonymous: 'login', ...team, official: 404, outsider: 'public', otherProjectMember: 'public', admin: 'ok' },
		editResponses: { anonymous: 'login', ...team, teamViewer: 403, official: 404, outsider: 'public', otherProjectMember: 'public', admin: 'ok' },
		apiResponses: { anonymous: 401, ...team, official: 404, outsider: 404, otherProjectMember: 404, admin: 'ok' }
	}
};

interface Route {
	name: string;
	method: 'GET' | 'POST';
	path: (f: FeedbackFixture, responseId: string) => string;
	fields?: (f: FeedbackFixture) => [string, string][];
	kind: keyof (typeof EXPECT)['private'];
}

const base = (f: FeedbackFixture) => `/projects/${f.projectId}/feedback`;
const round = (f: FeedbackFixture) => `${base(f)}/${f.round.id}`;
const ROUTES: Route[] = [
	{ name: 'round list', method: 'GET', path: base, kind: 'view' },
	{ name: 'new round page', method: 'GET', path: (f) => `${base(f)}/new`, kind: 'edit' },
	{ name: 'results', method: 'GET', path: round, kind: 'view' },
	{ name: 'responses', method: 'GET', path: (f) => `${round(f)}/responses?q=${encodeURIComponent('รอ')}`, kind: 'responses' },
	{ name: 'one response', method: 'GET', path: (f, id) => `${round(f)}/responses/${id}`, kind: 'responses' },
	{ name: 'questions', method: 'GET', path: (f) => `${round(f)}/questions`, kind: 'view' },
	{ name: 'staff entry page', method: 'GET', path: (f) => `${round(f)}/entry`, kind: 'edit' },
	{ name: 'settings page', method: 'GET', path: (f) => `${round(f)}/settings`, kind: 'edit' },
	{ name: 'poster PDF', method: 'GET', path: (f) => `${round(f)}/poster.pdf`, kind: 'view' },
	{ name: 'poster PNG', method: 'GET', path: (f) => `${round(f)}/poster.png`, kind: 'view' },
	{ name: 'CSV export', method: 'GET', path: (f) => `${round(f)}/export.csv`, kind: 'responses' },
	{ name: 'responses API', method: 'GET', path: (f) => `/api/v1/projects/${f.projectId}/feedback/${f.round.id}/responses`, kind: 'apiResponses' },
	{
		name: 'create a round',
		method: 'POST',
		path: (f) => `${base(f)}/new`,
		fields: (f) => [
			['version', f.versionId],
			['title_th', 'สั้น']
		],
		kind: 'edit'
	},
	{
		name: 'moderate',
		method: 'POST',
		path: (f) => `${round(f)}/responses?/status`,
		fields: () => [
			['ids', 'nothing-here'],
			['status', 'published']
		],
		kind: 'editResponses'
	},
	{
		name: 'tag many',
		method: 'POST',
		path: (f) => `${round(f)}/responses?/tag`,
		fields: () => [
			['ids', 'nothing-here'],
			['tag', 'คิว']
		],
		kind: 'editResponses'
	},
	{
		name: 'send to board',
		method: 'POST',
		path: (f) => `${round(f)}/responses?/board`,
		fields: () => [['ids', 'nothing-here']],
		kind: 'editResponses'
	},
	{ name: 'add a note', method: 'POST', path: (f, id) => `${round(f)}/responses/${id}?/note`, fields: () => [['note', '']], kind: 'editResponses' },
	{
		name: 'set tags',
		method: 'POST',
		path: (f, id) => `${round(f)}/responses/${id}?/tags`,
		fields: () => [['tags', 'x'.repeat(50)]],
		kind: 'editResponses'
	},
	{
		name: 'add a question',
		method: 'POST',
		path: (f) => `${round(f)}/questions?/add`,
		fields: () => [
			['kind', 'text'],
			['label_th', '']
		],
		kind: 'edit'
	},
	{ name: 'staff entry', method: 'POST', path: (f) => `${round(f)}/entry`, fields: () => [['channel', 'phone']], kind: 'edit' },
	{ name: 'save settings', method: 'POST', path: (f) => `${round(f)}/settings?/save`, fields: () => [['title_th', '']], kind: 'edit' },
	{ name: 'delete round', method: 'POST', path: (f) => `${round(f)}/settings?/delete`, fields: () => [], kind: 'edit' }
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
	if (status === 303 && /^\/open\/[^/]+$/.test(location ?? '')) return 'public';
	if ([200, 303, 400, 409].includes(status)) return 'ok';
	return status;
}

const ACTORS = Object.keys(EXPECT.private.view) as Actor[];
const cases = (['private', 'published'] as const).flatMap((visibility) =>
	ROUTES.flatMap((route) => ACTORS.map((actor) => ({ visibility, route, actor, expected: EXPECT[visibility][route.kind][actor] })))
);

describe('authorization of every staff feedback route', () => {
	it.each(cases)('$route.name ($route.method) of a $visibility project as $actor → $expected', async ({ visibility, route, actor, expected }) => {
		const f = visibility === 'private' ? fx : published;
		const headers = cookies[actor] ? { cookie: cookies[actor] } : undefined;
		const before = await fingerprint();
		const path = route.path(f, responseIds[visibility]);
		const response =
			route.method === 'GET' ? await send(server, { method: 'GET', path, headers }) : await postForm(server, path, route.fields!(f), { headers });
		expect(outcomeOf(response.status, response.headers.location as string | undefined)).toBe(expected);
		if (route.method === 'POST') expect(await fingerprint()).toBe(before);
		// Nobody who may not read the responses finds a citizen's words in what they get.
		if (EXPECT[visibility].responses[actor] !== 'ok') expect(response.body).not.toContain('รอนาน');
	});

	it('answers 404 for a round of another project, even to that project’s own facilitator', async () => {
		const response = await send(server, {
			method: 'GET',
			path: `/projects/${fx.projectId}/feedback/${other.round.id}`,
			headers: { cookie: cookies.teamFacilitator }
		});
		expect(response.status).toBe(404);
	});

	it('shows contact details to those who edit the project and not to those who only read it', async () => {
		const path = `${round(fx)}/responses/${responseIds.private}`;
		const member = await send(server, { method: 'GET', path, headers: { cookie: cookies.teamMember } });
		const viewer = await send(server, { method: 'GET', path, headers: { cookie: cookies.teamViewer } });
		const official = await send(server, { method: 'GET', path, headers: { cookie: cookies.official } });
		expect(member.body).toContain('สมศรี ลับเฉพาะ');
		expect(viewer.status).toBe(200);
		expect(viewer.body).not.toContain('สมศรี ลับเฉพาะ');
		expect(official.body).not.toContain('สมศรี ลับเฉพาะ');
	});

	it('keeps contact details out of the CSV export', async () => {
		const csv = await send(server, { method: 'GET', path: `${round(fx)}/export.csv`, headers: { cookie: cookies.teamFacilitator } });
		expect(csv.status).toBe(200);
		expect(csv.headers['content-type']).toMatch(/^text\/csv/);
		expect(csv.body).toContain('รอนาน');
		expect(csv.body).not.toContain('สมศรี');
	});
});
