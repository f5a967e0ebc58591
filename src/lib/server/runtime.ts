import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Config } from './config.ts';
import { migrateToLatest } from './db/migrate.ts';
import { isPostgresUrl, openDatabase, type DB } from './db/open.ts';
import { withDatabaseLock } from './db/locks.ts';
import { lockDatabaseFile } from './db/process-lock.ts';
import { startCheckpointer } from './db/checkpointer.ts';
import { createLimiters, createMemoryLimiters, redisStore, type Limiters } from './limits/limiters.ts';
import { LOGIN_DEVICE_KEY } from './auth/login-device.ts';
import { seedFirstStart, type FirstStartReport } from './demo/first-start.ts';
import { createCollabHub, type BoardAccess } from './collab/hub.ts';
import { createSqlBoardStore, type BoardStore } from './collab/board-store.ts';
import { BoardOwnedElsewhere, createLocalBoardOwnership, createSharedBoardOwnership, type BoardOwnership } from './collab/ownership.ts';
import { createLocalEvents, type Events } from './events/events.ts';
import { createRedisEvents } from './events/redis-events.ts';
import { connectRedis } from './redis/client.ts';
import { createPeers, handleClusterRequest } from './cluster/peers.ts';
import { createFileBlobStore, type BlobStore } from './files/blob-store.ts';
import { VOTER_KEY } from './collab/voters.ts';
import { DEFAULT_RULES } from './collab/rules/index.ts';
import { serverKey } from './keys.ts';
import { createFeedbackRuntime, type FeedbackRuntime } from './feedback/runtime.ts';
import { createParticipationRuntime, type ParticipationRuntime } from './participation/runtime.ts';
import { createLocalJobs, createPostgresJobs, type Jobs } from './jobs.ts';
import { startAuditRetentionJob, type AuditRetentionJob } from './audit/retention.ts';
import { componentLog, createLogger, type Logger } from './ops/logger.ts';
import { createMetrics, type Metrics } from './ops/metrics.ts';
import { createReadiness, databaseProbe, type Probe, type Readiness } from './ops/health.ts';
import { clientAddress } from './http/client-address.ts';

/**
 * The process-wide server state: one database, one set of limits, one collab hub, and the seams
 * the hub and the services depend on (board store and ownership, events, blobs). Each seam has
 * a single-process implementation here; several app servers swap in shared ones.
 */
export interface Runtime {
	config: Config;
	db: DB;
	/** Where board documents are stored; every write fenced by the board's lease epoch. */
	boardStore: BoardStore;
	/** Which process holds which board (here: this one, alone on its database). */
	boardOwnership: BoardOwnership;
	/** "Access changed" and the like, to every part of the server that must act on it. */
	events: Events;
	/** Attachment bytes. */
	blobs: BlobStore;
	/** Every rate limit (login, join codes, the public feedback form): limits/limiters.ts. */
	limiters: Limiters;
	/** Signs the device tokens of browsers that signed in (auth/login-device.ts). */
	loginDeviceKey: Uint8Array;
	firstStart: FirstStartReport;
	/** The live boards: read one, or change it (stored, then relayed to everyone on it). */
	collab: BoardAccess;
	/** The key board pages derive each person's anonymous voter seed from (collab/voters.ts). */
	voterKey: Uint8Array;
	/** Background work that must not run twice at once (retention); one process here. */
	jobs: Jobs;
	/** Citizen feedback: the public form's limits and signing key, the retention job (run at start, then daily). */
	feedback: FeedbackRuntime;
	/** The audit trail's retention: how long an event is kept, and the daily purge. */
	audit: { retentionDays: number; retention: AuditRetentionJob };
	/** Citizens' stories, ideas and supports: the supporters' key, the supports limit, the retention job. */
	participation: ParticipationRuntime;
	/** Structured JSON logs (pino), one logger per process. */
	log: Logger;
	/** Prometheus metrics of this process, served at /metrics (ops/endpoints.ts). */
	metrics: Metrics;
	/** What /readyz answers: the database (and Redis, when configured) answer, and no shutdown has begun. */
	readiness: Readiness;
	/** Takes over an HTTP upgrade (the collab WebSocket); anything else is refused. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
	/** Answers other nodes' board requests (`/_cluster/…`, several nodes); false for any other request. */
	handleClusterRequest(request: IncomingMessage, response: ServerResponse): boolean;
	/** Told where the server listens: unless NODE_INTERNAL_URL says otherwise, other nodes reach this one there. */
	listening(port: number, host: string): void;
	close(): Promise<void>;
}

// SvelteKit's server bundle, Vite's dev module graph and server/index.ts each load their own
// copy of this module; a global slot is what keeps them on a single runtime.
const SLOT = Symbol.for('prachalab.runtime');
type Slot = { [SLOT]?: Promise<Runtime> };

/** Starts the runtime once per process (later calls get the same one). */
export function startRuntime(config: Config): Promise<Runtime> {
	const slot = globalThis as Slot;
	slot[SLOT] ??= createRuntime(config);
	return slot[SLOT];
}

/** The running runtime; throws if nothing started it (a wiring bug, not a user error). */
export function currentRuntime(): Promise<Runtime> {
	const runtime = (globalThis as Slot)[SLOT];
	if (!runtime) throw new Error('the Prachalab runtime was not started');
	return runtime;
}

/** The server key whose hex is the token nodes show each other (cluster/peers.ts). */
const CLUSTER_KEY = 'cluster-node';

/** A SQLite database in a file (not PostgreSQL, not `:memory:`): what the process lock and the checkpointer are for. */
function isSqliteFile(location: string): boolean {
	return location !== ':memory:' && !isPostgresUrl(location);
}

