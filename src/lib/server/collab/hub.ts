import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import * as Y from 'yjs';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DB } from '../db/open.ts';
import type { AccessChange, Events } from '../events/events.ts';
import { authorizeUpgrade, recheckAccess, type UpgradeDecision } from './upgrade.ts';
import { ConnectionThrottle, DEFAULT_RATE_LIMITS, isSyncRequest, type RateLimits } from './rate-limit.ts';
import { BoardRoom, SERVER_ORIGIN, UnknownBoardError, type Connection, type RoomOptions, type RoomStorage } from './room.ts';
import { createSqlBoardStore, type BoardStore } from './board-store.ts';
import { applyStoredBoard } from './stored-board.ts';
import { BoardOwnedElsewhere, createLocalBoardOwnership, type BoardOwner, type BoardOwnership } from './ownership.ts';
import { ReadGate } from './backpressure.ts';
import { DEFAULT_RULES, type BoardRule } from './rules/index.ts';
import { DEFAULT_MAX_BOARD_BYTES } from './rules/board-size.ts';
import { createBoardHistory, forgetNotesInHistory, type BoardHistoryRecorder } from './history.ts';
import { SocketCounts, DEFAULT_SOCKET_LIMITS, type SocketLimits } from './socket-limits.ts';
import { NotOwnerHere, type OwnerSide, type Peers } from '../cluster/peers.ts';

export { UnknownBoardError } from './room.ts';

/** What server code (feedback import, the API, templates) may do with a live board. */
export interface BoardAccess {
	/** Reads the board: the live document if it is loaded, else loaded from storage for the call. Throws UnknownBoardError. */
	readBoard<T>(boardId: string, read: (doc: Y.Doc) => T): Promise<T>;
	/** Applies `change` in one Yjs transaction; resolves once the update is stored and relayed to every connected client. */
	changeBoard(boardId: string, change: (doc: Y.Doc) => void): Promise<void>;
	/**
	 * Folds the board's update log into a fresh snapshot now. After a deletion that must leave
	 * storage (a withdrawn response's notes): the log still holds the update that added them,
	 * and a snapshot of the document keeps no deleted text.
	 */
	compactBoard(boardId: string): Promise<void>;
	/**
	 * Removes notes from the board's history for good (every saved version, the trash): after a
	 * deletion that must leave storage, like `compactBoard` for the live board.
	 */
	forgetInHistory(boardId: string, noteIds: readonly string[]): Promise<void>;
}

export interface CollabHub extends BoardAccess, OwnerSide {
	/** Takes an HTTP upgrade: `/collab/BOARD_ID` becomes a y-websocket connection or is refused. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
	/** Checks every open socket's session and project role now (they are also checked every minute). */
	recheckAccess(): Promise<void>;
	/**
	 * Loaded boards, open sockets, sockets being throttled and sockets too slow to send to now,
	 * the bytes of updates refused as not part of a board, and the merged relays sent (several
	 * stored updates in one frame, room.ts `#flushRelays`) (tests, benchmarks, health checks).
	 */
	stats(): {
		boards: number;
		connections: number;
		throttled: number;
		congested: number;
		refusedBytes: number;
		mergedRelays: number;
		forwarded: number;
	};
	/** Refuses new sockets, closes the open ones, stores every loaded board's last state. */
	close(): Promise<void>;
}

export interface CollabHubOptions {
	db: DB;
	/** Where boards are stored (default: the SQL store over `db`). */
	store?: BoardStore;
	/** Who owns which board (default: this process alone, epochs in `db`). */
	ownership?: BoardOwnership;
	/** When given, "access changed" events close or demote the sockets they cover at once. */
	events?: Events;
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
	/** How much later than its thresholds a board may fold, at random (room.ts; default 0.5). */
	compactionSpread?: number;
	awarenessBatchMs?: number;
	/** Unsent bytes past which a socket gets nothing more until it drains (room.ts). */
	maxBufferedBytes?: number;
	/** How long a socket may stay too slow to send to before it is dropped. */
	congestionTimeoutMs?: number;
	/** The rules editors' updates are held to (default rules/index.ts DEFAULT_RULES). */
	rules?: readonly BoardRule[];
	/** The largest a board may grow (its stored state), in bytes. */
	maxBoardBytes?: number;
	/** Open sockets per user, guest and client address (socket-limits.ts). */
	socketLimits?: SocketLimits;
	/** The client address of an upgrade (behind a proxy, from its header); default the peer's. */
	addressOf?: (request: IncomingMessage) => string;
	/** Versions and trash (history.ts); default kept in `db`, false for none. */
	history?: BoardHistoryRecorder | false;
	log?: (message: string, error?: unknown) => void;
	/** Told after each update is stored (before it is relayed): how long storing took, and its size (metrics). */
	onPersisted?: (ms: number, bytes: number) => void;
	/**
	 * Several nodes: how to reach a board's owner. A socket for a board another live node owns is
	 * piped there, and server-side changes to it are sent there; without peers both are refused.
	 */
	peers?: Peers;
}

