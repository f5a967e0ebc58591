import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createProject } from '../../src/lib/server/projects/projects.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import { createPrototype } from '../../src/lib/server/prototypes/prototypes.ts';
import { addVersion } from '../../src/lib/server/prototypes/versions.ts';
import { createFileBlobStore } from '../../src/lib/server/files/blob-store.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeUser } from '../helpers/db.ts';
import { accessOutcome, client, type AccessOutcome } from '../helpers/http.ts';

/**
 * The prototype routes and the portfolio over real HTTP against the production build: who may
 * read and change what, what a refused change leaves behind (nothing), how attachments are
 * served, and the CSV export.
 */
type Outcome = AccessOutcome;
type Actor = 'anonymous' | 'admin' | 'teamFacilitator' | 'teamMember' | 'teamViewer' | 'official' | 'outsiderMember' | 'outsiderFacilitator';

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
const edit: Record<Actor, Outcome> = { ...view, teamViewer: 403, official: 403 };
// Facilitators see the portfolio of their own projects (an outsider's is empty, not refused).
const portfolio: Record<Actor, Outcome> = {
	anonymous: 'login',
	admin: 'ok',
	official: 'ok',
	teamFacilitator: 'ok',
	teamMember: 403,
	teamViewer: 403,
	outsiderMember: 403,
	outsiderFacilitator: 'ok'
};

interface Route {
	name: string;
	method: 'GET' | 'POST';
	path: (ctx: Ctx) => string;
	fields?: (ctx: Ctx) => Record<string, string>;
	expect: Record<Actor, Outcome>;
}
interface Ctx {
	projectId: string;
	prototypeId: string;
	versionId: string;
	attachmentId: string;
}

const P = (c: Ctx) => `/projects/${c.projectId}/prototypes`;
const ONE = (c: Ctx) => `${P(c)}/${c.prototypeId}`;

const ROUTES: Route[] = [
	{ name: 'prototype list', method: 'GET', path: P, expect: view },
	{ name: 'prototype page', method: 'GET', path: ONE, expect: view },
	{ name: 'attachment', method: 'GET', path: (c) => `${ONE(c)}/files/${c.attachmentId}`, expect: view },
	{ name: 'new prototype page', method: 'GET', path: (c) => `${P(c)}/new`, expect: edit },
	{ name: 'edit page', method: 'GET', path: (c) => `${ONE(c)}/edit`, expect: edit },
	{
		name: 'create a prototype',
		method: 'POST',
		path: (c) => `${P(c)}/new`,
		fields: () => ({ title: 'x', summary: '', audience: '', learning_goal: '', fidelity: 'paper' }),
		expect: edit
	},
	{ name: 'edit details', method: 'POST', path: (c) => `${ONE(c)}/edit`, fields: () => ({ title: 'x' }), expect: edit },
	{ name: 'change status', method: 'POST', path: (c) => `${ONE(c)}?/status`, fields: () => ({ to: 'scaled', reason: 'ข้ามขั้น' }), expect: edit },
	{ name: 'add a version', method: 'POST', path: (c) => `${ONE(c)}?/version`, fields: () => ({ changes: '', rationale: '' }), expect: edit },
	{
		name: 'save a test plan',
		method: 'POST',
		path: (c) => `${ONE(c)}?/plan`,
		fields: (c) => ({ version: c.versionId, hypotheses: '' }),
		expect: edit
	},
	{
		name: 'record a decision',
		method: 'POST',
		path: (c) => `${ONE(c)}?/decision`,
		fields: () => ({ outcome: 'scale', rationale: 'สั้น' }),
		expect: edit
	},
	{
		name: 'remove an attachment',
		method: 'POST',
		path: (c) => `${ONE(c)}?/removeAttachment`,
		fields: () => ({ attachment: 'not-this-one' }),
		expect: edit
	},
	{ name: 'link ideas', method: 'POST', path: (c) => `${ONE(c)}?/link`, fields: () => ({}), expect: edit },
	{ name: 'unlink an idea', method: 'POST', path: (c) => `${ONE(c)}?/unlink`, fields: () => ({ link: 'nothing' }), expect: edit },
	{ name: 'portfolio', method: 'GET', path: () => '/portfolio', expect: portfolio },
	{ name: 'portfolio CSV', method: 'GET', path: () => '/portfolio/export.csv', expect: portfolio }
];

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);