/** Builds a runtime without registering it globally (tests run several side by side). */
export async function createRuntime(config: Config): Promise<Runtime> {
	// Before anything touches the file: a second server on it refuses to start (db/process-lock.ts).
	// PostgreSQL is shared by design: there every board write is fenced by its lease's epoch.
	const lock = isSqliteFile(config.databasePath) ? lockDatabaseFile(config.databasePath) : null;
	try {
		return await assembleRuntime(config, () => lock?.release());
	} catch (error) {
		lock?.release();
		throw error;
	}
}

async function assembleRuntime(config: Config, unlock: () => void): Promise<Runtime> {
	const metrics = createMetrics();
	const log = createLogger({ level: config.ops.logLevel, onError: metrics.error });
	const db = openDatabase(config.databasePath);
	await migrateToLatest(db);
	// A file's WAL is checkpointed from a worker thread, never inside a board's commit (db/checkpointer.ts).
	const checkpointer = isSqliteFile(config.databasePath)
		? await startCheckpointer(db, config.databasePath, { log: componentLog(log, 'database') })
		: null;
	// Several nodes may start on one empty PostgreSQL database at once: one seeds, the others then find it seeded.
	const firstStart = await withDatabaseLock(db, 'prachalab first start', () => seedFirstStart(db, config));
	const voterKey = await serverKey(db, VOTER_KEY);
	const boardStore = createSqlBoardStore(db);
	// PostgreSQL may be shared by several nodes: leases expire unless renewed, and a board another
	// node owns is reached through it (cluster/peers.ts). With REDIS_URL, limits and events are
	// shared too. Without either, everything stays in this process.
	const shared = isPostgresUrl(config.databasePath);
	let address = config.cluster.internalUrl ?? null;
	const boardOwnership = shared
		? createSharedBoardOwnership(db, {
				nodeId: config.cluster.nodeId,
				address: () => address,
				leaseMs: config.cluster.leaseMs,
				log: componentLog(log, 'collab')
			})
		: createLocalBoardOwnership(db, { nodeId: config.cluster.nodeId });
	const peers = shared ? createPeers(await serverKey(db, CLUSTER_KEY)) : undefined;
	const redis = config.ops.redisUrl ? connectRedis(config.ops.redisUrl, config.cluster.redisPrefix) : null;
	const events = redis ? createRedisEvents(redis, componentLog(log, 'events')) : createLocalEvents(componentLog(log, 'events'));
	const blobs = createFileBlobStore(config.attachmentsDir);
	const hub = createCollabHub({
		db,
		store: boardStore,
		ownership: boardOwnership,
		events,
		origin: config.origin,
		maxMessageBytes: config.collabMaxMessageBytes,
		rateLimits: config.collabRate,
		maxBoardBytes: config.collabMaxBoardBytes,
		socketLimits: config.collabSockets,
		// A socket another node piped here carries the client address that node saw (believed only with the cluster key).
		addressOf: (request) => peers?.forwardedClient(request) ?? clientAddress(request, config.address),
		rules: DEFAULT_RULES,
		voterKey,
		log: componentLog(log, 'collab'),
		peers,
		onPersisted: (ms, bytes) => metrics.updatePersisted(ms / 1000, bytes)
	});
	metrics.observeCollab(() => hub.stats());
	const jobs = shared ? createPostgresJobs(db) : createLocalJobs();
	// One process: counts in memory. Several share Redis's (RateLimiterRedis).
	const limiters = redis ? createLimiters(redisStore(redis.command, redis.prefix)) : createMemoryLimiters();
	const loginDeviceKey = await serverKey(db, LOGIN_DEVICE_KEY);
	const feedback = await createFeedbackRuntime(db, { limiters, jobs, minFillMs: config.formMinFillMs, log: componentLog(log, 'feedback') });
	const auditRetention = startAuditRetentionJob(db, {
		jobs,
		retentionDays: config.auditRetentionDays,
		log: componentLog(log, 'audit')
	});
	const participation = await createParticipationRuntime(db, { limiters, blobs, jobs, log: componentLog(log, 'participation') });
	const probes: Probe[] = [databaseProbe(db)];
	if (redis) probes.push({ name: 'redis', check: async () => void (await redis.command.ping()) });
	return {
		config,
		db,
		boardStore,
		boardOwnership,
		events,
		blobs,
		limiters,
		loginDeviceKey,
		firstStart,
		collab: { readBoard: hub.readBoard, changeBoard: hub.changeBoard, compactBoard: hub.compactBoard, forgetInHistory: hub.forgetInHistory },
		voterKey,
		jobs,
		feedback,
		audit: { retentionDays: config.auditRetentionDays, retention: auditRetention },
		participation,
		log,
		metrics,
		readiness: createReadiness(probes, log),
		handleUpgrade: hub.handleUpgrade,
		handleClusterRequest: (request, response) =>
			peers ? handleClusterRequest(request, response, peers, hub, (error) => error instanceof BoardOwnedElsewhere) : false,
		listening(port, host) {
			if (address) return;
			address = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
			if (shared && host !== '127.0.0.1' && host !== 'localhost')
				log.warn({ address }, 'NODE_INTERNAL_URL is not set: other servers reach this one at this address, right only for servers on this machine');
		},
		async close() {
			feedback.close();
			auditRetention.stop();
			participation.close();
			// Boards first: their last states go to the database before it closes.
			await hub.close();
			await checkpointer?.close();
			await boardOwnership.close();
			await events.close();
			await redis?.close();
			await db.destroy();
			unlock();
		}
	};
}
