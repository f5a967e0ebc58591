import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { WebSocket } from 'ws';
import type { DB } from '../db/open.ts';
import { seedBoardTemplate } from '../../board/templates.ts';
import { BOARD_STAGES, type BoardStage } from '../../domain/stages.ts';
import { appendUpdate, findBoardRow, loadStoredDocument, writeSnapshot } from './storage.ts';
import { guardAwarenessUpdate } from './awareness-guard.ts';
import { BoardGuard } from './board-guard.ts';
import type { CollabUser, Credential } from './upgrade.ts';
import {
	encodeAwareness,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeUpdate,
	MalformedMessage,
	parseClientMessage
} from './protocol.ts';

/** One WebSocket on a board. */
export interface Connection {
	socket: WebSocket;
	user: CollabUser;
	/** The session (or guest) token it came with, and the board's project: access is checked again now and then. */
	credential: Credential;
	boardId: string;
	projectId: string;
	/** False for viewers: their document writes are dropped. */
	canEdit: boolean;
	/** Project facilitators and admins: they run voting, the timer, the lock and focus. */
	canFacilitate: boolean;
	/** The awareness client ids this connection speaks for. */
	clientIds: Set<number>;
	/** Answered the last ping (or sent something) since. */
	alive: boolean;
}

export interface RoomOptions {
	/** Compact the log into the snapshot once it holds this many updates. */
	compactAfterUpdates: number;
	/** How long awareness changes are gathered before they go out together, in ms. */
	awarenessBatchMs: number;
	/** A socket that has this much unsent data is too slow to keep; it is dropped (and resyncs later). */
	maxBufferedBytes: number;
	/** The server key anonymous voter ids are derived from (voters.ts). */
	voterKey: Uint8Array;
	log: (message: string, error?: unknown) => void;
}

/** The origin of changes the server itself makes (templates, imported feedback). */
export const SERVER_ORIGIN = Symbol('prachalab.server');

export class UnknownBoardError extends Error {
	constructor(boardId: string) {
		super(`there is no board with id "${boardId}"`);
		this.name = 'UnknownBoardError';
	}
}

// WebSocket close codes. 4400–4499 tell y-websocket's provider not to reconnect (see its
// defaultShouldReconnect): a client that sent garbage would only send it again.
const CLOSE_MALFORMED = 4400;
const CLOSE_SERVER_ERROR = 1011;
const OPEN = 1;

/**
 * A board document loaded in memory while anyone (a socket, or server code) holds it. Every
 * document write goes through one queue, so an update is in SQLite before it is relayed and
 * before any later message (a sync step 1 included) can see it.
 */
export class BoardRoom {
	readonly boardId: string;
	readonly doc: Y.Doc;
	readonly awareness: Awareness;
	readonly connections = new Set<Connection>();
	/** Sockets and server calls holding the room; it unloads when this returns to 0. */
	holders = 0;
	unloaded = false;
	failed = false;

	#db: DB;
	#options: RoomOptions;
	#tail: Promise<unknown> = Promise.resolve();
	#emitted: Uint8Array[] = [];
	#lastSeq = 0;
	#logLength = 0;
	#stateBytes = 0;
	#compactionQueued = false;
	#owners = new Map<number, Connection>();
	/**
	 * The user each awareness client id first came from, kept after they leave: providers relay
	 * every awareness change they apply (someone's leaving included), so an id with no connection
	 * right now must still not become someone else's, or its owner could never show up again.
	 */
	#clientUsers = new Map<number, string>();
	#awarenessDirty = new Set<number>();
	#awarenessTimer: ReturnType<typeof setTimeout> | null = null;
	#onFailed: (room: BoardRoom) => void = () => {};
	#guard: BoardGuard;

