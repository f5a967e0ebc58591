import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Config } from './config.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openDatabase, type DB } from './db/open.ts';
import { createLoginLimits, TokenBucket, type LoginLimits } from './auth/rate-limit.ts';
import { seedFirstStart, type FirstStartReport } from './demo/first-start.ts';
import { createCollabHub, type BoardAccess } from './collab/hub.ts';
import { VOTER_KEY } from './collab/voters.ts';
import { serverKey } from './keys.ts';
import { createFeedbackRuntime, type FeedbackRuntime } from './feedback/runtime.ts';

/** The process-wide server state: one database, one set of limits, one collab hub. */
export interface Runtime {
	config: Config;
	db: DB;
	loginLimits: LoginLimits;
	/** Tries at /join per client address (10, then one every 30 s): join codes cannot be guessed. */
	joinLimits: TokenBucket;
	firstStart: FirstStartReport;
	/** The live boards: read one, or change it (stored, then relayed to everyone on it). */
	collab: BoardAccess;
	/** The key board pages derive each person's anonymous voter seed from (collab/voters.ts). */
	voterKey: Uint8Array;
	/** Citizen feedback: the public form's limits and signing key, the retention job (run at start, then daily). */
	feedback: FeedbackRuntime;
	/** Checks every open board socket's access now (after a change that ends some, e.g. guest access). */
	recheckCollabAccess(): Promise<void>;
	/** Takes over an HTTP upgrade (the collab WebSocket); anything else is refused. */
	handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
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

/** Builds a runtime without registering it globally (tests run several side by side). */
export async function createRuntime(config: Config): Promise<Runtime> {
	const db = openDatabase(config.databasePath);
	await migrateToLatest(db);
	const firstStart = await seedFirstStart(db, config);
	const voterKey = await serverKey(db, VOTER_KEY);
	const hub = createCollabHub({ db, origin: config.origin, maxMessageBytes: config.collabMaxMessageBytes, rateLimits: config.collabRate, voterKey });
	const feedback = createFeedbackRuntime(db);
	return {
		config,
		db,
		loginLimits: createLoginLimits(),
		joinLimits: new TokenBucket(10, 30_000),
		firstStart,
		collab: { readBoard: hub.readBoard, changeBoard: hub.changeBoard },
		voterKey,
		feedback,
		handleUpgrade: hub.handleUpgrade,
		recheckCollabAccess: () => hub.recheckAccess(),
		async close() {
			feedback.close();
			// Boards first: their last states go to the database before it closes.
			await hub.close();
			await db.destroy();
		}
	};
}
