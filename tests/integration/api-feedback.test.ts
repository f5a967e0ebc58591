import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { client } from '../helpers/http.ts';

/** The feedback part of /api/v1, against the demo (published project, rounds, contacts). */
let server: AppServer;
let db: DB;
let projectId: string;
let memberCookie: string;

beforeAll(async () => {
	server = await startAppServer();
	db = openDatabase(server.databasePath);
	projectId = (await db.selectFrom('projects').select('id').executeTakeFirstOrThrow()).id;
	const member = await db.selectFrom('users').select('id').where('email', '=', 'member@prachalab.test').executeTakeFirstOrThrow();
	memberCookie = `session=${(await createSession(db, member.id)).token}`;
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

const getJson = async (path: string, cookie = '') => {
	const response = await client(server, cookie).get(path, { accept: 'application/json' });
	return { status: response.status, body: (await response.json()) as Record<string, any> };
};

describe('the feedback API', () => {
	it('lists the rounds of a published project to anyone, with their form links', async () => {
		const { status, body } = await getJson(`/api/v1/projects/${projectId}/feedback`);
		expect(status).toBe(200);
		expect(body.rounds.length).toBeGreaterThan(0);
		expect(body.rounds[0].formUrl).toMatch(/\/f\/[\w-]+$/);
	});

	it("gives a round's results as counts that match the stored responses", async () => {
		const { body: list } = await getJson(`/api/v1/projects/${projectId}/feedback`);
		const round = list.rounds[0];
		const { status, body } = await getJson(`/api/v1/projects/${projectId}/feedback/${round.id}`);
		expect(status).toBe(200);
		const stored = await db
			.selectFrom('feedback_responses')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('round_id', '=', round.id)
			.where('status', '!=', 'spam')
			.executeTakeFirstOrThrow();
		expect(body.results.responses).toBe(Number(stored.n));
		expect(body.questions.length).toBeGreaterThan(0);
	});

	it('keeps responses from anonymous callers and contact details from everyone', async () => {
		const { body: list } = await getJson(`/api/v1/projects/${projectId}/feedback`);
		const roundId = list.rounds.find((r: { responses: number }) => r.responses > 0).id;
		const anonymous = await getJson(`/api/v1/projects/${projectId}/feedback/${roundId}/responses`);
		expect(anonymous.status).toBe(401);
		const team = await getJson(`/api/v1/projects/${projectId}/feedback/${roundId}/responses`, memberCookie);
		expect(team.status).toBe(200);
		expect(team.body.responses.length).toBeGreaterThan(0);
		const contacts = await db.selectFrom('feedback_contacts').select(['phone', 'email']).execute();
		const text = JSON.stringify(team.body);
		for (const c of contacts) {
			if (c.phone) expect(text).not.toContain(c.phone);
			if (c.email) expect(text).not.toContain(c.email);
		}
	});

	it("does not serve a round through another project's path", async () => {
		const { body: list } = await getJson(`/api/v1/projects/${projectId}/feedback`);
		const { status } = await getJson(`/api/v1/projects/someotherproject/feedback/${list.rounds[0].id}`, memberCookie);
		expect(status).toBe(404);
	});

	it('reads a board of a published project only as the facilitator published it, and the live board for its team', async () => {
		const boards = await db.selectFrom('boards').select(['id', 'stage']).where('project_id', '=', projectId).execute();
		const ideate = boards.find((b) => b.stage === 'ideate')!.id;
		const anonymous = await getJson(`/api/v1/projects/${projectId}/boards/${ideate}`);
		expect(anonymous.status).toBe(200);
		// The demo published the "How might we …?" questions alone.
		expect(anonymous.body.sections.map((s: { key: string }) => s.key)).toEqual(['hmw']);
		expect(anonymous.body.notes).toHaveLength(3);
		expect(anonymous.body.notes.every((n: Record<string, unknown>) => !('author' in n) && !('created' in n))).toBe(true);
		for (const board of boards.filter((b) => b.stage !== 'ideate')) {
			expect((await getJson(`/api/v1/projects/${projectId}/boards/${board.id}`)).status).toBe(404);
		}
		const team = await getJson(`/api/v1/projects/${projectId}/boards/${ideate}`, memberCookie);
		expect(team.body.notes.length).toBeGreaterThan(3);
		expect(team.body.notes[0].author).toBeTruthy();
		expect((await getJson(`/api/v1/projects/${projectId}/boards/notaboardatall`)).status).toBe(404);
	});
});