	private constructor(db: DB, boardId: string, options: RoomOptions) {
		this.#db = db;
		this.boardId = boardId;
		this.#options = options;
		this.doc = new Y.Doc();
		this.doc.on('update', (update: Uint8Array) => this.#emitted.push(update));
		this.#guard = new BoardGuard(this.doc, boardId, options.voterKey);
		this.awareness = new Awareness(this.doc);
		// The server is not a participant: no presence of its own.
		this.awareness.setLocalState(null);
		this.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
			for (const id of [...added!, ...updated!, ...removed!]) this.#awarenessDirty.add(id);
			this.#awarenessTimer ??= setTimeout(() => this.#flushAwareness(), this.#options.awarenessBatchMs);
		});
	}

	/** Loads a board's document from storage (seeding its template if it has none yet). */
	static async load(db: DB, boardId: string, options: RoomOptions, onFailed: (room: BoardRoom) => void): Promise<BoardRoom> {
		const row = await findBoardRow(db, boardId);
		if (!row) throw new UnknownBoardError(boardId);
		const room = new BoardRoom(db, boardId, options);
		room.#onFailed = onFailed;
		const stored = await loadStoredDocument(db, boardId);
		room.doc.transact(() => {
			if (stored.snapshot) Y.applyUpdate(room.doc, stored.snapshot);
			for (const update of stored.updates) Y.applyUpdate(room.doc, update);
		});
		room.#emitted = [];
		room.#stateBytes = (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((sum, u) => sum + u.byteLength, 0);
		room.#lastSeq = stored.lastSeq;
		room.#logLength = stored.updates.length;
		if (!stored.snapshot && stored.updates.length === 0 && (BOARD_STAGES as readonly string[]).includes(row.stage)) {
			await room.run(() => room.commit(SERVER_ORIGIN, () => seedBoardTemplate(room.doc, row.stage as BoardStage)));
		}
		return room;
	}

	/** About how many bytes the whole document takes to send (what answering a sync request costs). */
	get stateBytes(): number {
		return this.#stateBytes;
	}

	/** Runs `task` after every task queued before it; the queue goes on whatever the task does. */
	run<T>(task: () => T | Promise<T>): Promise<T> {
		const result = this.#tail.then(() => {
			if (this.failed || this.unloaded) throw new Error(`board ${this.boardId} is no longer loaded`);
			return task();
		});
		this.#tail = result.catch(() => {});
		return result;
	}

	/**
	 * Applies a change (inside `run`), stores what it changed, then relays it to every socket but
	 * the one it came from (to that one too when `apply` returns true: the server undid part of
	 * what it sent). A change that throws halfway still stores and relays what it did apply, so
	 * memory, disk and clients agree; then the error is rethrown.
	 */
	async commit(origin: unknown, apply: () => boolean | void): Promise<void> {
		this.#emitted = [];
		let failure: unknown = null;
		let echo = false;
		try {
			echo = apply() === true;
		} catch (error) {
			failure = error ?? new Error('change failed');
		}
		const emitted = this.#emitted;
		this.#emitted = [];
		if (emitted.length > 0) {
			const update = emitted.length === 1 ? emitted[0]! : Y.mergeUpdates(emitted);
			try {
				this.#lastSeq = await appendUpdate(this.#db, this.boardId, update);
			} catch (error) {
				this.fail(error);
				throw new Error(`could not store an update of board ${this.boardId}`, { cause: error });
			}
			this.#logLength++;
			this.#stateBytes += update.byteLength;
			const message = encodeUpdate(update);
			for (const conn of this.connections) if (conn !== origin || echo) this.#send(conn, message);
			if (this.#logLength >= this.#options.compactAfterUpdates) this.#queueCompaction();
		}
		if (failure) throw failure;
	}

	/** A new socket: ask it for what we lack, and show it who is here. */
	join(conn: Connection): void {
		this.connections.add(conn);
		this.#send(conn, encodeSyncStep1(this.doc));
		const states = [...this.awareness.getStates().keys()];
		if (states.length > 0) this.#send(conn, encodeAwareness(encodeAwarenessUpdate(this.awareness, states)));
	}

	/** A socket closed: its people leave the awareness. */
	leave(conn: Connection): void {
		this.connections.delete(conn);
		const ids = [...conn.clientIds].filter((id) => this.#owners.get(id) === conn);
		for (const id of ids) this.#owners.delete(id);
		if (ids.length > 0) removeAwarenessStates(this.awareness, ids, conn);
	}

	/** One message from a socket. */
	receive(conn: Connection, data: Uint8Array): void {
		let message;
		try {
			message = parseClientMessage(data);
		} catch (error) {
			this.#reject(conn, error);
			return;
		}
		switch (message.kind) {
			case 'sync-step1': {
				const stateVector = message.stateVector;
				void this.run(() => this.#send(conn, encodeSyncStep2(this.doc, stateVector))).catch(() => {});
				return;
			}
			case 'sync-step2':
			case 'update': {
				// A viewer's writes are dropped here: never applied, stored or relayed.
				if (!conn.canEdit) return;
				const update = message.update;
				// An editor's are applied, and what breaks the board's rules undone (board-guard.ts).
				void this.run(() => this.commit(conn, () => this.#guard.apply(conn, update))).catch((error) => {
					if (!this.failed) this.#reject(conn, error);
				});
				return;
			}
			case 'awareness': {
				let guarded;
				try {
					guarded = guardAwarenessUpdate(message.update, { userId: conn.user.id, name: conn.user.name, guest: conn.user.guest }, (id) => {
						// A reconnecting client keeps its id (its old socket may not have closed yet).
						const user = this.#clientUsers.get(id);
						return user === undefined || user === conn.user.id;
					});
				} catch (error) {
					this.#reject(conn, error);
					return;
				}
				if (!guarded) return;
				for (const id of guarded.clientIds) {
					this.#clientUsers.set(id, conn.user.id);
					const previous = this.#owners.get(id);
					if (previous && previous !== conn) previous.clientIds.delete(id);
					this.#owners.set(id, conn);
					conn.clientIds.add(id);
				}
				applyAwarenessUpdate(this.awareness, guarded.update, conn);
				return;
			}
			case 'query-awareness': {
				const states = [...this.awareness.getStates().keys()];
				this.#send(conn, encodeAwareness(encodeAwarenessUpdate(this.awareness, states)));
				return;
			}
		}
	}

	/** Folds the log into a snapshot (inside `run`). */
	async compact(): Promise<void> {
		if (this.#logLength === 0) return;
		const state = Y.encodeStateAsUpdate(this.doc);
		await writeSnapshot(this.#db, this.boardId, state, this.#lastSeq);
		this.#logLength = 0;
		this.#stateBytes = state.byteLength;
	}

	/** Frees the room's memory. */
	destroy(): void {
		this.unloaded = true;
		if (this.#awarenessTimer) clearTimeout(this.#awarenessTimer);
		this.#guard.destroy();
		this.awareness.destroy();
		this.doc.destroy();
	}

	/** Storage failed: the in-memory document may be ahead of the disk, so nobody may keep using it. */
	fail(error: unknown): void {
		if (this.failed) return;
		this.failed = true;
		this.#options.log(`board ${this.boardId}: storage failed, dropping its connections`, error);
		for (const conn of this.connections) conn.socket.close(CLOSE_SERVER_ERROR, 'storage failed');
		this.#onFailed(this);
	}

	#queueCompaction(): void {
		if (this.#compactionQueued) return;
		this.#compactionQueued = true;
		void this.run(async () => {
			this.#compactionQueued = false;
			await this.compact();
		}).catch((error) => this.#options.log(`board ${this.boardId}: compaction failed`, error));
	}

	#flushAwareness(): void {
		this.#awarenessTimer = null;
		if (this.unloaded) return;
		const ids = [...this.#awarenessDirty].filter((id) => this.awareness.meta.has(id));
		this.#awarenessDirty.clear();
		if (ids.length === 0) return;
		const message = encodeAwareness(encodeAwarenessUpdate(this.awareness, ids));
		// Senders get their own state back too: the provider counts it as a sign of life.
		for (const conn of this.connections) this.#send(conn, message);
	}

	#send(conn: Connection, message: Uint8Array): void {
		const socket = conn.socket;
		if (socket.readyState !== OPEN) return;
		if (socket.bufferedAmount > this.#options.maxBufferedBytes) {
			socket.terminate();
			return;
		}
		socket.send(message);
	}

	#reject(conn: Connection, error: unknown): void {
		const reason = error instanceof MalformedMessage ? error.message : 'update rejected';
		conn.socket.close(CLOSE_MALFORMED, reason.slice(0, 120));
	}
}
