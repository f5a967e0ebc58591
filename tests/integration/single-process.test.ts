/**
 * One SQLite file, one server process (db/process-lock.ts), with real processes: the production
 * server over the last build. A second server on the same file refuses to start, in one line,
 * and the first keeps serving with nothing lost; a server killed with -9 leaves no lock behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, listNotes } from '../../src/lib/board/index.ts';
import { createSqlBoardStore } from '../../src/lib/server/collab/board-store.ts';
import { openDatabase } from '../../src/lib/server/db/open.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { connectClient, demoBoardSession, until, type Client } from './collab-harness.ts';
import { runScript } from './ops-helpers.ts';

const servers: AppServer[] = [];
const clients: Client[] = [];
const dirs: string[] = [];

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	for (const s of servers.splice(0)) {
		await s.kill();
		s.cleanup();
	}
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A server on a SQLite file, also when the other tests run on PostgreSQL (which several servers share by design). */
async function start(databasePath?: string): Promise<AppServer> {
	if (!databasePath) {
		const dir = mkdtempSync(joinPath(tmpdir(), 'prachalab-single-'));
		dirs.push(dir);
		databasePath = joinPath(dir, 'app.db');
	}
	const server = await startAppServer({ databasePath });
	servers.push(server);
	return server;
}

function join(server: AppServer, boardId: string, cookie: string): Client {
	const client = connectClient(`ws://localhost:${server.port}/collab`, boardId, { cookie, origin: server.url });
	clients.push(client);
	return client;
}

/** The board's notes as the database file has them, read by another connection while the server runs. */
async function storedNotes(databasePath: string, boardId: string): Promise<string[]> {
	const db = openDatabase(databasePath);
	try {
		const stored = await createSqlBoardStore(db).load(boardId);
		const doc = new Y.Doc();
		if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
		for (const u of stored.updates) Y.applyUpdate(doc, u);
		return listNotes(doc)
			.filter((n) => n.text.startsWith('single-process'))
			.map((n) => n.text);
	} finally {
		await db.destroy();
	}
}

describe('one server per SQLite file', () => {
	it('refuses a second server on the same file in one line, while the first keeps serving and loses nothing', async () => {
		const first = await start();
		const { cookie, boardId, userId } = await demoBoardSession(first.databasePath, 'facilitator@prachalab.test', 'ideate');
		const writer = join(first, boardId, cookie);
		const reader = join(first, boardId, cookie);
		await Promise.all([writer.synced(), reader.synced()]);
		for (let i = 0; i < 20; i++) addNote(writer.doc, { text: `single-process ก่อน ${i}`, author: userId });
		await until(() => listNotes(reader.doc).filter((n) => n.text.startsWith('single-process')).length === 20, 'the reader has the first notes');

		const refused = await startAppServer({ databasePath: first.databasePath }).then(
			(second) => {
				servers.push(second);
				return null;
			},
			(error: Error) => error.message
		);
		expect(refused).not.toBeNull();
		const output = refused!.slice(refused!.indexOf('\n') + 1).trim();
		expect(refused).toMatch(/^server exited \(1\)/);
		expect(output.split('\n')).toHaveLength(1);
		expect(output).toContain('Another Prachalab server is already running on');
		expect(output).toContain(first.databasePath);

		for (let i = 0; i < 20; i++) addNote(writer.doc, { text: `single-process หลัง ${i}`, author: userId });
		await until(() => listNotes(reader.doc).filter((n) => n.text.startsWith('single-process')).length === 40, 'the reader has every note');
		// Other tools still open the file itself while the server runs (tests, a backup).
		expect(await storedNotes(first.databasePath, boardId)).toHaveLength(40);

		await first.stop();
		expect(first.child.exitCode).toBe(0);
		expect((await storedNotes(first.databasePath, boardId)).sort()).toEqual(
			[...Array.from({ length: 20 }, (_, i) => `single-process ก่อน ${i}`), ...Array.from({ length: 20 }, (_, i) => `single-process หลัง ${i}`)].sort()
		);
	});

	it('starts at once on the file of a server that was killed (kill -9): the lock dies with its holder', async () => {
		const first = await start();
		await first.kill();
		const again = await start(first.databasePath);
		const response = await fetch(`${again.url}/login`);
		expect(response.status).toBe(200);
	});

	it('refuses to restore a backup over the file of a running server, and leaves it serving', async () => {
		const live = await start();
		const restore = await runScript('restore', ['/nonexistent-backup'], { DATABASE_URL: live.databasePath });
		expect(restore.code).toBe(1);
		expect(restore.stderr.trim().split('\n')).toHaveLength(1);
		expect(restore.stderr).toContain('The restore did not start: Another Prachalab server is already running on');
		expect((await fetch(`${live.url}/login`)).status).toBe(200);
	});
});
