import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createApiToken } from '../../src/lib/server/auth/api-tokens.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeUser } from '../helpers/db.ts';
import { call, schemaValidator } from './api-helpers.ts';

/**
 * Walks /api/v1/openapi.json against the running server: the document is valid OpenAPI 3.1,
 * the routes on disk are exactly the documented paths, and every documented path answers every
 * documented status with a body its schema accepts. The demo gives it a published project with
 * boards, prototypes, rounds and responses.
 */
let server: AppServer;
let db: DB;
let doc: any;
let validate: ReturnType<typeof schemaValidator>;
let adminToken: string;
/** A real value for every path parameter, in the demo. */
const ids: Record<string, string> = {};

beforeAll(async () => {
	server = await startAppServer();
	db = openDatabase(server.databasePath);
	const project = await db.selectFrom('projects').select('id').executeTakeFirstOrThrow();
	ids.id = project.id;
	ids.boardId = (
		await db.selectFrom('board_publications').select('board_id').where('project_id', '=', project.id).executeTakeFirstOrThrow()
	).board_id;
	ids.prototypeId = (await db.selectFrom('prototypes').select('id').where('project_id', '=', project.id).executeTakeFirstOrThrow()).id;
	const round = await db
		.selectFrom('feedback_rounds')
		.innerJoin('feedback_responses', 'feedback_responses.round_id', 'feedback_rounds.id')
		.select('feedback_rounds.id')
		.executeTakeFirstOrThrow();
	ids.roundId = round.id;
	const admin = await db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow();
	adminToken = (await createApiToken(db, admin.id, { name: 'openapi walk', lifetimeDays: 30 })).secret;
	doc = (await call(server, '/api/v1/openapi.json')).body;
	validate = schemaValidator(doc);
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

const fill = (path: string, values: Record<string, string>) =>
	path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));

/** A value the parameter's schema refuses. */
function badValue(schema: any): string {
	if (schema.type === 'integer') return String(schema.maximum + 1);
	if (schema.enum) return 'not-one-of-them';
	return 'x'.repeat(schema.maxLength + 1);
}

function operations(): [string, any][] {
	return Object.entries(doc.paths).map(([path, item]: [string, any]) => [path, item.get]);
}

function jsonSchemaOf(operation: any, status: string) {
	return operation.responses[status].content['application/json'].schema;
}

