/**
 * /healthz, /readyz and /metrics on the real production server (the last build): what each
 * answers, who may read the metrics (a bearer token on the app's port, or the separate loopback
 * port), and that the counters move when boards are written, feedback arrives and pages are
 * served. Also the request id every answer carries and logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { addNote } from '../../src/lib/board/index.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeFeedbackFixture } from '../unit/feedback-fixtures.ts';
import { connectClient, demoBoardSession, until, type Client } from './collab-harness.ts';
import { fillableToken, postForm } from './feedback-helpers.ts';
import { freePort, metricValue, noteIds, testRedis } from './ops-helpers.ts';

const TOKEN = 'metrics-token-for-tests-0123456789';
let server: AppServer;
let db: DB;
let redis: Awaited<ReturnType<typeof testRedis>>;
let metricsPort: number;

beforeAll(async () => {
	redis = await testRedis();
	metricsPort = await freePort();
	server = await startAppServer({ env: { METRICS_TOKEN: TOKEN, METRICS_PORT: String(metricsPort), REDIS_URL: redis.url, LOG_LEVEL: 'info' } });
	db = openDatabase(server.databasePath);
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
	await redis?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.url + path, { headers });
const scrape = async () => {
	const response = await get('/metrics', { authorization: `Bearer ${TOKEN}` });
	expect(response.status).toBe(200);
	return response.text();
};

describe('health and readiness', () => {
	it('/healthz answers 200 to anyone, reading nothing', async () => {
		const response = await get('/healthz');
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok' });
		expect(response.headers.get('cache-control')).toBe('no-store');
	});

	it('/readyz answers 200 when the database and Redis answer', async () => {
		const response = await get('/readyz');
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
	});

	it('/readyz answers 503 and names Redis when Redis does not answer, while /healthz stays 200', async () => {
		const deaf = await startAppServer({ env: { REDIS_URL: `redis://127.0.0.1:${await freePort()}`, LOG_LEVEL: 'info' } });
		try {
			const response = await fetch(`${deaf.url}/readyz`);
			expect(response.status).toBe(503);
			expect(await response.json()).toEqual({ status: 'unavailable', checks: { database: 'ok', redis: 'failed' } });
			expect((await fetch(`${deaf.url}/healthz`)).status).toBe(200);
			// The log line reaches the server's stdout a moment after the answer (a busy machine: later).
			await until(() => deaf.output().includes('"probe":"redis"'), 'the failed probe is logged', 10_000);
			// Without a token the app's port does not serve metrics at all.
			expect((await fetch(`${deaf.url}/metrics`)).status).toBe(404);
		} finally {
			await deaf.stop();
			deaf.cleanup();
		}
	});
});

describe('metrics', () => {
	it('are refused on the app port without the right bearer token', async () => {
		expect((await get('/metrics')).status).toBe(401);
		expect((await get('/metrics', { authorization: 'Bearer wrong-token-wrong-token-wrong' })).status).toBe(401);
		expect((await get('/metrics', { authorization: TOKEN })).status).toBe(401);
	});

	it('are served without a token on the metrics port, bound to loopback, and nothing else is', async () => {
		const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
		expect(await response.text()).toContain('prachalab_process_resident_memory_bytes');
		expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(404);
		expect(server.output()).toContain(`"port":${metricsPort},"host":"127.0.0.1","msg":"metrics listening"`);
	});

	it('count open board connections, boards loaded and updates persisted with their latency', async () => {
		const before = await scrape();
		const { cookie, boardId, userId } = await demoBoardSession(server.databasePath, 'facilitator@prachalab.test', 'ideate');
		const clients: Client[] = [];
		try {
			for (let i = 0; i < 2; i++) {
				clients.push(connectClient(`ws://127.0.0.1:${server.port}/collab`, boardId, { cookie, origin: `http://127.0.0.1:${server.port}` }));
			}
			await Promise.all(clients.map((c) => c.synced()));
			for (let i = 0; i < 10; i++) addNote(clients[0]!.doc, { text: `metrics ${i}`, author: userId });
			await until(() => noteIds(clients[1]!.doc, 'metrics').size === 10, 'the notes are relayed');
			const after = await scrape();
			expect(metricValue(after, 'prachalab_collab_connections')).toBe(2);
			expect(metricValue(after, 'prachalab_collab_boards_loaded')).toBe(1);
			const persisted =
				metricValue(after, 'prachalab_collab_updates_persisted_total')! - metricValue(before, 'prachalab_collab_updates_persisted_total')!;
			expect(persisted).toBeGreaterThanOrEqual(10);
			expect(metricValue(after, 'prachalab_collab_update_persist_seconds_count')).toBe(
				metricValue(after, 'prachalab_collab_updates_persisted_total')
			);
			expect(metricValue(after, 'prachalab_collab_updates_persisted_bytes_total')).toBeGreaterThan(0);
		} finally {
			for (const c of clients) c.destroy();
		}
	});

	it('count HTTP requests by route id and status, never by raw path', async () => {
		await get('/login');
		await get('/login');
		await get('/invite/not-a-real-token-0123456789');
		const text = await scrape();
		expect(metricValue(text, 'prachalab_http_requests_total{route="/(app)/login",method="GET",status="200"}')).toBeGreaterThanOrEqual(2);
		expect(text).toMatch(/prachalab_http_requests_total\{route="\/\(app\)\/invite\/\[token\]",method="GET",status="\d+"\}/);
		expect(text).not.toContain('not-a-real-token');
		expect(text).toContain('prachalab_http_request_duration_seconds_bucket{le="0.005",route="/(app)/login"}');
	});

	it('count feedback responses received', async () => {
		const fx = await makeFeedbackFixture(db);
		const token = await fillableToken(server, fx.round.slug);
		const sent = await postForm(server, `/f/${fx.round.slug}`, [
			['t', token],
			['via', 'qr'],
			['website', ''],
			[fx.field.rating, '4']
		]);
		expect(sent.status).toBe(303);
		expect(metricValue(await scrape(), 'prachalab_feedback_responses_received_total{channel="form"}')).toBe(1);
	});
});

describe('request ids', () => {
	it('every page answer carries one, and the log line of the request has it', async () => {
		const response = await get('/login');
		const id = response.headers.get('x-request-id')!;
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		await until(() => server.output().includes(`"reqId":"${id}"`), 'the request is logged');
		const line = JSON.parse(
			server
				.output()
				.split('\n')
				.find((l) => l.includes(`"reqId":"${id}"`))!
		);
		expect(line).toMatchObject({ level: 'info', component: 'http', method: 'GET', route: '/(app)/login', status: 200, msg: 'request' });
		expect(typeof line.ms).toBe('number');
	});

	it('keeps a well-formed id a proxy in front gave the request, and replaces one that is not', async () => {
		expect((await get('/login', { 'x-request-id': 'haproxy-7f3a9c21' })).headers.get('x-request-id')).toBe('haproxy-7f3a9c21');
		expect((await get('/login', { 'x-request-id': 'bad id with spaces' })).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
	});
});
