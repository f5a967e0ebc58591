import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createProject } from '../../src/lib/server/projects/projects.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeUser } from '../helpers/db.ts';
import { client } from '../helpers/http.ts';

/** Against the demo (published project, prototypes, feedback with contacts and free text). */
let server: AppServer;
let db: DB;
let demoId: string;
let privateId: string;

beforeAll(async () => {
	server = await startAppServer();
	db = openDatabase(server.databasePath);
	demoId = (await db.selectFrom('projects').select('id').where('visibility', '=', 'published').executeTakeFirstOrThrow()).id;
	privateId = (
		await createProject(
			db,
			{ title: 'ยังไม่เผยแพร่', challenge: 'โจทย์ภายในที่ยังไม่เปิดเผย', agency: 'กรมทดสอบ', tags: '' },
			await makeUser(db, 'facilitator')
		)
	).id;
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

const DATASETS = ['projects', 'stages', 'prototypes', 'feedback'];

describe('open data', () => {
	it('serves every published project as CSV with a BOM, so Excel reads the Thai', async () => {
		const response = await client(server).get('/open/projects.csv');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		expect(text).toContain('ลดเวลารอคิวที่สำนักงานเขต');
		expect(text).not.toContain('ยังไม่เผยแพร่');
	});

	it('serves each dataset of a published project as CSV and JSON with the same columns', async () => {
		for (const name of DATASETS) {
			const csv = await (await client(server).get(`/open/${demoId}/${name}.csv`)).text();
			const json = (await (await client(server).get(`/open/${demoId}/${name}.json`)).json()) as { columns: string[]; rows: unknown[] };
			expect(csv.replace('\uFEFF', '').split('\r\n')[0]).toBe(json.columns.join(','));
			expect(json.rows.length, name).toBeGreaterThan(0);
		}
	});

	it('publishes feedback as counts that add up to the responses, never as words', async () => {
		const json = (await (await client(server).get(`/open/${demoId}/feedback.json`)).json()) as { rows: Record<string, any>[] };
		const totals = json.rows.filter((r) => r.question_kind === 'responses');
		const spamless = await db
			.selectFrom('feedback_responses')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('status', '!=', 'spam')
			.executeTakeFirstOrThrow();
		expect(totals.reduce((sum, r) => sum + Number(r.count), 0)).toBe(Number(spamless.n));
	});

	it('never lets personal data out: no names, contacts or free-text answers in any dataset', async () => {
		const contacts = await db.selectFrom('feedback_contacts').select(['name', 'phone', 'email']).execute();
		const texts = await db.selectFrom('feedback_answers').select('text').where('text', 'is not', null).where('text', '!=', '').execute();
		const people = await db.selectFrom('users').select(['name', 'email']).execute();
		const secrets = [
			...contacts.flatMap((c) => [c.name, c.phone, c.email]),
			...texts.map((t) => t.text!),
			...people.flatMap((p) => [p.name, p.email])
		].filter((s) => s && s.length >= 4);
		expect(texts.length).toBeGreaterThan(0);
		for (const name of DATASETS) {
			for (const format of ['csv', 'json']) {
				const body = await (await client(server).get(`/open/${demoId}/${name}.${format}`)).text();
				const decoded = format === 'json' ? JSON.stringify(JSON.parse(body)) : body;
				for (const secret of secrets) expect(decoded, `${name}.${format}`).not.toContain(secret);
			}
		}
	});

	it('answers 404 for an unpublished project, an unknown dataset or format', async () => {
		expect((await client(server).get(`/open/${privateId}/prototypes.csv`)).status).toBe(404);
		expect((await client(server).get(`/open/${privateId}`)).status).toBe(404);
		expect((await client(server).get(`/open/${demoId}/users.csv`)).status).toBe(404);
		expect((await client(server).get(`/open/${demoId}/feedback.xlsx`)).status).toBe(404);
	});

	it('shows the published project page to anyone, with download links', async () => {
		const html = await (await client(server).get(`/open/${demoId}`)).text();
		expect(html).toContain('ดาวน์โหลดข้อมูลเปิด');
		expect(html).toContain(`/open/${demoId}/feedback.csv`);
	});
});