describe('the OpenAPI document', () => {
	it("has schemas that refuse what the API does not answer (the validator resolves the document's references)", () => {
		const project = doc.paths['/api/v1/projects/{id}'].get;
		expect(validate(jsonSchemaOf(project, '200'), { project: { id: 1 } }).length).toBeGreaterThan(0);
		const list = doc.paths['/api/v1/projects'].get;
		const page = {
			projects: [{ id: 'x' }],
			pagination: { page: 1, limit: 1, total: 1, pages: 1 },
			links: { self: 'a', first: 'a', last: 'a', prev: null, next: null }
		};
		expect(validate(jsonSchemaOf(list, '200'), page).join()).toMatch(/title|format/);
	});

	it('is valid OpenAPI 3.1', async () => {
		const result = await new Validator().validate(doc);
		expect(result.errors ?? []).toEqual([]);
		expect(result.valid).toBe(true);
		expect(doc.openapi).toBe('3.1.0');
	});

	it('documents exactly the routes on disk under src/routes/api/v1', () => {
		const root = 'src/routes/api/v1';
		const found: string[] = [];
		const walk = (dir: string) => {
			for (const entry of readdirSync(dir, { withFileTypes: true })) {
				if (entry.isDirectory()) walk(join(dir, entry.name));
				else if (entry.name === '+server.ts') found.push(('/api/v1/' + relative(root, dir).split(sep).join('/')).replace(/\/$/, ''));
			}
		};
		walk(root);
		const routes = found.map((p) => p.replace(/\[(\w+)\]/g, '{$1}')).sort();
		expect(routes).toEqual(Object.keys(doc.paths).sort());
	});

	it('is answered in the language asked for', async () => {
		const en = await call(server, '/api/v1/openapi.json', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
		expect(en.body.info.title).toBe('Prachalab API');
		expect(doc.info.title).toBe('API ของประชาแล็บ');
	});
});

describe('every documented path and status', () => {
	it('answers 200 with a body its schema accepts, to the team (a token) and to the public', async () => {
		expect.hasAssertions();
		for (const [path, operation] of operations()) {
			for (const token of [adminToken, undefined]) {
				const answer = await call(server, fill(path, ids), { token });
				expect({ path, token: !!token, status: answer.status }).toEqual({
					path,
					token: !!token,
					status: path.endsWith('/responses') && !token ? 401 : 200
				});
				if (answer.status !== 200) continue;
				expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
				expect({ path, errors: validate(jsonSchemaOf(operation, '200'), answer.body) }).toEqual({ path, errors: [] });
			}
			// The schema is not a blank cheque: an empty object, or a body with one field of the wrong type, fails it.
			expect(validate(jsonSchemaOf(operation, '200'), {}).length).toBeGreaterThan(0);
		}
	});

	it('answers 304 with no body to a matching If-None-Match, and 200 again once the ETag is stale', async () => {
		expect.hasAssertions();
		for (const [path, operation] of operations()) {
			expect(operation.responses['304']).toBeDefined();
			const first = await call(server, fill(path, ids), { token: adminToken });
			const etag = first.headers.get('etag')!;
			expect(etag).toMatch(/^"[\w-]+"$/);
			const again = await call(server, fill(path, ids), { token: adminToken, headers: { 'if-none-match': etag } });
			expect({ path, status: again.status, text: again.text, etag: again.headers.get('etag') }).toEqual({ path, status: 304, text: '', etag });
			const stale = await call(server, fill(path, ids), { token: adminToken, headers: { 'if-none-match': '"stale"' } });
			expect(stale.status).toBe(200);
		}
	});

	it('answers 400 naming the parameter when a query parameter is outside its schema', async () => {
		expect.hasAssertions();
		for (const [path, operation] of operations()) {
			const query = operation.parameters.filter((p: any) => p.in === 'query');
			expect(Boolean(operation.responses['400'])).toBe(query.length > 0);
			for (const param of query) {
				const answer = await call(server, `${fill(path, ids)}?${param.name}=${encodeURIComponent(badValue(param.schema))}`, { token: adminToken });
				expect({ path, param: param.name, status: answer.status }).toEqual({ path, param: param.name, status: 400 });
				expect(validate(jsonSchemaOf(operation, '400'), answer.body)).toEqual([]);
				expect(answer.body.error.issues.map((i: any) => i.field)).toEqual([param.name]);
			}
		}
	});

	it('answers 401 with a JSON error and WWW-Authenticate to a token that is not one', async () => {
		expect.hasAssertions();
		// One character changed, never to itself: the old 'x' at the end matched a token that already ended in 'x'.
		const forged = `${adminToken.slice(0, -1)}${adminToken.endsWith('x') ? 'y' : 'x'}`;
		for (const [path, operation] of operations()) {
			for (const token of ['plt_nothing.here', forged]) {
				const answer = await call(server, fill(path, ids), { token });
				expect({ path, status: answer.status }).toEqual({ path, status: 401 });
				expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer /);
				expect(validate(jsonSchemaOf(operation, '401'), answer.body)).toEqual([]);
				expect(answer.body.error.code).toBe('invalid_token');
			}
		}
	});

	it('answers 404 with a JSON error when any id in the path leads nowhere', async () => {
		expect.hasAssertions();
		for (const [path, operation] of operations()) {
			const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
			expect(Boolean(operation.responses['404'])).toBe(names.length > 0);
			for (const name of names) {
				const answer = await call(server, fill(path, { ...ids, [name]: 'no-such-thing' }), { token: adminToken });
				expect({ path, name, status: answer.status }).toEqual({ path, name, status: 404 });
				expect(validate(jsonSchemaOf(operation, '404'), answer.body)).toEqual([]);
			}
		}
	});

	it('answers only statuses it documents, and documents each with a schema or none for 304', () => {
		for (const [, operation] of operations()) {
			for (const [status, response] of Object.entries<any>(operation.responses)) {
				expect(['200', '304', '400', '401', '404']).toContain(status);
				if (status === '304') expect(response.content).toBeUndefined();
				else expect(response.content['application/json'].schema).toBeDefined();
			}
		}
	});
});

