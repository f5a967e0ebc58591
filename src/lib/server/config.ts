import { databasePathFromUrl } from './db/open.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './collab/rate-limit.ts';

/** Everything the server reads from its environment, read in one place. */
export interface Config {
	port: number;
	host: string;
	databasePath: string;
	/** The app's public origin (adapter-node's ORIGIN); when unset, the request's own Host. */
	origin: string | undefined;
	adminEmail: string | undefined;
	adminPassword: string | undefined;
	/** Largest collab message accepted, in bytes. */
	collabMaxMessageBytes: number;
	/** What one collab connection may send (collab/rate-limit.ts has the defaults and why). */
	collabRate: RateLimits;
	/** Quiet the start-up banner (tests). */
	quiet: boolean;
}

function positiveInt(value: string | undefined, fallback: number): number {
	const n = Number(value);
	return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** A TCP port; 0 asks the system for a free one (tests). */
function port(value: string | undefined, fallback: number): number {
	if (value === undefined || value.trim() === '') return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`PORT must be a port number, not "${value}"`);
	return n;
}

export function readConfig(env: Record<string, string | undefined>): Config {
	const maxMessageBytes = positiveInt(env.COLLAB_MAX_MESSAGE_BYTES, 1024 * 1024);
	const d = DEFAULT_RATE_LIMITS;
	return {
		port: port(env.PORT, 3000),
		host: env.HOST || '0.0.0.0',
		databasePath: databasePathFromUrl(env.DATABASE_URL || 'data/prachalab.db'),
		origin: env.ORIGIN || undefined,
		adminEmail: env.ADMIN_EMAIL || undefined,
		adminPassword: env.ADMIN_PASSWORD || undefined,
		collabMaxMessageBytes: maxMessageBytes,
		collabRate: {
			messagesPerSecond: positiveInt(env.COLLAB_MESSAGES_PER_SECOND, d.messagesPerSecond),
			messageBurst: positiveInt(env.COLLAB_MESSAGE_BURST, d.messageBurst),
			bytesPerSecond: positiveInt(env.COLLAB_BYTES_PER_SECOND, d.bytesPerSecond),
			// One largest message must always get through.
			byteBurst: Math.max(maxMessageBytes, positiveInt(env.COLLAB_BYTE_BURST, d.byteBurst))
		},
		quiet: env.PRACHALAB_QUIET === '1'
	};
}
