import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { sql } from 'kysely';
import type { DB } from './open.ts';

/**
 * SQLite's WAL checkpoints, off the event loop. By default SQLite checkpoints its write-ahead log
 * once it holds 1,000 pages, inside the commit that crossed the line: on the server's one thread,
 * copying pages into the database file and syncing it. In a flood of board updates that commit
 * took 125 ms, and every board waited (bench/README.md, "Beside the reference server").
 *
 * The server therefore turns automatic checkpoints off on its connection and checkpoints from a
 * worker thread with a connection of its own, every `intervalMs`. PASSIVE checkpoints wait for
 * nobody and block nobody: readers and the writer go on meanwhile, and SQLite starts the log
 * over at the next write once it has all been copied. If the worker fails, the server's
 * connection checkpoints itself again as before, so the log never grows without bound.
 */
export interface Checkpointer {
	/** Stops the worker (the connection's own checkpoints come back). */
	close(): Promise<void>;
}

/** What SQLite does by default: a checkpoint once the log holds this many pages. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

// CommonJS, run with `eval`: a bundled server has no separate file to start a worker from.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.path, { timeout: 1000 });
const timer = setInterval(() => {
	try {
		db.pragma('wal_checkpoint(PASSIVE)');
	} catch (error) {
		clearInterval(timer);
		db.close();
		throw error;
	}
}, workerData.intervalMs);
parentPort.on('message', () => {
	clearInterval(timer);
	db.close();
	parentPort.close();
});
`;

export async function startCheckpointer(
	db: DB,
	path: string,
	options: { intervalMs?: number; log?: (message: string, error?: unknown) => void } = {}
): Promise<Checkpointer> {
	const driver = createRequire(import.meta.url).resolve('better-sqlite3');
	await sql`pragma wal_autocheckpoint = 0`.execute(db);
	const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs: options.intervalMs ?? 200 } });
	// It must never keep the process alive on its own.
	worker.unref();
	let closing = false;
	const restore = async () => {
		try {
			await sql`pragma wal_autocheckpoint = ${sql.raw(String(DEFAULT_AUTOCHECKPOINT_PAGES))}`.execute(db);
		} catch {
			// The database is closing too.
		}
	};
	const exited = new Promise<void>((resolve) => {
		worker.once('error', (error) => {
			options.log?.('the WAL checkpoint worker failed; SQLite checkpoints on the server’s connection again', error);
		});
		worker.once('exit', () => {
			if (!closing) void restore();
			resolve();
		});
	});
	return {
		async close() {
			if (closing) return exited;
			closing = true;
			worker.postMessage('stop');
			await exited;
			await restore();
		}
	};
}

/** The server connection's automatic checkpoint threshold, in pages (0: off). */
export async function autocheckpointPages(db: DB): Promise<number> {
	const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
	return Number(rows[0]!.wal_autocheckpoint);
}
