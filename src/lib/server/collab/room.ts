import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import type { WebSocket } from 'ws';
import type { DB } from '../db/open.ts';
import { seedBoardTemplate } from '../../board/templates.ts';
import { boardRoots } from '../../board/schema.ts';
import { BOARD_STAGES, type BoardStage } from '../../domain/stages.ts';
import { findBoardRow } from './boards.ts';
import { StaleEpochError, type BoardStore } from './board-store.ts';
import { applyStoredBoard } from './stored-board.ts';
import type { BoardLease, BoardOwnership } from './ownership.ts';
import { guardAwarenessUpdate, MAX_CLIENT_IDS_PER_CONNECTION } from './awareness-guard.ts';
import { BoardGuard, type GuardOutcome } from './board-guard.ts';
import type { BoardRule } from './rules/rule.ts';
import type { CollabUser, Credential } from './upgrade.ts';
import {
	encodeAwareness,
	encodeNotice,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeUpdate,
	MalformedMessage,
	parseClientMessage,
	type DecodedUpdate
} from './protocol.ts';
import { analyzeUpdate } from './update-analysis.ts';
import { isLargeDeletion, type BoardHistoryRecorder } from './history.ts';
import { corkForTurn, sendBinary, tcpOf, type ReadGate } from './backpressure.ts';
import { PrivacyDesk } from './privacy.ts';
import { encodeStateVector } from './own-bytes.ts';

/** One WebSocket on a board. */
export interface Connection {
	socket: WebSocket;
	user: CollabUser;
	/** The session (or guest) token it came with, and the board's project: access is checked again now and then. */
	credential: Credential;
	/** When a guest's time is up; null for users. */
	expiresAt: number | null;
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
	/** Whether the hub reads the socket: held while it is throttled or too slow to take more. */
	reading: ReadGate;
	/** Said `hello` in the workshop protocol (privacy.ts): it takes workshop messages. */
	speaksWorkshop?: boolean;
}

export interface RoomOptions {
	/**
	 * Compact the log into the snapshot once it holds this many updates (and, on a big board, a
	 * share of the snapshot's bytes: see `compactionDue`).
	 */
	compactAfterUpdates: number;
	/**
	 * Each board waits up to this share longer than the thresholds before a fold, drawn afresh
	 * for every fold, so boards that grow alike do not all fold in the same few milliseconds
	 * (0: exactly at the thresholds). See `compactionDue`.
	 */
	compactionSpread: number;
	/** How long awareness changes are gathered before they go out together, in ms. */
	awarenessBatchMs: number;
	/**
	 * A socket with this much unsent data gets nothing more (and is read no more) until it has
	 * sent most of it; then it is brought up to date in one message. One that stays so for
	 * `congestionTimeoutMs` is dropped.
	 */
	maxBufferedBytes: number;
	congestionTimeoutMs: number;
	/** The rules every editor's update is held to (rules/). */
	rules: readonly BoardRule[];
	/** The largest a board's stored state may grow, in bytes. */
	maxBoardBytes: number;
	/** Updates one connection may have waiting for what they build on, in bytes; past it, it is closed to resync. */
	maxHeldBytes: number;
	/** Versions and the trash (board-history.ts); none in some tests. */
	history?: BoardHistoryRecorder;
	/** Counts the hub keeps (stats). */
	counters: { refusedBytes: number; congested: number; mergedRelays: number };
	/** The server key anonymous voter ids are derived from (voters.ts). */
	voterKey: Uint8Array;
	log: (message: string, error?: unknown) => void;
	/** Told after each update is stored: how long storing took, and its size. */
	onPersisted?: (ms: number, bytes: number) => void;
}

/** Where a room's board lives, and who may write it. */
export interface RoomStorage {
	/** For the board row (does it exist, which stage). */
	db: DB;
	store: BoardStore;
	ownership: BoardOwnership;
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
const CLOSE_NOT_BOARD = 4422;
const CLOSE_SERVER_ERROR = 1011;
/** Not final: the provider reconnects and the two sides sync afresh. */
const CLOSE_RESYNC = 1013;
// "Service restart": y-websocket's provider reconnects at once (200 ms) and resyncs, sending
// whatever the closed room had not stored; the board's new owner takes it.
export const CLOSE_BOARD_MOVED = 1012;
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
	/** Storage failed, or the lease was lost: nothing more is written; the hub loads the board afresh. */
	failed = false;
	/** Another room holds the board's lease now (failed too). */
	lost = false;