let server: AppServer;
let db: DB;
const ctx: Ctx = { projectId: '', prototypeId: '', versionId: '', attachmentId: '' };
const cookies = {} as Record<Actor, string>;
let attachmentsDir: string;

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);
	attachmentsDir = server.attachmentsDir;
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
	ctx.prototypeId = (
		await createPrototype(
			db,
			project.id,
			{
				title: '=สูตรอันตราย',
				summary: 'ต้นแบบสำหรับทดสอบสิทธิ์',
				audience: 'ประชาชน',
				learningGoal: 'ใครทำอะไรได้บ้าง',
				owner: '',
				fidelity: 'paper',
				tags: 'ทดสอบ'
			},
			people.teamFacilitator
		)
	).id;
	const png = new File([PNG as BlobPart], 'ภาพหน้าจอ "1".png');
	ctx.versionId = (
		await addVersion(db, ctx.prototypeId, { changes: 'รุ่นแรก', rationale: 'เริ่มต้น' }, [png], {
			blobs: createFileBlobStore(attachmentsDir),
			userId: people.teamFacilitator.id
		})
	).id;
	ctx.attachmentId = (await db.selectFrom('prototype_attachments').select('id').executeTakeFirstOrThrow()).id;
	cookies.anonymous = '';
	for (const [actor, user] of Object.entries(people)) cookies[actor as Actor] = `session=${(await createSession(db, user.id)).token}`;
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

/** Everything a prototype action could change. */
async function fingerprint(): Promise<string> {
	const tables = [
		'prototypes',
		'prototype_tags',
		'prototype_status_changes',
		'prototype_versions',
		'prototype_attachments',
		'prototype_test_plans',
		'prototype_decisions',
		'prototype_decision_evidence',
		'prototype_idea_links'
	] as const;
	const rows: Record<string, unknown> = {};
	for (const table of tables) rows[table] = await db.selectFrom(table).selectAll().execute();
	return JSON.stringify({ rows, files: readdirSync(attachmentsDir).sort() });
}

/** HTML text as read: the entities a page may use for quotes, undone. */
const unescape = (html: string) => html.replaceAll('&quot;', '"').replaceAll('&#34;', '"');

const ACTORS = Object.keys(view) as Actor[];
const cases = ROUTES.flatMap((route) => ACTORS.map((actor) => ({ route, actor, expected: route.expect[actor] })));

describe('authorization of every prototype and portfolio route', () => {
	it.each(cases)('$route.name ($route.method) as $actor → $expected', async ({ route, actor, expected }) => {
		const http = client(server, cookies[actor]);
		const before = await fingerprint();
		const response = route.method === 'GET' ? await http.get(route.path(ctx)) : await http.post(route.path(ctx), route.fields!(ctx));
		expect(accessOutcome(response)).toBe(expected);
		// Refused or invalid, a POST changes nothing (the test inputs are all invalid).
		if (route.method === 'POST') expect(await fingerprint()).toBe(before);
	});

	it('answers 404 for a prototype of another project, even to its facilitator', async () => {
		const other = await createProject(
			db,
			{ title: 'อีกโครงการ', challenge: 'โจทย์ของอีกโครงการหนึ่ง', agency: 'กรม', tags: '' },
			(await db.selectFrom('users').select(['id', 'email', 'name', 'role']).where('role', '=', 'admin').executeTakeFirstOrThrow()) as never
		);
		const response = await client(server, cookies.teamFacilitator).get(`/projects/${other.id}/prototypes/${ctx.prototypeId}`);
		expect(response.status).toBe(404);
		const crossed = await client(server, cookies.admin).get(`/projects/${other.id}/prototypes/${ctx.prototypeId}`);
		expect(crossed.status).toBe(404);
	});
});

