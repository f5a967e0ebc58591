/**
 * Durability of live boards across restarts and crashes of the real production server
 * (server/index.ts over the last build, run as a child process). Needs `vite build` first;
 * set BUILD_DIR when the build is elsewhere.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase } from '../../src/lib/server/db/open.ts';
import { countLoggedUpdates } from '../../src/lib/server/collab/board-store.ts';
import { addNote, listNotes } from '../../src/lib/board/index.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { connectClient, demoBoardSession, until, type Client } from './collab-harness.ts';

const servers: AppServer[] = [];
const clients: Client[] = [];

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	for (const s of servers.splice(0)) {
		await s.kill();
		s.cleanup();
	}
});

async function start(databasePath?: string): Promise<AppServer> {
	const server = await startAppServer({ databasePath });
	servers.push(server);
	return server;
}

function join(server: AppServer, boardId: string, cookie: string): Client {
	const client = connectClient(`ws://localhost:${server.port}/collab`, boardId, { cookie, origin: server.url });
	clients.push(client);
	return client;
}

/** The ids of the notes whose text starts with `prefix`. */
const ids = (doc: Y.Doc, prefix: string) =>
	new Set(
		listNotes(doc)
			.filter((n) => n.text.startsWith(prefix))
			.map((n) => n.id)
	);

describe('a board across server restarts', () => {
	it('keeps every note through a clean restart (SIGTERM), with the log folded into the snapshot', async () => {
		const first = await start();
		const { cookie, boardId, userId } = await demoBoardSession(first.databasePath, 'facilitator@prachalab.test', 'ideate');
		const writer = join(first, boardId, cookie);
		const reader = join(first, boardId, cookie);
		await Promise.all([writer.synced(), reader.synced()]);
		for (let i = 0; i < 60; i++) addNote(writer.doc, { text: `ก่อนรีสตาร์ต ${i}`, author: userId });
		await until(() => ids(reader.doc, 'ก่อนรีสตาร์ต').size === 60, 'the reader has every note');
		const before = listNotes(reader.doc);

		await first.stop();
		expect(first.child.exitCode).toBe(0);
		const db = openDatabase(first.databasePath);
		expect(await countLoggedUpdates(db, boardId)).toBe(0);
		await db.destroy();

		const second = await start(first.databasePath);
		const { cookie: cookie2 } = await demoBoardSession(second.databasePath, 'member@prachalab.test', 'ideate');
		const after = join(second, boardId, cookie2);
		await after.synced();
		expect(listNotes(after.doc)).toEqual(before);
	});

	it('loses no update any client received when the server is killed (kill -9) in the middle of a burst', async () => {
		const first = await start();
		const { cookie, boardId, userId } = await demoBoardSession(first.databasePath, 'facilitator@prachalab.test', 'empathize');
		const writer = join(first, boardId, cookie);
		const watcher = join(first, boardId, cookie);
		await Promise.all([writer.synced(), watcher.synced()]);

		let killed = false;
		watcher.doc.on('update', () => {
			// Kill mid-burst, the moment the watcher holds 150 of the writer's notes.
			if (!killed && ids(watcher.doc, 'ระหว่างเขียนรัว').size >= 150) {
				killed = true;
				first.child.kill('SIGKILL');
			}
		});
		const watcherGone = new Promise<void>((resolve) =>
			watcher.provider.on('status', ({ status }: { status: string }) => status === 'disconnected' && resolve())
		);
		// Keep writing until the writer itself sees the server gone: whatever it writes after the
		// kill can never reach the watcher, so the burst is certainly cut in the middle.
		let writing = true;
		writer.provider.on('status', ({ status }: { status: string }) => {
			if (status === 'disconnected') writing = false;
		});
		let written = 0;
		while (writing && written < 20_000) {
			for (let i = 0; i < 10; i++) addNote(writer.doc, { text: `ระหว่างเขียนรัว ${written++}`, author: userId });
			await new Promise((resolve) => setImmediate(resolve));
		}
		await watcherGone;
		// Everything the watcher got before its socket closed was relayed, so it must be on disk.
		const received = ids(watcher.doc, 'ระหว่างเขียนรัว');
		expect(received.size).toBeGreaterThanOrEqual(150);
		expect(written).toBeGreaterThan(received.size);
		writer.provider.disconnect();
		watcher.provider.disconnect();

		const second = await start(first.databasePath);
		const { cookie: cookie2 } = await demoBoardSession(second.databasePath, 'member@prachalab.test', 'empathize');
		const after = join(second, boardId, cookie2);
		await after.synced();
		const recovered = ids(after.doc, 'ระหว่างเขียนรัว');
		const lost = [...received].filter((id) => !recovered.has(id));
		expect(lost).toEqual([]);
	});
});