	#store: BoardStore;
	#lease: BoardLease;
	#options: RoomOptions;
	#tail: Promise<unknown> = Promise.resolve();
	/** Settles once every staged update is stored and relayed; never rejects. */
	#relayTail: Promise<void> = Promise.resolve();
	/** Stored updates waiting to be relayed together (#relay, #flushRelays). */
	#relays: { update: Uint8Array; origin: unknown; echo: boolean }[] = [];
	#emitted: Uint8Array[] = [];
	/** Counts the document's changes (to tell an update that changed nothing). */
	#changes = 0;
	#lastSeq = 0;
	#logLength = 0;
	#logBytes = 0;
	#stateBytes = 0;
	/** This board's next fold waits for its thresholds times this (1 to 1 + `compactionSpread`). */
	#foldFactor: number;
	#compactionQueued = false;
	/** The sequence number of the last update handed to the store (resolves once it is stored). */
	#lastStored: Promise<number> = Promise.resolve(0);
	/** A background fold being written (#queueCompaction). */
	#folding: Promise<void> = Promise.resolve();
	#owners = new Map<number, Connection>();
	/**
	 * The user each awareness client id first came from, kept after they leave: providers relay
	 * every awareness change they apply (someone's leaving included), so an id with no connection
	 * right now must still not become someone else's, or its owner could never show up again.
	 */
	#clientUsers = new Map<number, string>();
	#awarenessDirty = new Set<number>();
	#awarenessTimer: ReturnType<typeof setTimeout> | null = null;
	#lastAwarenessFlush = -Infinity;
	#onFailed: (room: BoardRoom) => void = () => {};
	#guard: BoardGuard;
	/** Private notes, anonymous notes, secret ballots and the done check (privacy.ts). */
	#desk: PrivacyDesk;
	#metaChanged = false;
	/** Updates a connection sent before what they build on arrived, in order. */
	#held = new Map<Connection, { updates: { update: Uint8Array; decoded: DecodedUpdate }[]; bytes: number }>();
	/** Connections too slow to take more: what they have missed since, to send when they drain. */
	#congested = new Map<Connection, Congestion>();

