/**
 * Helpers for the operations tests: running the npm scripts' entry points as child processes,
 * reading a Prometheus text, and a y-websocket client that writes notes without pause.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import * as Y from 'yjs';
import { addNote, listNotes } from '../../src/lib/board/index.ts';
import type { Client } from './collab-harness.ts';

/** Runs `node server/SCRIPT.ts ARGS` with `env` added; resolves with its exit code and output. */
export function runScript(
	script: string,
	args: string[],
	env: Record<string, string>
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [`server/${script}.ts`, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('exit', (code) => resolve({ code, stdout, stderr }));
	});
}

/** The value of one series (`name{label="v",…}` exactly as exposed, or a bare name) in a Prometheus text; null if absent. */
export function metricValue(text: string, series: string): number | null {
	for (const line of text.split('\n')) {
		if (line.startsWith(series + ' ')) return Number(line.slice(series.length + 1));
	}
	return null;
}

/** The ids of the notes in `doc` whose text starts with `tag`. */
export function noteIds(doc: Y.Doc, tag: string): Set<string> {
	return new Set(
		listNotes(doc)
			.filter((n) => n.text.startsWith(tag))
			.map((n) => n.id)
	);
}

/**
 * Writes notes tagged `tag` (their text starts with it) by `author` (the client's own user id:
 * the hub takes notes only under their writer's name) into the client's document, a few every
 * 20 ms, until stopped; returns the ids it wrote. Written while disconnected, they go out when it
 * reconnects.
 */
export function writeNotes(client: Client, tag: string, author: string) {
	const written: string[] = [];
	let running = true;
	const done = (async () => {
		while (running) {
			// Five notes to a transaction (one message), fifty messages a second: well within a connection's rate limit.
			client.doc.transact(() => {
				for (let i = 0; i < 5; i++) written.push(addNote(client.doc, { text: `${tag} ${written.length}`, author }));
			});
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	})();
	return {
		written,
		async stop() {
			running = false;
			await done;
		}
	};
}

/** Like `until`, for a condition that must be asked over the network: asks again as soon as each answer comes. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/**
 * A Redis to check readiness against: REDIS_URL's when the environment gives one (CI and this
 * machine run one), else a throwaway `redis-server` (Debian's package) on a free port.
 */
export async function testRedis(): Promise<{ url: string; stop(): Promise<void> }> {
	if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => {} };
	const port = await freePort();
	const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((resolve, reject) => {
		let out = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			if (out.includes('Ready to accept connections')) resolve();
		});
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${out}`)));
	});
	return {
		url: `redis://127.0.0.1:${port}`,
		async stop() {
			child.kill('SIGTERM');
			if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
		}
	};
}

/** A TCP port nothing listens on right now (the system picks it; it is released before use). */
export async function freePort(): Promise<number> {
	const server = createServer();
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const { port } = server.address() as { port: number };
	server.close();
	await once(server, 'close');
	return port;
}
