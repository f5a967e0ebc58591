import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createApiToken, revokeApiToken } from '../../src/lib/server/auth/api-tokens.ts';
import { setUserDisabled } from '../../src/lib/server/auth/users.ts';
import type { Role } from '../../src/lib/domain/roles.ts';
import type { ProjectRole } from '../../src/lib/domain/stages.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeUser } from '../helpers/db.ts';
import { client } from '../helpers/http.ts';
import { call } from './api-helpers.ts';

/**
 * Who gets what from /api/v1, checked against what the API says of itself: for every kind of
 * caller named in the document's audiences, on the demo project published and unpublished, each
 * endpoint answers the view its documented audience promises. And personal API tokens: a token
 * sees exactly what its owner's session sees, never writes, counts nowhere but /api/v1, and
 * stops at its expiry, its revocation or its owner's disabling.
 */
let server: AppServer;
let db: DB;
let doc: any;
const ids: Record<string, string> = {};
/** Per caller kind (`anonymous`, `account:ROLE`, `team:ROLE`): its session cookie and a token of the same account. */
const callers: Record<string, { cookie?: string; token?: string; userId?: string }> = { anonymous: {} };

async function addCaller(kind: string, role: Role, teamRole: ProjectRole | null) {
	const user = await makeUser(db, role);
	if (teamRole)
		await db
			.insertInto('project_members')
			.values({ project_id: ids.id!, user_id: user.id, role: teamRole, added_by: null, added_at: Date.now() })
			.execute();
	const cookie = `session=${(await createSession(db, user.id)).token}`;
	const token = (await createApiToken(db, user.id, { name: kind, lifetimeDays: 30 })).secret;
	callers[kind] = { cookie, token, userId: user.id };
}

beforeAll(async () => {
	server = await startAppServer();
	db = openDatabase(server.databasePath);
	ids.id = (await db.selectFrom('projects').select('id').executeTakeFirstOrThrow()).id;
	ids.boardId = (await db.selectFrom('board_publications').select('board_id').where('project_id', '=', ids.id).executeTakeFirstOrThrow()).board_id;
	ids.prototypeId = (await db.selectFrom('prototypes').select('id').where('project_id', '=', ids.id).executeTakeFirstOrThrow()).id;
	ids.roundId = (
		await db
			.selectFrom('feedback_rounds')
			.innerJoin('feedback_responses', 'feedback_responses.round_id', 'feedback_rounds.id')
			.select('feedback_rounds.id')
			.executeTakeFirstOrThrow()
	).id;
	for (const role of ['admin', 'facilitator', 'official', 'member'] as const) await addCaller(`account:${role}`, role, null);
	for (const teamRole of ['viewer', 'member', 'facilitator'] as const) await addCaller(`team:${teamRole}`, 'member', teamRole);
	doc = (await call(server, '/api/v1/openapi.json')).body;
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]!);

/** Which view an answer is: the team's or the public's (null where both are the same). */
const VIEW_OF: Record<string, (body: any) => 'team' | 'public' | null> = {
	getIndex: () => null,
	getOpenApiDocument: () => null,
	getProject: (body) => ('team' in body ? 'team' : 'public'),
	getBoard: (body) => ('published' in body ? 'public' : 'team'),
	listPrototypes: (body) => ('ownerId' in body.prototypes[0] ? 'team' : 'public'),
	getPrototype: (body) => ('ownerId' in body.prototype ? 'team' : 'public'),
	listFeedbackRounds: () => null,
	getFeedbackRound: () => null,
	listFeedbackResponses: () => 'team'
};

async function setPublished(published: boolean) {
	await db
		.updateTable('projects')
		.set({ visibility: published ? 'published' : 'private' })
		.where('id', '=', ids.id!)
		.execute();
}

