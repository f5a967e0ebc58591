import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createProject } from '../../src/lib/server/projects/projects.ts';
import { createPrototype } from '../../src/lib/server/prototypes/prototypes.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeUser } from '../helpers/db.ts';
import { client } from '../helpers/http.ts';

let server: AppServer;
let db: DB;
let privateId: string;
let publishedId: string;
let memberCookie: string;
let outsiderCookie: string;
let prototypeId: string;

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);
	const facilitator = await makeUser(db, 'facilitator', 'สมชาย ทดสอบ');
	const outsider = await makeUser(db, 'member');
	privateId = (
		await createProject(db, { title: 'โครงการภายใน', challenge: 'โจทย์ที่ยังไม่เปิดเผยต่อสาธารณะ', agency: 'กรมหนึ่ง', tags: 'ภายใน' }, facilitator)
	).id;
	publishedId = (
		await createProject(
			db,
			{ title: 'โครงการเปิดเผย', challenge: 'โจทย์ที่ทุกคนอ่านได้เพื่อความโปร่งใส', agency: 'กรมสอง', tags: 'เปิด', visibility: 'published' },
			facilitator
		)
	).id;
	prototypeId = (
		await createPrototype(
			db,
			publishedId,
			{
				title: 'บัตรคิวล่วงหน้าทางโทรศัพท์',
				summary: 'โทรจองคิวก่อนมา',
				audience: 'ผู้สูงอายุ',
				learningGoal: 'คนจะโทรจองไหม',
				owner: facilitator.id,
				fidelity: 'paper',
				tags: ''
			},
			facilitator
		)
	).id;
	memberCookie = `session=${(await createSession(db, facilitator.id)).token}`;
	outsiderCookie = `session=${(await createSession(db, outsider.id)).token}`;
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

const getJson = async (path: string, cookie = '') => {
	const response = await client(server, cookie).get(path, { accept: 'application/json' });
	return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, any> };
};

describe('the JSON API', () => {
	it('documents itself at /api/v1', async () => {
		const { status, body } = await getJson('/api/v1');
		expect(status).toBe(200);
		expect(body.endpoints.map((e: { path: string }) => e.path)).toContain('/api/v1/projects/{id}');
	});

	it('lists only published projects to anonymous callers, with no people in them', async () => {
		const { status, body } = await getJson('/api/v1/projects');
		expect(status).toBe(200);
		expect(body.projects.map((p: { id: string }) => p.id)).toEqual([publishedId]);
		const detail = await getJson(`/api/v1/projects/${publishedId}`);
		expect(detail.body.project.title).toBe('โครงการเปิดเผย');
		expect(detail.body.team).toBeUndefined();
		expect(JSON.stringify(detail.body)).not.toContain('สมชาย');
	});

	it('answers 404 with a JSON error for a private project, anonymous or outsider', async () => {
		for (const cookie of ['', outsiderCookie]) {
			const { status, body } = await getJson(`/api/v1/projects/${privateId}`, cookie);
			expect(status).toBe(404);
			expect(body.error.code).toBe('not_found');
		}
	});

	it('gives a team member the private project with its team and history', async () => {
		const { status, body } = await getJson(`/api/v1/projects/${privateId}`, memberCookie);
		expect(status).toBe(200);
		expect(body.team.map((t: { name: string }) => t.name)).toEqual(['สมชาย ทดสอบ']);
		expect(body.stageHistory[0]).toMatchObject({ toStage: 'empathize', changedByName: 'สมชาย ทดสอบ' });
		expect(body.boards.map((b: { stage: string }) => b.stage)).toEqual(['empathize', 'ideate', 'prototype', 'test', 'implement']);
	});

	it('filters the list by search words, stage and agency', async () => {
		expect((await getJson('/api/v1/projects?q=ภายใน', memberCookie)).body.projects.map((p: { id: string }) => p.id)).toEqual([privateId]);
		expect((await getJson('/api/v1/projects?agency=กรมสอง', memberCookie)).body.projects.map((p: { id: string }) => p.id)).toEqual([publishedId]);
		expect((await getJson('/api/v1/projects?stage=test', memberCookie)).body.projects).toEqual([]);
	});

	it("gives the public a published project's prototypes without their owners", async () => {
		const list = await getJson(`/api/v1/projects/${publishedId}/prototypes`);
		expect(list.status).toBe(200);
		expect(list.body.prototypes).toHaveLength(1);
		expect(list.body.prototypes[0]).toMatchObject({ id: prototypeId, status: 'idea', fidelity: 'paper' });
		expect(list.body.prototypes[0].ownerName).toBeUndefined();
		const detail = await getJson(`/api/v1/projects/${publishedId}/prototypes/${prototypeId}`);
		expect(detail.status).toBe(200);
		expect(detail.body.timeline[0]).toMatchObject({ kind: 'status', to: 'idea' });
		expect(JSON.stringify(detail.body)).not.toContain('สมชาย');
		const signedIn = await getJson(`/api/v1/projects/${publishedId}/prototypes/${prototypeId}`, memberCookie);
		expect(signedIn.body.prototype.ownerName).toBe('สมชาย ทดสอบ');
	});

	it("does not serve a prototype through another project's path", async () => {
		const { status } = await getJson(`/api/v1/projects/${privateId}/prototypes/${prototypeId}`, memberCookie);
		expect(status).toBe(404);
	});
});
