import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

export interface AppServer {
	url: string;
	port: number;
	databasePath: string;
	child: ChildProcess;
	/** SIGTERM and wait (a clean shutdown). */
	stop(): Promise<void>;
	/** SIGKILL and wait (a crash). */
	kill(): Promise<void>;
	/** Removes the temporary directory (after stop/kill). */
	cleanup(): void;
}

/**
 * Starts the production server (server/index.ts over the last `vite build`) as a child process
 * on port 0, with a database in a new temporary directory unless one is given. Resolves once it
 * listens; the port is read from its banner line.
 */
export async function startAppServer(
	options: { databasePath?: string; env?: Record<string, string> } = {}
): Promise<AppServer> {
	const dir = options.databasePath ? null : mkdtempSync(join(tmpdir(), 'prachalab-'));
	const databasePath = options.databasePath ?? join(dir!, 'app.db');
	const child = spawn(process.execPath, ['server/index.ts'], {
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databasePath, PRACHALAB_QUIET: '1', ...options.env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
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
		child,
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
