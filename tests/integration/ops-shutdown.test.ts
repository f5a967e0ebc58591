/**
 * SIGTERM on the real production server (the last build) in the middle of a board session and
 * of HTTP requests: /readyz turns 503 while it drains, no new connection is accepted, requests
 * in flight finish (a hung one is cut off at the bound), every board socket is closed with a code
 * that makes y-websocket reconnect, nothing acknowledged is lost, and the process is gone in time.
 */
import { request, type IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { connectClient, demoBoardSession, until, type Client } from './collab-harness.ts';
import { eventually, noteIds, writeNotes } from './ops-helpers.ts';

const servers: AppServer[] = [];
const clients: Client[] = [];

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	for (const s of servers.splice(0)) {
		await s.kill();
		s.cleanup();
	}
});

async function start(options: { databasePath?: string; env?: Record<string, string> } = {}): Promise<AppServer> {
	const server = await startAppServer(options);
	servers.push(server);
	return server;
}

function exited(server: AppServer): Promise<number | null> {
	if (server.child.exitCode !== null) return Promise.resolve(server.child.exitCode);
	return new Promise((resolve) => server.child.once('exit', (code) => resolve(code)));
}

async function statusOf(url: string): Promise<number | 'refused'> {
	try {
		return (await fetch(url)).status;
	} catch {
		return 'refused';
	}
}

/**
 * A POST whose body is sent in two parts: the request is in flight until `finish` is called.
 * `started` resolves once the server has taken it (it answered `Expect: 100-continue`, which Node
 * does as it hands the request to the app).
 */
function slowPost(server: AppServer, path: string, body: string) {
	const bytes = Buffer.from(body);
	const req = request({
		host: '127.0.0.1',
		port: server.port,
		method: 'POST',
		path,
		headers: {
			origin: `http://127.0.0.1:${server.port}`,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			'content-length': bytes.byteLength,
			expect: '100-continue'
		}
	});
	const response = new Promise<IncomingMessage>((resolve, reject) => {
		req.on('response', resolve);
		req.on('error', reject);
	});
	const started = new Promise<void>((resolve) =>
		req.once('continue', () => {
			req.write(bytes.subarray(0, 5));
			resolve();
		})
	);
	req.flushHeaders();
	return { req, response, started, finish: () => req.end(bytes.subarray(5)) };
}

describe('SIGTERM', () => {
	it('drains a board session: /readyz 503, sockets closed 1012, clients reconnect to the next server and nothing is lost', async () => {
		const first = await start({ env: { DRAIN_DELAY_MS: '1500' } });
		const { cookie, boardId, userId } = await demoBoardSession(first.databasePath, 'facilitator@prachalab.test', 'empathize');
		const join = () => {
			const client = connectClient(`ws://127.0.0.1:${first.port}/collab`, boardId, { cookie, origin: `http://127.0.0.1:${first.port}` });
			clients.push(client);
			return client;
		};
		const writer = join();
		const watcher = join();
		await Promise.all([writer.synced(), watcher.synced()]);
		// How each client's live socket was closed (later failed attempts to reconnect close with 1006).
		const closeCodes: number[] = [];
		for (const client of [writer, watcher]) {
			client.provider.once('connection-close', (event: CloseEvent | null) => closeCodes.push(event?.code ?? -1));
		}

		const notes = writeNotes(writer, 'drain', userId);
		await until(() => noteIds(watcher.doc, 'drain').size >= 100, 'the session is under way');
		const signalled = Date.now();
		first.child.kill('SIGTERM');
		// While it drains it is alive but not ready; it still serves what comes in.
		await eventually(async () => (await statusOf(`http://127.0.0.1:${first.port}/readyz`)) === 503, '/readyz answers 503', 5000);
		expect(await statusOf(`http://127.0.0.1:${first.port}/healthz`)).toBe(200);

		const code = await exited(first);
		const tookMs = Date.now() - signalled;
		// Whatever the watcher holds now was relayed, so it was stored before.
		const acknowledged = noteIds(watcher.doc, 'drain');
		expect(code).toBe(0);
		expect(tookMs).toBeLessThan(1500 + 10_000);
		expect(closeCodes).toEqual([1012, 1012]);

		// The next server takes the same address (as a proxy would send them elsewhere); the stock
		// providers reconnect by themselves and hand over what they wrote in between.
		const second = await start({ databasePath: first.databasePath, env: { PORT: String(first.port) } });
		await until(() => writer.provider.wsconnected && watcher.provider.wsconnected, 'both clients are back', 30_000);
		await notes.stop();
		await until(() => noteIds(watcher.doc, 'drain').size === notes.written.length, 'the watcher has every note written', 30_000);
		await second.stop();
		expect(second.child.exitCode).toBe(0);

		// What was stored: a third server, read by a new client.
		const third = await start({ databasePath: first.databasePath });
		const reader = connectClient(`ws://127.0.0.1:${third.port}/collab`, boardId, { cookie, origin: `http://127.0.0.1:${third.port}` });
		clients.push(reader);
		await reader.synced();
		const stored = noteIds(reader.doc, 'drain');
		expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([]);
		expect(notes.written.filter((id) => !stored.has(id))).toEqual([]);
	}, 180_000);

	it('stops accepting, lets a request in flight finish, cuts a hung one off at SHUTDOWN_TIMEOUT_MS, and exits', async () => {
		// The request that finishes must do so before the cut-off: at load average 17, seeing the
		// drain and the refused connection took longer than 1.5 s.
		const server = await start({ env: { SHUTDOWN_TIMEOUT_MS: '6000', LOG_LEVEL: 'info' } });
		const finishing = slowPost(server, '/login', 'email=someone%40example.test&password=not+the+password');
		const hung = slowPost(server, '/login', 'email=other%40example.test&password=never+sent+in+full');
		const hungOutcome = hung.response.then(
			(res) => `answered ${res.statusCode}`,
			(error: NodeJS.ErrnoException) => error.code ?? 'error'
		);
		// Both requests are with the server before the signal.
		await Promise.all([finishing.started, hung.started]);
		const signalled = Date.now();
		server.child.kill('SIGTERM');
		await until(() => server.output().includes('draining'), 'the server begins draining');
		await eventually(async () => (await statusOf(`http://127.0.0.1:${server.port}/healthz`)) === 'refused', 'a new connection is refused', 5000);

		finishing.finish();
		const answered = await finishing.response;
		expect(answered.statusCode).toBe(400);
		expect(answered.headers.connection).toBe('close');
		answered.resume();

		expect(await hungOutcome).toMatch(/ECONNRESET|socket hang up|error/);
		const code = await exited(server);
		expect(code).toBe(0);
		expect(Date.now() - signalled).toBeLessThan(6000 + 10_000);
		expect(server.output()).toMatch(/"requests":1,"timeoutMs":6000,"msg":"closing connections of requests still in flight"/);
	}, 180_000);
});