describe('the audiences the API documents', () => {
	it('name every kind of caller once per endpoint, and never say "team only" of what other accounts may read', () => {
		for (const item of Object.values<any>(doc.paths)) {
			const who = item.get['x-audience'].flatMap((g: any) => g.who).sort();
			expect(who).toEqual(Object.keys(callers).sort());
		}
		const project = doc.paths['/api/v1/projects/{id}'].get['x-audience'];
		const full = project.find((g: any) => g.published === 'team');
		// An official or an admin reads every project whole, without a place on its team.
		expect(full.who).toEqual(expect.arrayContaining(['account:official', 'account:admin', 'team:viewer']));
		const responses = doc.paths['/api/v1/projects/{id}/feedback/{roundId}/responses'].get['x-audience'];
		expect(responses.find((g: any) => g.published === 'team').who.sort()).toEqual([
			'account:admin',
			'team:facilitator',
			'team:member',
			'team:viewer'
		]);
	});

	for (const published of [true, false]) {
		it(`are what every endpoint gives every caller, on a ${published ? 'published' : 'private'} project (sessions and tokens alike)`, async () => {
			await setPublished(published);
			try {
				for (const [path, item] of Object.entries<any>(doc.paths)) {
					const operation = item.get;
					for (const group of operation['x-audience']) {
						const promised = published ? group.published : group.unpublished;
						for (const who of group.who as string[]) {
							for (const credential of ['cookie', 'token'] as const) {
								const caller = callers[who]!;
								if (who !== 'anonymous' && !caller[credential]) throw new Error(`no ${credential} for ${who}`);
								const answer = await call(server, fill(path), { [credential]: caller[credential] });
								if (operation.operationId === 'listProjects') {
									// A list has no "none": the project is listed to those who see it, or left out.
									const listed = answer.body.projects.some((p: { id: string }) => p.id === ids.id);
									const shown = promised === 'team' || (promised === 'public' && published);
									expect({ path, who, credential, listed }).toEqual({ path, who, credential, listed: shown });
									continue;
								}
								const seen =
									answer.status === 200
										? (VIEW_OF[operation.operationId]!(answer.body) ?? promised)
										: answer.status === 404 || answer.status === 401
											? 'none'
											: answer.status;
								expect({ path, who, credential, seen }).toEqual({ path, who, credential, seen: promised });
							}
						}
					}
				}
			} finally {
				await setPublished(true);
			}
		});
	}
});