describe('refusals over HTTP', () => {
	it('refuses an illegal move with a clear message in Thai, and in English for an English reader', async () => {
		const http = client(server, cookies.teamMember);
		const th = await http.post(`${ONE(ctx)}?/status`, { to: 'scaled', reason: 'ข้ามขั้นตอน' });
		expect(th.status).toBe(400);
		expect(unescape(await th.text())).toContain('ย้ายต้นแบบจาก "ไอเดีย" ไป "ขยายผลแล้ว" ไม่ได้ จากสถานะ "ไอเดีย" ย้ายได้เฉพาะไป: กำลังสร้าง, ยุติ');
		const en = await client(server, `${cookies.teamMember}; lang=en`).post(`${ONE(ctx)}?/status`, { to: 'scaled', reason: 'skip ahead' });
		expect(unescape(await en.text())).toContain('A prototype cannot move from "Idea" to "Scaled". From "Idea" it can move to: Building, Dropped');
	});

	async function upload(file: File, fields: Record<string, string> = { changes: 'รุ่นสอง', rationale: 'แก้ตามผลทดสอบ' }) {
		const body = new FormData();
		for (const [k, v] of Object.entries(fields)) body.set(k, v);
		body.append('files', file);
		return fetch(`${server.url}${ONE(ctx)}?/version`, {
			method: 'POST',
			headers: { cookie: cookies.teamMember, origin: server.url, accept: 'text/html' },
			body,
			redirect: 'manual'
		});
	}

	it('refuses a renamed executable and stores nothing', async () => {
		const before = await fingerprint();
		const response = await upload(new File([EXE as BlobPart], 'รูป.png', { type: 'image/png' }));
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('ไม่ใช่รูปภาพหรือ PDF');
		expect(await fingerprint()).toBe(before);
	});

	it('refuses a file over the 10 MB limit, with a message, and stores nothing', async () => {
		const before = await fingerprint();
		const big = new Uint8Array(11 * 1024 * 1024);
		big.set(PNG);
		const response = await upload(new File([big as BlobPart], 'ใหญ่.png'));
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('ใหญ่เกินไป ได้ไม่เกิน 10 MB');
		expect(await fingerprint()).toBe(before);
	});

	it('refuses a whole upload larger than the server takes while reading it, and stores nothing', async () => {
		const before = await fingerprint();
		// Over the server's 25 MB body limit (server/index.ts): refused while the body is read.
		const big = new Uint8Array(26 * 1024 * 1024);
		big.set(PNG);
		const response = await upload(new File([big as BlobPart], 'ใหญ่มาก.png'));
		expect(response.status).toBe(413);
		expect(await response.text()).toContain('ใหญ่เกินไป');
		expect(await fingerprint()).toBe(before);
	});

	it('adds a version with a real image, over multipart', async () => {
		const response = await upload(new File([PNG as BlobPart], 'หน้าจอ.png'));
		expect(response.status).toBe(200);
		const versions = await db
			.selectFrom('prototype_versions')
			.select('number')
			.where('prototype_id', '=', ctx.prototypeId)
			.orderBy('number')
			.execute();
		expect(versions.map((v) => v.number)).toEqual([1, 2]);
	});
});

describe('serving attachments', () => {
	it('serves an image inline with its sniffed type and headers that keep it inert', async () => {
		const response = await client(server, cookies.official).get(`${ONE(ctx)}/files/${ctx.attachmentId}`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('image/png');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
		expect(response.headers.get('content-security-policy')).toContain('sandbox');
		// The uploaded name is data: quotes are dropped, Thai is kept in the RFC 5987 form.
		expect(response.headers.get('content-disposition')).toBe(
			`inline; filename="_________ 1.png"; filename*=UTF-8''${encodeURIComponent('ภาพหน้าจอ 1.png')}`
		);
		expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG);
	});

	it('offers it as a download when asked', async () => {
		const response = await client(server, cookies.official).get(`${ONE(ctx)}/files/${ctx.attachmentId}?download`);
		expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
	});

	it('stores files under generated names in its attachments folder, never the uploaded name', () => {
		expect(readdirSync(attachmentsDir).length).toBeGreaterThan(0);
		for (const name of readdirSync(attachmentsDir)) expect(name).toMatch(/^[a-z2-9]{24}\.(png|pdf|jpg|gif|webp)$/);
	});

	it('answers 404 for an attachment of another prototype', async () => {
		const other = await createPrototype(
			db,
			ctx.projectId,
			{ title: 'อีกต้นแบบ', summary: 'ต้นแบบอีกชิ้นหนึ่ง', audience: 'ทุกคน', learningGoal: 'ไม่มีอะไรจะเรียนรู้', owner: '', fidelity: 'sketch', tags: '' },
			{ id: (await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()).id, email: '', name: '', role: 'admin' }
		);
		const response = await client(server, cookies.admin).get(`${P(ctx)}/${other.id}/files/${ctx.attachmentId}`);
		expect(response.status).toBe(404);
	});
});

describe('the portfolio CSV export', () => {
	it('is UTF-8 with a BOM, in the reader’s language, with formula-like cells neutralised', async () => {
		const response = await client(server, cookies.official).get('/portfolio/export.csv');
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="prachalab-portfolio-\d{4}-\d{2}-\d{2}\.csv"/);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		// TextDecoder drops the BOM it has just been shown.
		const text = new TextDecoder().decode(bytes);
		const [header, ...rows] = text.trimEnd().split('\r\n');
		expect(header?.split(',').slice(0, 5)).toEqual(['ชื่อต้นแบบ', 'โครงการ', 'หน่วยงานเจ้าของ', 'ขั้นตอน', 'สถานะ']);
		const row = rows.find((r) => r.includes('สูตรอันตราย'));
		expect(row?.startsWith("'=สูตรอันตราย,")).toBe(true);
		expect(row).toContain('ไอเดีย');
	});

	it('exports only what the filters show', async () => {
		const text = await (await client(server, cookies.official).get('/portfolio/export.csv?status=scaled')).text();
		expect(text.trimEnd().split('\r\n')).toHaveLength(1);
	});
});
