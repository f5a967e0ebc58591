/**
 * Test harness for the collab hub: a real HTTP server on port 0 that hands upgrades to a real
 * hub over a real SQLite database, and real y-websocket providers (over `ws`) as clients.
 */
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as authProtocol from 'y-protocols/auth';
import { freshDatabase, makeUser } from '../helpers/db.ts';
import type { DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { openDatabase } from '../../src/lib/server/db/open.ts';
import { createProject, listBoards } from '../../src/lib/server/projects/projects.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import { createCollabHub, type CollabHub, type CollabHubOptions } from '../../src/lib/server/collab/hub.ts';
import type { BoardStage } from '../../src/lib/domain/stages.ts';

export interface Person {
	id: string;
	name: string;
	/** The `session=…` cookie of a fresh session. */
	cookie: string;
}

export interface BoardFixture {
	projectId: string;
	boards: Record<BoardStage, string>;
	facilitator: Person;
	member: Person;
	viewer: Person;
	outsider: Person;
}

async function person(db: DB, role: 'facilitator' | 'member', name: string): Promise<Person> {
	const user = await makeUser(db, role, name);
	const { token } = await createSession(db, user.id);
	return { id: user.id, name: user.name, cookie: `session=${token}`, email: user.email } as Person & { email: string };
}

/** A project with its four boards, a facilitator, a member, a viewer and someone not on the team. */
export async function makeBoardFixture(db: DB): Promise<BoardFixture> {
	const facilitator = (await person(db, 'facilitator', 'สมหญิง ผู้นำกระบวนการ')) as Person & { email: string };
	const member = (await person(db, 'member', 'วิชัย สมาชิก')) as Person & { email: string };
	const viewer = (await person(db, 'member', 'ประเสริฐ ผู้ชม')) as Person & { email: string };
	const outsider = await person(db, 'member', 'คนนอก');
	const project = await createProject(
		db,
		{ title: 'ทดสอบบอร์ดสด', challenge: 'ทำให้ทุกคนเขียนโน้ตพร้อมกันได้โดยไม่มีอะไรหาย', agency: 'ห้องทดลอง', tags: '' },
		{ id: facilitator.id, email: facilitator.email, name: facilitator.name, role: 'facilitator' }
	);
	await addTeamMember(db, project.id, { email: member.email, role: 'member' }, facilitator.id);
	await addTeamMember(db, project.id, { email: viewer.email, role: 'viewer' }, facilitator.id);
	const boards = Object.fromEntries((await listBoards(db, project.id)).map((b) => [b.stage, b.id])) as Record<BoardStage, string>;
	return { projectId: project.id, boards, facilitator, member, viewer, outsider };
}

export interface CollabServer {
	db: DB;
	hub: CollabHub;
	port: number;
	/** http://127.0.0.1:PORT */
	origin: string;
	/** ws://127.0.0.1:PORT/collab */
	collabUrl: string;
	server: Server;
	close(): Promise<void>;
}

export async function startCollabServer(options: Partial<Omit<CollabHubOptions, 'db'>> & { db?: DB } = {}): Promise<CollabServer> {
	const db = options.db ?? (await freshDatabase());
	const hub = createCollabHub({ maxMessageBytes: 1024 * 1024, log: () => {}, ...options, db });
	const server = createServer((_req, res) => {
		res.statusCode = 404;
		res.end();
	});
	server.on('upgrade', (request, socket, head) => hub.handleUpgrade(request, socket, head));
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const port = (server.address() as { port: number }).port;
	return {
		db,
		hub,
		port,
		origin: `http://127.0.0.1:${port}`,
		collabUrl: `ws://127.0.0.1:${port}/collab`,
		server,
		async close() {
			await hub.close();
			server.closeAllConnections();
			server.close();
			await db.destroy();
		}
	};
}

/** A `ws` WebSocket class that sends the given headers (a browser sends Cookie and Origin itself). */
export function webSocketWithHeaders(headers: Record<string, string>) {
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols ?? [], { headers });
		}
	};
}

export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Resolves once the provider has synced with the server. */
	synced(): Promise<void>;
	destroy(): void;
}

/** A stock y-websocket provider on a board, signed in with `cookie`. */
export function connectClient(
	collabUrl: string,
	boardId: string,
	options: { cookie?: string; origin: string; doc?: Y.Doc; connect?: boolean }
): Client {
	const doc = options.doc ?? new Y.Doc();
	const headers: Record<string, string> = { origin: options.origin };
	if (options.cookie) headers.cookie = options.cookie;
	const provider = new WebsocketProvider(collabUrl, boardId, doc, {
		WebSocketPolyfill: webSocketWithHeaders(headers) as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		connect: options.connect ?? true,
		maxBackoffTime: 200
	});
	return {
		doc,
		provider,
		synced: () => (provider.synced ? Promise.resolve() : new Promise<void>((resolve) => provider.once('sync', (s: boolean) => s && resolve()))),
		destroy() {
			provider.destroy();
			doc.destroy();
		}
	};
}

/**
 * Waits for a condition by checking it after every event-loop turn (no fixed sleeps): resolves
 * as soon as it holds, rejects with `what` if it does not within `timeoutMs`.
 */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

/** Opens a raw WebSocket and resolves with the HTTP status of a refused upgrade, or 101. */
export function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const socket = new WebSocket(url, { headers });
		socket.on('unexpected-response', (_req, res) => {
			resolve(res.statusCode ?? 0);
			socket.terminate();
		});
		socket.on('open', () => {
			resolve(101);
			socket.close();
		});
		socket.on('error', (error) => reject(error));
	});
}

/**
 * A session for a demo account, its user id (the author of its notes) and the id of the demo
 * project's board of `stage`, written straight into a running server's database file (WAL lets a
 * second process write).
 */
export async function demoBoardSession(
	databasePath: string,
	email: string,
	stage: BoardStage
): Promise<{ cookie: string; boardId: string; userId: string }> {
	const db = openDatabase(databasePath);
	try {
		const user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
		const { token } = await createSession(db, user.id);
		const board = await db.selectFrom('boards').select('id').where('stage', '=', stage).orderBy('created_at').executeTakeFirstOrThrow();
		return { cookie: `session=${token}`, boardId: board.id, userId: user.id };
	} finally {
		await db.destroy();
	}
}

/** The notices (notices.ts) the hub sends this client, as they arrive. */
export function collectNotices(client: Client): string[] {
	const notices: string[] = [];
	client.provider.messageHandlers[2] = (_encoder, decoder, provider) => {
		authProtocol.readAuthMessage(decoder, provider.doc, (_doc, reason) => notices.push(reason));
	};
	return notices;
}

/** A raw socket on a board, open, with what it received and how it closed. */
export async function openRawSocket(
	collabUrl: string,
	boardId: string,
	headers: Record<string, string>
): Promise<{ socket: WebSocket; received: Uint8Array[]; closed: Promise<number> }> {
	const socket = new WebSocket(`${collabUrl}/${boardId}`, { headers });
	const received: Uint8Array[] = [];
	socket.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
	const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
	await new Promise((resolve, reject) => {
		socket.once('open', resolve);
		socket.once('error', reject);
	});
	return { socket, received, closed };
}