describe('paths and methods the document does not have', () => {
	it('answer a JSON error in the caller language: unknown paths 404, other methods 405', async () => {
		const schema = doc.components.schemas.Error;
		for (const path of ['/api/v1/nothing', '/api/v1/projects/x/y/z/w', '/api/v1/projects/x/boards']) {
			const th = await call(server, path);
			expect(th.status).toBe(404);
			expect(th.headers.get('content-type')).toMatch(/^application\/json/);
			expect(validate(schema, th.body)).toEqual([]);
			expect(th.body.error).toEqual({ code: 'not_found', message: 'ไม่พบสิ่งที่คุณต้องการ' });
			const en = await call(server, path, { headers: { 'accept-language': 'en' } });
			expect(en.body.error.message).toBe('We could not find what you asked for');
			const cookie = await call(server, path, { cookie: 'lang=en' });
			expect(cookie.body.error.message).toBe('We could not find what you asked for');
		}
		const post = await call(server, '/api/v1/projects', { method: 'POST', headers: { 'accept-language': 'en' } });
		expect(post.status).toBe(405);
		expect(post.body.error.code).toBe('method_not_allowed');
		expect(post.headers.get('allow')).toContain('GET');
	});

	it('answer errors in English when Accept-Language prefers it over the Thai of the cookie', async () => {
		const answer = await call(server, '/api/v1/projects?limit=0', { cookie: 'lang=th', headers: { 'accept-language': 'en-US,th;q=0.5' } });
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toBe('limit must be a whole number from 1 to 200.');
	});
});

describe('pagination', () => {
	it('pages through every project with page and limit, links and a Link header', async () => {
		const facilitator = await makeUser(db, 'facilitator');
		const cookie = `session=${(await createSession(db, facilitator.id)).token}`;
		const { createProject } = await import('../../src/lib/server/projects/projects.ts');
		for (let i = 0; i < 4; i++) {
			await createProject(db, { title: `โครงการทดสอบหน้า ${i}`, challenge: 'โจทย์สำหรับทดสอบการแบ่งหน้า', agency: 'กรมทดสอบ', tags: '' }, facilitator);
		}
		const seen: string[] = [];
		let next: string | null = '/api/v1/projects?limit=2';
		let pages = 0;
		while (next) {
			const answer = await call(server, next.replace(server.url, ''), { cookie });
			expect(answer.status).toBe(200);
			expect(answer.body.projects.length).toBeLessThanOrEqual(2);
			seen.push(...answer.body.projects.map((p: { id: string }) => p.id));
			if (answer.body.links.next) expect(answer.headers.get('link')).toContain(`<${answer.body.links.next}>; rel="next"`);
			next = answer.body.links.next;
			pages += 1;
		}
		const first = await call(server, '/api/v1/projects?limit=2', { cookie });
		expect(first.body.pagination).toEqual({ page: 1, limit: 2, total: seen.length, pages: Math.ceil(seen.length / 2) });
		expect(pages).toBe(first.body.pagination.pages);
		expect(new Set(seen).size).toBe(seen.length);
		expect(seen.length).toBe(5);
		const past = await call(server, '/api/v1/projects?limit=2&page=9', { cookie });
		expect(past.body.projects).toEqual([]);
		expect(past.body.links.prev).toBe(`${server.url}/api/v1/projects?limit=2&page=${first.body.pagination.pages}`);
	});
});