	private constructor(db: DB, store: BoardStore, lease: BoardLease, boardId: string, options: RoomOptions) {
		this.#store = store;
		this.#lease = lease;
		this.boardId = boardId;
		this.#options = options;
		this.#foldFactor = 1 + options.compactionSpread * Math.random();
		this.doc = new Y.Doc();
		this.doc.on('update', (update: Uint8Array) => {
			this.#emitted.push(update);
			this.#changes++;
		});
		this.#guard = new BoardGuard(this.doc, boardId, options.voterKey, { rules: options.rules, maxBoardBytes: options.maxBoardBytes });
		const meta = boardRoots(this.doc).meta;
		this.doc.on('afterTransaction', (tr: Y.Transaction) => {
			if (tr.changed.has(meta as Y.AbstractType<any>)) this.#metaChanged = true;
		});
		this.#desk = new PrivacyDesk(db, options.voterKey, {
			boardId,
			doc: this.doc,
			notes: this.#guard.notes,
			connections: () => this.connections,
			commit: (change) => this.commit(SERVER_ORIGIN, () => this.doc.transact(change, SERVER_ORIGIN)),
			send: (conn, message) => this.#send(conn as Connection, message)
		});
		this.awareness = new Awareness(this.doc);
		// The server is not a participant: no presence of its own.
		this.awareness.setLocalState(null);
		this.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
			for (const id of [...added!, ...updated!, ...removed!]) this.#awarenessDirty.add(id);
			// The first change after a quiet spell goes out on the next turn; changes after it are
			// gathered until `awarenessBatchMs` after the last batch: low latency when a room is calm,
			// one message per window when it is busy.
			this.#awarenessTimer ??= setTimeout(
				() => this.#flushAwareness(),
				Math.max(0, this.#lastAwarenessFlush + this.#options.awarenessBatchMs - performance.now())
			);
		});
	}

	/**
	 * Takes the board's lease, then loads its document from storage (seeding its template if it
	 * has none yet). In that order: whatever an earlier holder wrote before losing the board is
	 * in what is loaded, and nothing it tries to write afterwards gets in.
	 */
	static async load(storage: RoomStorage, boardId: string, options: RoomOptions, onFailed: (room: BoardRoom) => void): Promise<BoardRoom> {
		const row = await findBoardRow(storage.db, boardId);
		if (!row) throw new UnknownBoardError(boardId);
		const lease = await storage.ownership.acquire(boardId);
		let stored;
		try {
			stored = await storage.store.load(boardId);
		} catch (error) {
			await lease.release().catch(() => {});
			throw error;
		}
		const room = new BoardRoom(storage.db, storage.store, lease, boardId, options);
		room.#onFailed = onFailed;
		lease.lost.addEventListener('abort', () => room.lose(), { once: true });
		applyStoredBoard(room.doc, stored);
		room.#emitted = [];
		room.#stateBytes = (stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((sum, u) => sum + u.byteLength, 0);
		room.#lastSeq = stored.lastSeq;
		room.#lastStored = Promise.resolve(stored.lastSeq);
		room.#logLength = stored.updates.length;
		room.#logBytes = room.#stateBytes - (stored.snapshot?.byteLength ?? 0);
		if (!stored.snapshot && stored.updates.length === 0 && (BOARD_STAGES as readonly string[]).includes(row.stage)) {
			await room.run(() => room.commit(SERVER_ORIGIN, () => seedBoardTemplate(room.doc, row.stage as BoardStage)));
		}
		return room;
	}

	/** The epoch of the lease this room writes under. */
	get epoch(): number {
		return this.#lease.epoch;
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
	 * what it sent); resolves once relayed. A change that throws halfway still stores and relays
	 * what it did apply, so memory, disk and clients agree; then the error is rethrown.
	 */
	async commit(origin: unknown, apply: () => boolean | void): Promise<void> {
		const { relayed, failure } = this.#stage(origin, apply);
		await relayed;
		if (failure) throw failure;
	}

	/**
	 * Resolves once every change made so far is stored and relayed (or the room failed). Whatever
	 * reads the document for someone else (a sync answer, a compaction, server code) waits for it
	 * inside `run`: the document may be ahead of the disk only until then.
	 */
	settled(): Promise<void> {
		return this.#relayTail;
	}

	/**
	 * Applies a change and hands what it changed to the store, without waiting: the next update
	 * in the queue is applied while this one is being written, and the store commits all those
	 * waiting together (board-store.ts). The relay waits for the write, and relays go out in the
	 * order the updates were staged, which is the order they were stored in. `relayed` settles
	 * once this one is stored and relayed; it rejects if storing failed (the room has failed then).
	 */
	#stage(origin: unknown, apply: () => boolean | void): { relayed: Promise<void>; failure: unknown } {
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
		if (emitted.length === 0) return { relayed: this.#relayTail, failure };
		const update = emitted.length === 1 ? emitted[0]! : Y.mergeUpdates(emitted);
		// The round, the modes or the done check changed: everyone's workshop state may have too.
		const metaChanged = this.#metaChanged;
		this.#metaChanged = false;
		this.#logLength++;
		this.#logBytes += update.byteLength;
		this.#stateBytes += update.byteLength;
		const started = performance.now();
		const stored = this.#store.append(this.boardId, this.#lease.epoch, update);
		this.#lastStored = stored;
		const relayed = this.#relayTail
			.then(
				() => stored,
				() => stored
			)
			.then(
				(seq) => {
					this.#lastSeq = seq;
					if (this.failed || this.unloaded) return;
					this.#options.onPersisted?.(performance.now() - started, update.byteLength);
					this.#relay(update, origin, echo);
					if (metaChanged) void this.run(() => this.#desk.refresh()).catch(() => {});
				},
				(error: unknown) => {
					if (error instanceof StaleEpochError) this.lose();
					else this.fail(error);
					throw new Error(`could not store an update of board ${this.boardId}`, { cause: error });
				}
			);
		this.#relayTail = relayed.catch(() => {});
		if (compactionDue(this.#logLength, this.#logBytes, this.#stateBytes - this.#logBytes, this.#options.compactAfterUpdates, this.#foldFactor)) {
			this.#queueCompaction();
		}
		return { relayed, failure };
	}

	/**
	 * One stored update for every socket that should have it. Updates stored by one commit are
	 * relayed together once their promises have all settled (the next tick after the current
	 * microtasks): see #flushRelays. Anything else sent to a socket first sends what waits here, so
	 * the order sockets see is the order of the store.
	 */
	#relay(update: Uint8Array, origin: unknown, echo: boolean): void {
		if (this.connections.size === 0) return;
		this.#relays.push({ update, origin, echo });
		if (this.#relays.length === 1) process.nextTick(() => this.#flushRelays());
	}

	/**
	 * Sends the updates waiting to be relayed. One update is encoded once for all its receivers.
	 * Several (a commit that stored many, as a busy board's does) go, MAX_MERGED_UPDATES at a
	 * time, as one merged update to every socket that wrote none of them, when there are at least
	 * MIN_MERGE_RECEIVERS such sockets: one frame to encode, send and apply instead of one each,
	 * which is what a room of forty phones pays for most. A socket that wrote one of them gets the
	 * others one by one, in their order: never its own bytes back unless the server changed them.
	 */
	#flushRelays(): void {
		const relays = this.#relays;
		if (relays.length === 0) return;
		this.#relays = [];
		if (this.unloaded) return;
		const authors = new Set<unknown>();
		for (const relay of relays) if (!relay.echo) authors.add(relay.origin);
		let others = 0;
		for (const conn of this.connections) if (!authors.has(conn)) others++;
		const merged = relays.length > 1 && others >= MIN_MERGE_RECEIVERS;
		if (merged) {
			for (let first = 0; first < relays.length; first += MAX_MERGED_UPDATES) {
				const chunk = relays.slice(first, first + MAX_MERGED_UPDATES);
				const update = chunk.length === 1 ? chunk[0]!.update : Y.mergeUpdates(chunk.map((relay) => relay.update));
				if (chunk.length > 1) this.#options.counters.mergedRelays++;
				const message = encodeUpdate(update);
				const since = sinceOf(update);
				for (const conn of this.connections) if (!authors.has(conn)) this.#deliver(conn, message, since);
			}
		}
		for (const { update, origin, echo } of relays) {
			const message = encodeUpdate(update);
			const since = sinceOf(update);
			for (const conn of this.connections) {
				if (conn === origin && !echo) continue;
				if (merged && !authors.has(conn)) continue;
				this.#deliver(conn, message, since);
			}
		}
	}

	/** A new socket: ask it for what we lack, and show it who is here. */
	join(conn: Connection): void {
		this.connections.add(conn);
		this.#send(conn, encodeSyncStep1(this.doc));
		const states = [...this.awareness.getStates().keys()];
		if (states.length > 0) this.#send(conn, encodeAwareness(encodeAwarenessUpdate(this.awareness, states)));
	}

	/** A socket closed: its people leave the awareness, and what waited for it goes. */
	leave(conn: Connection): void {
		this.connections.delete(conn);
		this.#held.delete(conn);
		this.#uncongest(conn);
		const ids = [...conn.clientIds].filter((id) => this.#owners.get(id) === conn);
		for (const id of ids) this.#owners.delete(id);
		if (ids.length > 0) removeAwarenessStates(this.awareness, ids, conn);
		// One participant fewer for the facilitators' done count.
		if (conn.canEdit && !conn.canFacilitate && !this.unloaded) void this.run(() => this.#desk.refresh((c) => c.canFacilitate)).catch(() => {});
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
				// Not even encoded for a socket too slow to take it: it gets what it lacks when it drains.
				void this.run(async () => {
					// Never what is not stored yet.
					await this.#relayTail;
					this.#send(
						conn,
						() => encodeSyncStep2(this.doc, stateVector),
						() => fromStateVector(this.doc, stateVector)
					);
				}).catch(() => {});
				return;
			}
			case 'sync-step2':
			case 'update': {
				// A viewer's writes are dropped here: never applied, stored or relayed.
				if (!conn.canEdit) return;
				const { update, decoded } = message;
				// Not behind what this connection already has waiting: that may wait for this one (a
				// client back online sends new edits before the offline ones it syncs in answer to us).
				void this.run(async () => {
					if ((await this.#applyFrom(conn, update, decoded)) === 'applied') await this.#applyHeld();
				}).catch((error) => {
					if (!this.failed) this.#reject(conn, error);
				});
				return;
			}
			case 'awareness': {
				let guarded;
				try {
					let fresh = 0;
					guarded = guardAwarenessUpdate(message.update, { userId: conn.user.id, name: conn.user.name, guest: conn.user.guest }, (id) => {
						// A reconnecting client keeps its id (its old socket may not have closed yet).
						const user = this.#clientUsers.get(id);
						if (user !== undefined && user !== conn.user.id) return false;
						// A connection speaks for a few ids at most: nobody fills everyone's presence.
						return conn.clientIds.has(id) || conn.clientIds.size + fresh++ < MAX_CLIENT_IDS_PER_CONNECTION;
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
			case 'workshop': {
				// In the queue, like an update: it sees every update before it, and what it stores is
				// stored before anyone hears of it.
				const request = message.request;
				void this.run(() => this.#desk.handle(conn, request)).catch((error) => {
					if (this.failed) return;
					this.#options.log(`board ${this.boardId}: a workshop request from ${who(conn)} failed`, error);
					void this.#desk.handle(conn, { type: 'hello' }).catch(() => {});
				});
				return;
			}
		}
	}

	/**
	 * One update from an editor (inside `run`): refused if it is not the board's (closing the
	 * socket), held if it builds on what has not arrived yet, else applied under the board's rules
	 * (board-guard.ts), stored and relayed; the board's history keeps what it deleted.
	 */
	async #applyFrom(conn: Connection, update: Uint8Array, decoded: DecodedUpdate): Promise<'applied' | 'held' | 'refused'> {
		const analysis = analyzeUpdate(this.doc, update, decoded);
		if (analysis.kind === 'refused') {
			this.#options.counters.refusedBytes += update.byteLength;
			this.#options.log(`board ${this.boardId}: refused an update from ${who(conn)}: ${analysis.reason}`);
			conn.socket.close(CLOSE_NOT_BOARD, 'not part of the board');
			return 'refused';
		}
		if (analysis.kind === 'incomplete') {
			this.#hold(conn, update, decoded);
			return 'held';
		}
		const change = analysis.change;
		const history = this.#options.history;
		if (history && isLargeDeletion(change, () => this.#guard.notes.notes.size + this.#sectionCount())) {
			await this.#keepHistory(() => history.beforeLargeDeletion(this.boardId, this.doc, conn.user));
		}
		const changesBefore = this.#changes;
		const outcome: GuardOutcome = { undone: false, notices: [], deleted: [] };
		// Not awaited: the next update is applied while this one is stored (see #stage).
		const { relayed, failure } = this.#stage(conn, () => Object.assign(outcome, this.#guard.apply(conn, update, change)).undone);
		if (failure) {
			await relayed;
			throw failure;
		}
		const { notices, deleted } = outcome;
		// A storage failure is the room's (it has failed and closed every socket), not this connection's.
		void relayed.then(
			() => {
				for (const notice of notices) this.#send(conn, encodeNotice(notice));
			},
			() => {}
		);
		// A note refused in private or anonymous mode is in the stored update (undone): fold the log
		// into a snapshot now, which keeps none of it, rather than at the next compaction.
		if (notices.includes('private') || notices.includes('anonymous')) this.#queueCompaction();
		if (history) {
			if (deleted.length > 0) await this.#keepHistory(() => history.trashNotes(this.boardId, deleted, conn.user));
			if (this.#changes !== changesBefore && !outcome.undone) await this.#keepHistory(() => history.changed(this.boardId, this.doc));
		}
		return 'applied';
	}

	/** History is a safety net: its failure is logged, never the board's. */
	async #keepHistory(task: () => Promise<void>): Promise<void> {
		try {
			await task();
		} catch (error) {
			this.#options.log(`board ${this.boardId}: keeping history failed`, error);
		}
	}

	#sectionCount(): number {
		return boardRoots(this.doc).sections.size;
	}

	#hold(conn: Connection, update: Uint8Array, decoded: DecodedUpdate): void {
		const held = this.#held.get(conn) ?? { updates: [], bytes: 0 };
		held.updates.push({ update, decoded });
		held.bytes += update.byteLength;
		this.#held.set(conn, held);
		// Waiting too long for too much: start afresh (the provider reconnects and syncs).
		if (held.bytes > this.#options.maxHeldBytes) {
			this.#held.delete(conn);
			conn.socket.close(CLOSE_RESYNC, 'out of step');
		}
	}

	/** After an update went in: whatever waited for it, in each connection's order (inside `run`). */
	async #applyHeld(): Promise<void> {
		for (let progress = true; progress;) {
			progress = false;
			for (const [conn, held] of [...this.#held]) {
				while (held.updates.length > 0 && this.#held.get(conn) === held) {
					const next = held.updates[0]!;
					const analysis = analyzeUpdate(this.doc, next.update, next.decoded);
					if (analysis.kind === 'incomplete') break;
					held.updates.shift();
					held.bytes -= next.update.byteLength;
					if (held.updates.length === 0) this.#held.delete(conn);
					if ((await this.#applyFrom(conn, next.update, next.decoded)) === 'applied') progress = true;
				}
			}
		}
	}

	/** Folds the log into a snapshot (inside `run`), after any background fold still being written. */
	async compact(): Promise<void> {
		await this.#folding;
		await this.#relayTail;
		if (this.#logLength === 0 || this.failed) return;
		const state = Y.encodeStateAsUpdate(this.doc);
		try {
			await this.#store.snapshot(this.boardId, this.#lease.epoch, state, this.#lastSeq);
		} catch (error) {
			// The log still holds every update: nothing is lost, only not yet folded.
			if (error instanceof StaleEpochError) this.lose();
			throw error;
		}
		this.#logLength = 0;
		this.#logBytes = 0;
		this.#stateBytes = state.byteLength;
	}

	/** Lets go of the board's lease (after the last write; a no-op once it was lost). */
	releaseLease(): Promise<void> {
		return this.#lease.release();
	}

	/** Frees the room's memory. */
	destroy(): void {
		this.unloaded = true;
		if (this.#awarenessTimer) clearTimeout(this.#awarenessTimer);
		for (const conn of [...this.#congested.keys()]) this.#uncongest(conn);
		this.#held.clear();
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
		void this.#lease.release().catch(() => {});
		this.#onFailed(this);
	}

	/**
	 * The lease went to another room (a reload raced this one, or another node took the board):
	 * this copy writes nothing more, and its sockets are sent to reconnect, which brings them to
	 * the board's owner and resyncs what they have. Nothing is lost: whatever was relayed was
	 * stored first, and what was not stored is still in the clients that sent it.
	 */
	lose(): void {
		if (this.failed || this.unloaded) return;
		this.failed = true;
		this.lost = true;
		this.#options.log(`board ${this.boardId}: epoch ${this.#lease.epoch} lost its lease, sending its connections to reconnect`);
		for (const conn of this.connections) conn.socket.close(CLOSE_BOARD_MOVED, 'board moved');
		this.#onFailed(this);
	}

	/**
	 * Folds the log into a snapshot in the background. The document is encoded inside the queue
	 * (nothing applies meanwhile), but the queue does not wait for its write: updates go on being
	 * applied, stored and relayed while it is written. It is written once every update it holds is
	 * stored (their last sequence number is what it folds), so the log keeps every later one; one
	 * fold at a time per board, so a snapshot never replaces a newer one.
	 */
	#queueCompaction(): void {
		if (this.#compactionQueued) return;
		this.#compactionQueued = true;
		this.#foldFactor = 1 + this.#options.compactionSpread * Math.random();
		void this.run(() => {
			if (this.#logLength === 0 || this.failed) {
				this.#compactionQueued = false;
				return;
			}
			const state = Y.encodeStateAsUpdate(this.doc);
			const folded = { length: this.#logLength, bytes: this.#logBytes };
			const epoch = this.#lease.epoch;
			const stored = this.#lastStored;
			this.#folding = (async () => {
				try {
					const seq = await stored;
					if (this.failed || this.unloaded) return;
					await this.#store.snapshot(this.boardId, epoch, state, seq);
					this.#logLength -= folded.length;
					this.#logBytes -= folded.bytes;
					this.#stateBytes = state.byteLength + this.#logBytes;
				} catch (error) {
					// The log still holds every update: nothing is lost, only not yet folded.
					if (error instanceof StaleEpochError) this.lose();
					else this.#options.log(`board ${this.boardId}: compaction failed`, error);
				} finally {
					this.#compactionQueued = false;
				}
			})();
		}).catch((error) => this.#options.log(`board ${this.boardId}: compaction failed`, error));
	}

	#flushAwareness(): void {
		this.#awarenessTimer = null;
		this.#lastAwarenessFlush = performance.now();
		if (this.unloaded) return;
		const ids = [...this.#awarenessDirty].filter((id) => this.awareness.meta.has(id));
		this.#awarenessDirty.clear();
		if (ids.length === 0) return;
		const message = encodeAwareness(encodeAwarenessUpdate(this.awareness, ids));
		// Senders get their own state back too: the provider counts it as a sign of life.
		for (const conn of this.connections) this.#send(conn, message);
	}

	/**
	 * Sends a message, unless the socket is too slow to take it: then it gets nothing more, and is
	 * read no more, until it has sent out what it holds; `since` is the state a document message
	 * brings the client from, so that what it missed meanwhile goes in one message then.
	 */
	#send(conn: Connection, message: Uint8Array | (() => Uint8Array), since: Map<number, number> | (() => Map<number, number>) | null = null): void {
		this.#flushRelays();
		this.#deliver(conn, message, since);
	}

	/** #send without first sending the relays that wait. */
	#deliver(conn: Connection, message: Uint8Array | (() => Uint8Array), since: Map<number, number> | (() => Map<number, number>) | null = null): void {
		const socket = conn.socket;
		if (socket.readyState !== OPEN) return;
		let congested = this.#congested.get(conn);
		if (!congested && socket.bufferedAmount > this.#options.maxBufferedBytes) congested = this.#congest(conn);
		if (!congested) {
			corkForTurn(socket);
			sendBinary(socket, typeof message === 'function' ? message() : message);
			return;
		}
		if (!since) return;
		// A short congestion is caught up with the messages it missed (shared with every other
		// socket, so kept at no copy); a long one with one answer from the state it had, which
		// costs an encoding of the whole board.
		if (congested.missed) {
			const bytes = typeof message === 'function' ? message() : message;
			congested.missedBytes += bytes.byteLength;
			if (congested.missedBytes <= this.#options.maxBufferedBytes) congested.missed.push(bytes);
			else congested.missed = null;
		}
		for (const [client, clock] of typeof since === 'function' ? since() : since) {
			congested.from.set(client, Math.min(congested.from.get(client) ?? clock, clock));
		}
	}

	#congest(conn: Connection) {
		const from = Y.decodeStateVector(Y.encodeStateVector(this.doc));
		// Caught up as soon as its TCP socket has handed what it held to the kernel ('drain'); the
		// interval is what ends a congestion that lasts too long (and a fallback).
		const tcp = tcpOf(conn.socket);
		const onDrain = () => this.#drain(conn);
		tcp?.on('drain', onDrain);
		const congested: Congestion = {
			since: Date.now(),
			from,
			timer: setInterval(onDrain, 100),
			missed: [],
			missedBytes: 0,
			stop: () => tcp?.off('drain', onDrain)
		};
		this.#congested.set(conn, congested);
		this.#options.counters.congested++;
		conn.reading.hold('congested');
		return congested;
	}

	#drain(conn: Connection): void {
		const congested = this.#congested.get(conn);
		if (!congested) return;
		const socket = conn.socket;
		if (socket.readyState !== OPEN) return this.#uncongest(conn);
		if (Date.now() - congested.since > this.#options.congestionTimeoutMs) {
			this.#uncongest(conn);
			socket.terminate();
			return;
		}
		if (socket.bufferedAmount > this.#options.maxBufferedBytes / 4) return;
		this.#uncongest(conn);
		if (congested.missed) {
			// Every one was stored and relayed to the others: it gets them now, in their order,
			// before anything relayed after this.
			for (const message of congested.missed) this.#send(conn, message);
			const states = [...this.awareness.getStates().keys()];
			if (states.length > 0) this.#send(conn, encodeAwareness(encodeAwarenessUpdate(this.awareness, states)));
			return;
		}
		void this.run(async () => {
			await this.#relayTail;
			// What it missed (the whole delete set comes with any state), then everyone's presence.
			this.#send(conn, encodeSyncStep2(this.doc, encodeStateVector(congested.from)));
			const states = [...this.awareness.getStates().keys()];
			if (states.length > 0) this.#send(conn, encodeAwareness(encodeAwarenessUpdate(this.awareness, states)));
		}).catch(() => {});
	}

	#uncongest(conn: Connection): void {
		const congested = this.#congested.get(conn);
		if (!congested) return;
		clearInterval(congested.timer);
		congested.stop();
		this.#congested.delete(conn);
		this.#options.counters.congested--;
		conn.reading.release('congested');
	}

	#reject(conn: Connection, error: unknown): void {
		if (!(error instanceof MalformedMessage)) this.#options.log(`board ${this.boardId}: an update from ${who(conn)} failed`, error);
		const reason = error instanceof MalformedMessage ? error.message : 'update rejected';
		conn.socket.close(CLOSE_MALFORMED, reason.slice(0, 120));
	}
}

/** A socket too slow to take more (see `#send`). */
interface Congestion {
	since: number;
	/** The state it had: what it missed is everything since. */
	from: Map<number, number>;
	timer: ReturnType<typeof setInterval>;
	/** The document messages it missed, in order, while they fit in the socket's buffer bound; null past it. */
	missed: Uint8Array[] | null;
	missedBytes: number;
	/** Stops listening for its socket's drain. */
	stop(): void;
}

/**
 * Merging costs the hub about 17–30 µs an update (`Y.mergeUpdates`), more than a few sends of
 * it: worth it from this many receivers that wrote none of the updates (each also saves its
 * device a frame and a Yjs transaction an update).
 */
const MIN_MERGE_RECEIVERS = 3;
/** `Y.mergeUpdates` costs more than linear time: 1.7 ms for 100 updates, 32 ms for 1,000, 267 ms for 3,000. */
const MAX_MERGED_UPDATES = 100;

/** Up to this size a board's snapshot is rewritten every `compactAfterUpdates` updates. */
const SMALL_BOARD_BYTES = 64 * 1024;
/**
 * A bigger board waits until its log holds as many bytes as its snapshot beyond that. A quarter
 * made every stored byte cost four bytes of encoding on the event loop: in a paced run of 5,000
 * notes a second into one board, folds were 7–12 % of the hub's time, and with the whole
 * snapshot's worth the flood into one board went from 7,146 to 9,507 updates a second and the
 * p99 from 235 to 153 ms (bench/README.md). A load then replays up to the snapshot's bytes again
 * as log: about 340 ms for a 10,000-note board with 40,000 logged edits (applyStoredBoard).
 */
const LOG_SHARE_OF_SNAPSHOT = 1;

/**
 * Whether a board's log should be folded into its snapshot now. Folding re-encodes the whole
 * board (62 ms for a board of 110,000 edits), so a fixed count of updates would make a big
 * board's writes ever dearer; waiting for a log proportionate to the snapshot keeps the work per
 * stored byte constant, and a load replays at most about the board's size again as log.
 *
 * `factor` (1 or more) stretches both thresholds. Boards that take notes at the same pace, as a
 * workshop's group boards do, would otherwise reach them together and fold in one burst: 50
 * boards paced at 100 notes a second each folded within the same 100 ms every 3 s, and each burst
 * was a stall of the whole hub (bench/README.md, "Folds spread out").
 */
export function compactionDue(logLength: number, logBytes: number, snapshotBytes: number, afterUpdates: number, factor = 1): boolean {
	return logLength >= afterUpdates * factor && logBytes >= factor * LOG_SHARE_OF_SNAPSHOT * (snapshotBytes - SMALL_BOARD_BYTES);
}

/** What an answer to a request with `stateVector` brings its sender from: for every client the board knows. */
function fromStateVector(doc: Y.Doc, stateVector: Uint8Array): Map<number, number> {
	const theirs = Y.decodeStateVector(stateVector);
	const out = new Map<number, number>();
	for (const client of doc.store.clients.keys()) out.set(client, theirs.get(client) ?? 0);
	return out;
}

/** Who a connection is, for the log: a user's id, never a guest's (half of their cookie's token is in it). */
function who(conn: Connection): string {
	return conn.user.guest ? 'a guest' : `user ${conn.user.id}`;
}

/** What an update brings a client from (only a congested socket needs it): worked out once, when first asked. */
function sinceOf(update: Uint8Array): () => Map<number, number> {
	let from: Map<number, number> | null = null;
	return () => (from ??= Y.parseUpdateMeta(update).from);
}