/** A socket holding 1 MiB unsent gets nothing more until it is down to a quarter of that. */
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;

const STATUS_TEXT: Record<number, string> = {
	400: 'Bad Request',
	429: 'Too Many Requests',
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
const CLOSE_RESTARTING = 1012;
const OPEN = 1;
// Node's timers hold at most this (about 24.8 days); a later moment is reached in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Whether an "access changed" event is about this connection. */
function covers(change: AccessChange, conn: Connection): boolean {
	const credential = conn.credential;
	switch (change.scope) {
		case 'session':
			return credential.kind === 'session' && credential.sessionId === change.sessionId;
		case 'user':
			return credential.kind === 'session' && conn.user.id === change.userId;
		case 'membership':
			return credential.kind === 'session' && conn.user.id === change.userId && conn.projectId === change.projectId;
		case 'guest':
			return credential.kind === 'guest' && credential.guestId === change.guestId;
		case 'board-guests':
			return credential.kind === 'guest' && conn.boardId === change.boardId;
		case 'project':
			return conn.projectId === change.projectId;
	}
}

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
	const storage: RoomStorage = {
		db,
		store: options.store ?? createSqlBoardStore(db),
		ownership: options.ownership ?? createLocalBoardOwnership(db)
	};
	const log = options.log ?? ((message, error) => console.error(`[collab] ${message}`, error ?? ''));
	const counters = { refusedBytes: 0, congested: 0, mergedRelays: 0 };
	const history = options.history === false ? undefined : (options.history ?? createBoardHistory(db));
	const roomOptions: RoomOptions = {
		compactAfterUpdates: options.compactAfterUpdates ?? 300,
		compactionSpread: options.compactionSpread ?? 0.5,
		awarenessBatchMs: options.awarenessBatchMs ?? 20,
		maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
		congestionTimeoutMs: options.congestionTimeoutMs ?? 30_000,
		voterKey: options.voterKey ?? randomBytes(32),
		rules: options.rules ?? DEFAULT_RULES,
		maxBoardBytes: options.maxBoardBytes ?? DEFAULT_MAX_BOARD_BYTES,
		maxHeldBytes: options.maxMessageBytes,
		...(history ? { history } : {}),
		counters,
		log,
		onPersisted: options.onPersisted
	};
	const sockets = new SocketCounts(options.socketLimits ?? DEFAULT_SOCKET_LIMITS);
	const addressOf = options.addressOf ?? ((request: IncomingMessage) => request.socket.remoteAddress ?? '');
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
					promise: BoardRoom.load(storage, boardId, roomOptions, forget).then((room) => {
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
		if (room.holders > 0 || closing) return;
		if (room.failed) {
			// Nothing to store (its storage failed, or another room owns the board): just free it.
			if (!room.unloaded) room.destroy();
			return;
		}
		void room
			.run(async () => {
				if (room.holders > 0) return;
				await room.compact();
				if (room.holders > 0) return;
				forget(room);
				room.destroy();
				// Last: a room loaded meanwhile took a newer epoch, and this release leaves it be.
				await room.releaseLease();
			})
			.catch((error) => log(`board ${room.boardId}: unloading failed`, error));
	}

	/**
	 * The board as stored, for a node that does not own it: every update its owner relayed was
	 * stored first, so this is never behind what clients were shown.
	 */
	async function storedDoc(boardId: string): Promise<Y.Doc> {
		const stored = await storage.store.load(boardId);
		const doc = new Y.Doc();
		applyStoredBoard(doc, stored);
		return doc;
	}

	/** Makes `change` on the stored board and sends what it changed to the owner at `address`. */
	async function changeOnOwner(address: string, boardId: string, change: (doc: Y.Doc) => void): Promise<void> {
		const doc = await storedDoc(boardId);
		try {
			const updates: Uint8Array[] = [];
			doc.on('update', (update: Uint8Array) => updates.push(update));
			doc.transact(() => change(doc), SERVER_ORIGIN);
			if (updates.length > 0) await options.peers!.sendUpdate(address, boardId, Y.mergeUpdates(updates));
		} finally {
			doc.destroy();
		}
	}

	/** The owner (with its address) when `error` says another node owns the board and this hub can reach it; else rethrows. */
	function reachableOwner(error: unknown): BoardOwner & { address: string } {
		if (error instanceof BoardOwnedElsewhere && options.peers && error.owner.address) return error.owner as BoardOwner & { address: string };
		throw error;
	}

	/**
	 * After a call to the owner failed: whether to ask again (a few times). The owner may have let
	 * the board go (NotOwnerHere), or died (nothing listens at its address: its lease is ended
	 * now, and the next try loads the board here).
	 */
	async function tryAgain(boardId: string, owner: BoardOwner, failure: unknown, attempt: number): Promise<boolean> {
		if (attempt >= 4) return false;
		if (failure instanceof NotOwnerHere) return true;
		if ((failure as NodeJS.ErrnoException | null)?.code === 'ECONNREFUSED' && storage.ownership.evict) {
			await storage.ownership.evict(boardId, owner);
			return true;
		}
		return false;
	}

	/** Runs `here` with the board loaded on this node, or `there` with its owner's address; a few tries while ownership moves. */
	async function hereOrThere<T>(boardId: string, here: (room: BoardRoom) => Promise<T>, there: (address: string) => Promise<T>): Promise<T> {
		for (let attempt = 1; ; attempt++) {
			let room: BoardRoom;
			try {
				room = await acquire(boardId);
			} catch (error) {
				const owner = reachableOwner(error);
				try {
					return await there(owner.address);
				} catch (failure) {
					if (await tryAgain(boardId, owner, failure, attempt)) continue;
					throw failure;
				}
			}
			try {
				return await here(room);
			} finally {
				release(room);
			}
		}
	}

	async function withRoom<T>(boardId: string, use: (room: BoardRoom) => Promise<T>): Promise<T> {
		const room = await acquire(boardId);
		try {
			return await use(room);
		} finally {
			release(room);
		}
	}

	// A socket is read from only while nothing holds it (backpressure.ts): a throttle, a check of
	// its access after a change (what it sends meanwhile waits, and is dropped if its access
	// ended), or its being too slow to take what it asked for (room.ts).
	const gates = new WeakMap<WebSocket, ReadGate>();
	function holdReading(socket: WebSocket, reason = 'access'): void {
		gates.get(socket)?.hold(reason);
	}
	function releaseReading(socket: WebSocket, reason = 'access'): void {
		gates.get(socket)?.release(reason);
	}

	function attach(socket: WebSocket, room: BoardRoom, decision: Extract<UpgradeDecision, { ok: true }>, releaseSlots: () => void): void {
		const reading = new ReadGate(socket);
		gates.set(socket, reading);
		const conn: Connection = {
			socket,
			user: decision.user,
			credential: decision.credential,
			expiresAt: decision.expiresAt,
			boardId: decision.boardId,
			projectId: decision.projectId,
			canEdit: decision.canEdit,
			canFacilitate: decision.canFacilitate,
			clientIds: new Set(),
			alive: true,
			reading
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
				if (resumeTimer) clearTimeout(resumeTimer);
				else {
					throttled++;
					holdReading(socket, 'throttle');
				}
				resumeTimer = setTimeout(() => {
					resumeTimer = null;
					throttled--;
					conn.alive = true;
					releaseReading(socket, 'throttle');
				}, verdict.ms);
			}
		});
		// A guest's socket closes the moment their time is up, not at the next periodic check.
		let expiryTimer: ReturnType<typeof setTimeout> | null = null;
		const checkAtExpiry = (): void => {
			const wait = (conn.expiresAt ?? Infinity) - Date.now();
			if (wait === Infinity) return;
			expiryTimer = setTimeout(
				() => {
					if (Date.now() < conn.expiresAt!) checkAtExpiry();
					else void recheckNow([conn]);
				},
				Math.min(Math.max(wait, 0), MAX_TIMER_MS)
			);
			expiryTimer.unref();
		};
		checkAtExpiry();
		socket.on('pong', () => (conn.alive = true));
		// ws reports an oversized frame here, then closes the socket with 1009 itself.
		socket.on('error', () => {});
		socket.on('close', () => {
			if (expiryTimer) clearTimeout(expiryTimer);
			if (resumeTimer) {
				clearTimeout(resumeTimer);
				throttled--;
			}
			connections.delete(conn);
			room.leave(conn);
			releaseSlots();
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
	// demotion to viewer must still reach it. An "access changed" event checks the sockets it
	// covers at once (recheckNow); every socket is also checked now and then, in case an event
	// went missing. Periodic runs are chained: a check asked for while one is running starts
	// after it, so it sees whatever changed before it was asked for.
	async function recheckOne(conn: Connection): Promise<void> {
		if (conn.socket.readyState !== OPEN) return;
		const access = await recheckAccess(db, conn.credential, conn.projectId, conn.boardId);
		if (!access.canView) conn.socket.close(CLOSE_NO_ACCESS, 'access ended');
		else {
			conn.canEdit = access.canEdit;
			conn.canFacilitate = access.canFacilitate;
		}
	}
	/** Checks these sockets now, reading nothing from them until it is settled. */
	async function recheckNow(conns: Connection[]): Promise<void> {
		const open = conns.filter((conn) => conn.socket.readyState === OPEN);
		for (const conn of open) holdReading(conn.socket);
		try {
			await Promise.all(open.map(recheckOne));
		} catch (error) {
			log('access recheck failed', error);
		} finally {
			for (const conn of open) releaseReading(conn.socket);
		}
	}
	let recheckChain: Promise<void> = Promise.resolve();
	let rechecksPending = 0;
	async function recheckOnce(): Promise<void> {
		try {
			for (const conn of [...connections]) {
				if (closing) return;
				await recheckOne(conn);
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
	const unsubscribe = options.events?.subscribe('access-changed', (change) => recheckNow([...connections].filter((conn) => covers(change, conn))));

	return {
		handleUpgrade(request, socket, head) {
			// In development Vite's HMR socket shares this server; it is Vite's to answer.
			if (String(request.headers['sec-websocket-protocol'] ?? '').includes('vite-hmr')) return;
			// At least one error handler before any async work: a reset socket must not crash the process.
			socket.on('error', () => socket.destroy());
			if (closing) return refuse(socket, 503);
			// Sockets are counted from the first byte: a flood of upgrades is refused before any work.
			let address: string;
			try {
				address = addressOf(request);
			} catch {
				// Behind a proxy that did not say who the client is (misconfigured, or bypassed).
				return refuse(socket, 400);
			}
			if (!sockets.take('address', address)) return refuse(socket, 429);
			let slots = [() => sockets.give('address', address)];
			const releaseSlots = () => {
				for (const give of slots) give();
				slots = [];
			};
			void (async () => {
				const decision = await authorizeUpgrade(db, request, options.origin);
				if (!decision.ok) {
					releaseSlots();
					return refuse(socket, decision.status);
				}
				const kind = decision.user.guest ? 'guest' : 'user';
				if (!sockets.take(kind, decision.user.id)) {
					releaseSlots();
					return refuse(socket, 429);
				}
				slots.push(() => sockets.give(kind, decision.user.id));
				let room: BoardRoom | undefined;
				for (let evicted = false; !room;) {
					try {
						room = await acquire(decision.boardId);
					} catch (error) {
						// Another live node has the board: the socket goes there as it is (the owner checks
						// it again), holding its slots here until it closes. One hop only: a socket another
						// node sent finds the board moved again, and its client reconnects.
						if (error instanceof BoardOwnedElsewhere && options.peers && error.owner.address && !options.peers.fromNode(request) && !closing) {
							socket.once('close', releaseSlots);
							const outcome = await options.peers.forwardUpgrade(error.owner.address, request, socket, head, address);
							if (outcome !== 'unreachable') return;
							socket.off('close', releaseSlots);
							// Nothing listens where the owner was: it died. Its lease is ended now rather
							// than when it expires (its epoch is fenced either way), and the board loads here.
							if (!evicted) {
								evicted = true;
								await storage.ownership.evict?.(decision.boardId, error.owner);
								continue;
							}
						}
						releaseSlots();
						if (error instanceof UnknownBoardError) return refuse(socket, 404);
						if (error instanceof BoardOwnedElsewhere) return refuse(socket, 503);
						log(`board ${decision.boardId}: loading failed`, error);
						return refuse(socket, 500);
					}
				}
				if (socket.destroyed || closing) {
					releaseSlots();
					release(room);
					return refuse(socket, 503);
				}
				// ws answers a malformed handshake itself and never calls back: let go of the room then.
				let attached = false;
				socket.once('close', () => {
					if (attached) return;
					releaseSlots();
					release(room);
				});
				wss.handleUpgrade(request, socket, head, (ws) => {
					attached = true;
					attach(ws, room, decision, releaseSlots);
				});
			})().catch((error) => {
				releaseSlots();
				log('upgrade failed', error);
				refuse(socket, 500);
			});
		},

		readBoard(boardId, read) {
			return hereOrThere(
				boardId,
				// What is stored: never an update still being written.
				(room) =>
					room.run(async () => {
						await room.settled();
						return read(room.doc);
					}),
				async () => {
					const doc = await storedDoc(boardId);
					try {
						return read(doc);
					} finally {
						doc.destroy();
					}
				}
			);
		},

		async changeBoard(boardId, change) {
			for (let attempt = 1; ; attempt++) {
				let room: BoardRoom;
				try {
					room = await acquire(boardId);
				} catch (error) {
					// Owned by another node: made on the stored board, stored and relayed by the owner.
					const owner = reachableOwner(error);
					try {
						return await changeOnOwner(owner.address, boardId, change);
					} catch (failure) {
						if (await tryAgain(boardId, owner, failure, attempt)) continue;
						throw failure;
					}
				}
				try {
					return await room.run(() => room.commit(SERVER_ORIGIN, () => room.doc.transact(() => change(room.doc), SERVER_ORIGIN)));
				} catch (error) {
					// The room lost the board under this change, which was therefore written nowhere:
					// once more, on the board as its new owner loads it.
					if (!room.lost || attempt > 1) throw error;
				} finally {
					release(room);
				}
			}
		},

		forgetInHistory(boardId, noteIds) {
			return forgetNotesInHistory(db, boardId, noteIds);
		},

		compactBoard(boardId) {
			return hereOrThere(
				boardId,
				(room) => room.run(() => room.compact()),
				(address) => options.peers!.compact(address, boardId)
			);
		},

		async applyUpdate(boardId, update) {
			await withRoom(boardId, (room) =>
				room.run(() =>
					room.commit(SERVER_ORIGIN, () => {
						Y.applyUpdate(room.doc, update, SERVER_ORIGIN);
					})
				)
			);
		},

		compactHere(boardId) {
			return withRoom(boardId, (room) => room.run(() => room.compact()));
		},

		recheckAccess: () => recheckAll(),

		stats() {
			return {
				boards: entries.size,
				connections: connections.size,
				throttled,
				congested: counters.congested,
				refusedBytes: counters.refusedBytes,
				mergedRelays: counters.mergedRelays,
				forwarded: options.peers?.forwarded ?? 0
			};
		},

		async close() {
			if (closing) return;
			closing = true;
			unsubscribe?.();
			clearInterval(pingTimer);
			clearInterval(recheckTimer);
			// 1012 (service restart): y-websocket's provider reconnects, through a proxy to another node if there is one.
			for (const conn of connections) conn.socket.close(CLOSE_RESTARTING, 'server restarting');
			// Piped to another node: cut, and their clients reconnect (through the proxy, to a node that stays).
			options.peers?.close();
			const rooms = await Promise.allSettled([...entries.values()].map((e) => e.promise));
			await Promise.all(
				rooms.map(async (settled) => {
					if (settled.status !== 'fulfilled') return;
					const room = settled.value;
					// A board whose unloading was already queued has compacted and gone by now.
					await room
						.run(() => room.compact())
						.catch((error) => {
							if (!room.unloaded) log(`board ${room.boardId}: final compaction failed`, error);
						});
					if (!room.unloaded) {
						room.destroy();
						await room.releaseLease().catch((error) => log(`board ${room.boardId}: releasing its lease failed`, error));
					}
				})
			);
			entries.clear();
			for (const conn of connections) conn.socket.terminate();
			wss.close();
		}
	};
}
