import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import * as Y from 'yjs';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DB } from '../db/open.ts';
import { authorizeUpgrade, recheckAccess, type UpgradeDecision } from './upgrade.ts';
import { ConnectionThrottle, DEFAULT_RATE_LIMITS, isSyncRequest, type RateLimits } from './rate-limit.ts';
import { BoardRoom, SERVER_ORIGIN, UnknownBoardError, type Connection, type RoomOptions } from './room.ts';

export { UnknownBoardError } from './room.ts';

/** What server code (feedback import, the API, templates) may do with a live board. */
export interface BoardAccess {
	/** Reads the board: the live document if it is loaded, else loaded from storage for the call. Throws UnknownBoardError. */
	readBoard<T>(boardId: string, read: (doc: Y.Doc) => T): Promise<T>;
	/** Applies `change` in one Yjs transaction; resolves once the update is stored and relayed to every connected client. */
	changeBoard(boardId: string, change: (doc: Y.Doc) => void): Promise<void>;
}

export interface CollabHub extends BoardAccess {
	/** Takes an HTTP upgrade: `/collab/BOARD_ID` becomes a y-websocket connection or is refused. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
	/** Checks every open socket's session and project role now (they are also checked every minute). */
	recheckAccess(): Promise<void>;
	/** Loaded boards, open sockets, and sockets being throttled now (for tests, benchmarks and health checks). */
	stats(): { boards: number; connections: number; throttled: number };
	/** Refuses new sockets, closes the open ones, stores every loaded board's last state. */
	close(): Promise<void>;
}

export interface CollabHubOptions {
	db: DB;
	/** The app's public origin (ORIGIN); when unset, an upgrade's Origin must match its Host. */
	origin?: string;
	maxMessageBytes: number;
	/** The server key anonymous voter ids are derived from (keys.ts, voters.ts); random when not given. */
	voterKey?: Uint8Array;
	/** What one connection may send before it is throttled, then closed (default DEFAULT_RATE_LIMITS). */
	rateLimits?: RateLimits;
	/** The clock the rate limits read, in ms (tests drive their own). */
	now?: () => number;
	/** How often sockets are pinged; one that missed the last ping is dropped. */
	pingIntervalMs?: number;
	/** How often each open socket's session and project role are checked again. */
	accessRecheckMs?: number;
	compactAfterUpdates?: number;
	awarenessBatchMs?: number;
	maxBufferedBytes?: number;
	log?: (message: string, error?: unknown) => void;
}

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	500: 'Internal Server Error',
	503: 'Service Unavailable'
};

function refuse(socket: Duplex, status: number): void {
	if (socket.destroyed) return;
	socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
	socket.destroy();
}

// 4400–4499 is the range y-websocket's provider treats as final: it stops reconnecting (a
// flooding client would only flood again).
const CLOSE_NO_ACCESS = 4403;
const CLOSE_FLOODING = 4429;
const OPEN = 1;

/** A board being loaded (`promise`) or loaded (`room` too). */
interface Entry {
	promise: Promise<BoardRoom>;
	room?: BoardRoom;
}

/**
 * The collab hub: y-websocket connections on `/collab/BOARD_ID`, and the boards they share.
 * One per process (the runtime holds it). A board is loaded once while anyone holds it and
 * unloaded, after a last compaction, when the last one lets go.
 */