describe('a personal API token', () => {
	it('sees exactly what its owner’s session sees, on every endpoint', async () => {
		expect.hasAssertions();
		for (const [kind, caller] of Object.entries(callers)) {
			if (kind === 'anonymous') continue;
			for (const path of Object.keys(doc.paths)) {
				const bySession = await call(server, fill(path), { cookie: caller.cookie });
				const byToken = await call(server, fill(path), { token: caller.token });
				expect({ kind, path, status: byToken.status, body: byToken.body }).toEqual({ kind, path, status: bySession.status, body: bySession.body });
			}
		}
	});

	it('never writes: anything but a read is refused with 403, whatever the path', async () => {
		const { token } = callers['team:facilitator']!;
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
			for (const path of ['/api/v1/projects', `/api/v1/projects/${ids.id}`, '/api/v1/nothing']) {
				const answer = await call(server, path, { token, method, headers: { 'accept-language': 'en' } });
				expect({ method, path, status: answer.status, code: answer.body.error.code }).toEqual({ method, path, status: 403, code: 'read_only_token' });
			}
		}
	});

	it('counts nowhere but /api/v1: pages, forms, open data and the collab socket treat it as no one', async () => {
		const { token } = callers['team:facilitator']!;
		const headers = { authorization: `Bearer ${token}` };
		const page = await fetch(`${server.url}/projects/${ids.id}`, { headers, redirect: 'manual' });
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toMatch(/^\/(login|open)/);
		const form = await fetch(`${server.url}/projects/new`, {
			method: 'POST',
			headers: { ...headers, origin: server.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: 'title=x',
			redirect: 'manual'
		});
		expect(form.status).toBe(303);
		expect(form.headers.get('location')).toMatch(/^\/login/);
		const board = await db.selectFrom('boards').select('id').where('project_id', '=', ids.id!).executeTakeFirstOrThrow();
		const refused = await new Promise<number>((resolve) => {
			const socket = new WebSocket(`ws://localhost:${server.port}/collab/${board.id}`, { headers: { ...headers, origin: server.url } });
			socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
			socket.on('open', () => {
				socket.close();
				resolve(101);
			});
		});
		expect(refused).toBe(401);
	});

	it('stops at its expiry, when revoked, and when its owner is disabled; its last use is recorded', async () => {
		const owner = await makeUser(db, 'official');
		const path = `/api/v1/projects/${ids.id}`;
		const made = await createApiToken(db, owner.id, { name: 'dashboard', lifetimeDays: 30 });
		expect(
			(await db.selectFrom('api_tokens').select('last_used_at').where('id', '=', made.token.id).executeTakeFirstOrThrow()).last_used_at
		).toBeNull();
		expect((await call(server, path, { token: made.secret })).status).toBe(200);
		const used = await db.selectFrom('api_tokens').select('last_used_at').where('id', '=', made.token.id).executeTakeFirstOrThrow();
		expect(used.last_used_at).toBeGreaterThan(Date.now() - 60_000);

		await db
			.updateTable('api_tokens')
			.set({ expires_at: Date.now() - 1 })
			.where('id', '=', made.token.id)
			.execute();
		expect((await call(server, path, { token: made.secret })).status).toBe(401);
		await db
			.updateTable('api_tokens')
			.set({ expires_at: Date.now() + 60_000 })
			.where('id', '=', made.token.id)
			.execute();
		expect((await call(server, path, { token: made.secret })).status).toBe(200);

		await setUserDisabled(db, owner.id, true);
		expect((await call(server, path, { token: made.secret })).status).toBe(401);
		await setUserDisabled(db, owner.id, false);
		expect((await call(server, path, { token: made.secret })).status).toBe(200);

		expect(await revokeApiToken(db, callers['account:admin']!.userId!, made.token.id)).toBe(false);
		expect(await revokeApiToken(db, owner.id, made.token.id)).toBe(true);
		const revoked = await call(server, path, { token: made.secret, headers: { 'accept-language': 'en' } });
		expect(revoked.status).toBe(401);
		expect(revoked.body.error).toEqual({ code: 'invalid_token', message: 'The API token is not valid, has expired or was revoked.' });
	});

	it('ends, with every other token of its owner, when the owner changes their password', async () => {
		const owner = await makeUser(db, 'member');
		const other = await makeUser(db, 'member');
		const path = `/api/v1/projects/${ids.id}`;
		const tokens = [
			(await createApiToken(db, owner.id, { name: 'one', lifetimeDays: 30 })).secret,
			(await createApiToken(db, owner.id, { name: 'two', lifetimeDays: 365 })).secret
		];
		const othersToken = (await createApiToken(db, other.id, { name: 'theirs', lifetimeDays: 30 })).secret;
		for (const token of tokens) expect((await call(server, path, { token })).status).toBe(200);

		const cookie = `session=${(await createSession(db, owner.id)).token}`;
		const changed = await client(server, cookie).post('/account?/password', { current: owner.password, password: 'a wholly new horse staple 77' });
		expect(changed.status).toBe(200);
		expect(await changed.text()).not.toContain('aria-invalid="true"');

		for (const token of tokens) expect((await call(server, path, { token })).status).toBe(401);
		expect((await call(server, path, { token: othersToken })).status).toBe(200);
		expect(await db.selectFrom('api_tokens').select('id').where('user_id', '=', owner.id).execute()).toEqual([]);
	});

	it('is stored only as a hash of its secret', async () => {
		const owner = await makeUser(db, 'member');
		const made = await createApiToken(db, owner.id, { name: 'script', lifetimeDays: 90 });
		const secret = made.secret.split('.')[1]!;
		const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', made.token.id).executeTakeFirstOrThrow();
		expect(JSON.stringify(row)).not.toContain(secret);
		expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
		expect(row.scope).toBe('read');
	});

	it('is refused when the Authorization header is not a bearer token, rather than read as anonymous', async () => {
		const answer = await call(server, '/api/v1/projects', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
		expect(answer.status).toBe(401);
		expect(answer.body.error.code).toBe('invalid_token');
	});
});
