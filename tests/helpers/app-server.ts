import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { isPostgresUrl } from '../../src/lib/server/db/open.ts';
import { attachmentDirectory } from '../../src/lib/server/files/attachments.ts';
import { createTestDatabase, testPostgresUrl } from './postgres.ts';
import { testRedisPrefix } from './redis.ts';

export interface AppServer {
	url: string;
	port: number;
	/** Its DATABASE_URL: a SQLite file, or a PostgreSQL URL when the tests run on PostgreSQL. */
	databasePath: string;
	/** Where it keeps attachments. */
	attachmentsDir: string;
	child: ChildProcess;
	/** Everything the server has printed so far, stdout and stderr interleaved. */
	output(): string;
	/** SIGTERM and wait (a clean shutdown). */
	stop(): Promise<void>;
	/** SIGKILL and wait (a crash). */
	kill(): Promise<void>;
	/** Removes the temporary directory (after stop/kill). */
	cleanup(): void;
}

/**
 * Starts the production server (server/index.ts over the last `vite build`) as a child process
 * on port 0, with a new database unless one is given: a file in a new temporary directory, or
 * a new PostgreSQL database when the tests run on PostgreSQL (DATABASE_URL=postgres://…; made
 * migrated, so the server only seeds it). Resolves once it listens; the port is read from its
 * banner line.
 */
export async function startAppServer(
	options: {
		databasePath?: string;
		env?: Record<string, string>;
		/** A module loaded before the server (`node --import`), reachable over the child's IPC channel. */
		preload?: string;
	} = {}
): Promise<AppServer> {
	const dir = options.databasePath && !isPostgresUrl(options.databasePath) ? null : mkdtempSync(join(tmpdir(), 'prachalab-'));
	const postgres = testPostgresUrl();
	const databasePath = options.databasePath ?? (postgres ? await createTestDatabase(postgres) : join(dir!, 'app.db'));
	const attachmentsDir = isPostgresUrl(databasePath) ? join(dir!, 'attachments') : attachmentDirectory(databasePath);
	const child = spawn(process.execPath, [...(options.preload ? ['--import', options.preload] : []), 'server/index.ts'], {
		env: {
			...process.env,
			PORT: '0',
			HOST: '127.0.0.1',
			DATABASE_URL: databasePath,
			ATTACHMENTS_DIR: attachmentsDir,
			PRACHALAB_QUIET: '1',
			// With REDIS_URL (CI), each server's limits and events apart from every other test's and run's.
			REDIS_PREFIX: testRedisPrefix('server'),
			...options.env
		},
		stdio: options.preload ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	let printed = '';
	child.stdout!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
	child.stderr!.on('data', (chunk: Buffer) => (printed += chunk.toString()));
	const port = await new Promise<number>((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = /listening on port (\d+)/.exec(output);
			if (match) {
				child.stdout!.off('data', onData);
				resolve(Number(match[1]));
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
	});
	const waitExit = async () => {
		if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
	};
	return {
		url: `http://localhost:${port}`,
		port,
		databasePath,
		attachmentsDir,
		child,
		output: () => printed,
		async stop() {
			child.kill('SIGTERM');
			await waitExit();
		},
		async kill() {
			child.kill('SIGKILL');
			await waitExit();
		},
		cleanup() {
			if (dir) rmSync(dir, { recursive: true, force: true });
		}
	};
}