export function createCollabHub(options: CollabHubOptions): CollabHub {
	const { db } = options;
	const log = options.log ?? ((message, error) => console.error(`[collab] ${message}`, error ?? ''));
	const roomOptions: RoomOptions = {
		compactAfterUpdates: options.compactAfterUpdates ?? 300,
		awarenessBatchMs: options.awarenessBatchMs ?? 20,
		maxBufferedBytes: options.maxBufferedBytes ?? 16 * 1024 * 1024,
		voterKey: options.voterKey ?? randomBytes(32),
		log
	};
	const entries = new Map<string, Entry>();
	const connections = new Set<Connection>();
	const rateLimits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
	const now = options.now ?? Date.now;
	const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
	let closing = false;
	let throttled = 0;

	function forget(room: BoardRoom): void {
		const entry = entries.get(room.boardId);
		if (entry?.room === room) entries.delete(room.boardId);
	}

	async function acquire(boardId: string): Promise<BoardRoom> {
		for (;;) {
			let entry = entries.get(boardId);
			if (!entry) {
				const created: Entry = {
					promise: BoardRoom.load(db, boardId, roomOptions, forget).then((room) => {
						created.room = room;
						return room;
					})
				};
				created.promise.catch(() => {
					if (entries.get(boardId) === created) entries.delete(boardId);
				});
				entries.set(boardId, created);
				entry = created;
			}
			const room = await entry.promise;
			// Unloaded between the lookup and now: load it afresh.
			if (room.unloaded || room.failed) {
				if (entries.get(boardId) === entry) entries.delete(boardId);
				continue;
			}
			room.holders++;
			return room;
		}
	}

	function release(room: BoardRoom): void {
		room.holders--;
		if (room.holders > 0 || closing || room.failed) return;
		void room
			.run(async () => {
				if (room.holders > 0) return;
				await room.compact();
				if (room.holders > 0) return;
				forget(room);
				room.destroy();
			})
			.catch((error) => log(`board ${room.boardId}: unloading failed`, error));
	}

	async function withRoom<T>(boardId: string, use: (room: BoardRoom) => Promise<T>): Promise<T> {
		const room = await acquire(boardId);
		try {
			return await use(room);
		} finally {
			release(room);
		}
	}

	function attach(socket: WebSocket, room: BoardRoom, decision: Extract<UpgradeDecision, { ok: true }>): void {
		const conn: Connection = {
			socket,
			user: decision.user,
			credential: decision.credential,
			boardId: decision.boardId,
			projectId: decision.projectId,
			canEdit: decision.canEdit,
			canFacilitate: decision.canFacilitate,
			clientIds: new Set(),
			alive: true
		};
		connections.add(conn);
		const throttle = new ConnectionThrottle(rateLimits, now());
		let syncRequests = 0;
		let resumeTimer: ReturnType<typeof setTimeout> | null = null;
		socket.on('message', (data, isBinary) => {
			// A closing socket may still hand over what it had read: none of it counts.
			if (socket.readyState !== OPEN) return;
			conn.alive = true;
			if (!isBinary) {
				socket.close(4400, 'text frames are not part of the protocol');
				return;
			}
			const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
			const message = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
			// A request for the whole board again costs what answering it sends (the first is free).
			const cost = message.byteLength + (isSyncRequest(message) && syncRequests++ > 0 ? room.stateBytes : 0);
			const verdict = throttle.admit(cost, now());
			if (verdict.kind === 'flood') {
				socket.close(CLOSE_FLOODING, 'too many messages');
				// Read on (and discard) so the closing handshake completes now, not when a throttle ends.
				socket.resume();
				return;
			}
			room.receive(conn, message);
			if (verdict.kind === 'throttle') {
				// Read nothing more until the debt is paid: the sender slows down, nobody else waits.
				socket.pause();
				if (resumeTimer) clearTimeout(resumeTimer);
				else throttled++;
				resumeTimer = setTimeout(() => {
					resumeTimer = null;
					throttled--;
					conn.alive = true;
					socket.resume();
				}, verdict.ms);
			}
		});
		socket.on('pong', () => (conn.alive = true));
		// ws reports an oversized frame here, then closes the socket with 1009 itself.
		socket.on('error', () => {});
		socket.on('close', () => {
			if (resumeTimer) {
				clearTimeout(resumeTimer);
				throttled--;
			}
			connections.delete(conn);
			room.leave(conn);
			release(room);
		});
		room.join(conn);
	}

	const pingTimer = setInterval(() => {
		for (const conn of connections) {
			if (!conn.alive) {
				conn.socket.terminate();
				continue;
			}
			conn.alive = false;
			conn.socket.ping();
		}
	}, options.pingIntervalMs ?? 30_000);
	pingTimer.unref();

	// A socket outlives the request that opened it: a logout, a removal from the team or a
	// demotion to viewer must still reach it. Runs are chained: a check asked for while one is
	// running starts after it, so it sees whatever changed before it was asked for.
	let recheckChain: Promise<void> = Promise.resolve();
	let rechecksPending = 0;
	async function recheckOnce(): Promise<void> {
		try {
			for (const conn of [...connections]) {
				if (closing) return;
				const access = await recheckAccess(db, conn.credential, conn.projectId, conn.boardId);
				if (!access.canView) conn.socket.close(CLOSE_NO_ACCESS, 'access ended');
				else {
					conn.canEdit = access.canEdit;
					conn.canFacilitate = access.canFacilitate;
				}
			}
		} catch (error) {
			log('access recheck failed', error);
		}
	}
	function recheckAll(): Promise<void> {
		rechecksPending++;
		recheckChain = recheckChain.then(recheckOnce).finally(() => rechecksPending--);
		return recheckChain;
	}
	const recheckTimer = setInterval(() => {
		if (rechecksPending === 0) void recheckAll();
	}, options.accessRecheckMs ?? 60_000);
	recheckTimer.unref();

	return {
		handleUpgrade(request, socket, head) {
			// In development Vite's HMR socket shares this server; it is Vite's to answer.
			if (String(request.headers['sec-websocket-protocol'] ?? '').includes('vite-hmr')) return;
			// At least one error handler before any async work: a reset socket must not crash the process.
			socket.on('error', () => socket.destroy());
			if (closing) return refuse(socket, 503);
			void (async () => {
				const decision = await authorizeUpgrade(db, request, options.origin);
				if (!decision.ok) return refuse(socket, decision.status);
				let room: BoardRoom;
				try {
					room = await acquire(decision.boardId);
				} catch (error) {
					if (!(error instanceof UnknownBoardError)) log(`board ${decision.boardId}: loading failed`, error);
					return refuse(socket, error instanceof UnknownBoardError ? 404 : 500);
				}
				if (socket.destroyed || closing) {
					release(room);
					return refuse(socket, 503);
				}
				// ws answers a malformed handshake itself and never calls back: let go of the room then.
				let attached = false;
				socket.once('close', () => {
					if (!attached) release(room);
				});
				wss.handleUpgrade(request, socket, head, (ws) => {
					attached = true;
					attach(ws, room, decision);
				});
			})().catch((error) => {
				log('upgrade failed', error);
				refuse(socket, 500);
			});
		},

		readBoard(boardId, read) {
			return withRoom(boardId, (room) => room.run(() => read(room.doc)));
		},

		changeBoard(boardId, change) {
			return withRoom(boardId, (room) =>
				room.run(() => room.commit(SERVER_ORIGIN, () => room.doc.transact(() => change(room.doc), SERVER_ORIGIN)))
			);
		},

		recheckAccess: () => recheckAll(),

		stats() {
			return { boards: entries.size, connections: connections.size, throttled };
		},

		async close() {
			if (closing) return;
			closing = true;
			clearInterval(pingTimer);
			clearInterval(recheckTimer);
			for (const conn of connections) conn.socket.close(1001, 'server restarting');
			const rooms = await Promise.allSettled([...entries.values()].map((e) => e.promise));
			await Promise.all(
				rooms.map(async (settled) => {
					if (settled.status !== 'fulfilled') return;
					const room = settled.value;
					// A board whose unloading was already queued has compacted and gone by now.
					await room.run(() => room.compact()).catch((error) => {
						if (!room.unloaded) log(`board ${room.boardId}: final compaction failed`, error);
					});
					if (!room.unloaded) room.destroy();
				})
			);
			entries.clear();
			for (const conn of connections) conn.socket.terminate();
			wss.close();
		}
	};
}
