import { databasePathFromUrl } from './db/open.ts';
import { attachmentDirectory } from './files/attachments.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './collab/rate-limit.ts';
import { DEFAULT_SOCKET_LIMITS, type SocketLimits } from './collab/socket-limits.ts';
import { DEFAULT_MAX_BOARD_BYTES } from './collab/rules/board-size.ts';
import { readAddressConfig, type AddressConfig } from './http/client-address.ts';
import { readOpsConfig, type OpsConfig } from './ops/config.ts';
import { readOpenDataConfig, type OpenDataConfig } from './open-data/config.ts';
import { readAuditRetentionDays } from './audit/retention.ts';
import { MIN_FILL_MS } from './feedback/runtime.ts';

/** Everything the server reads from its environment, read in one place. */
export interface Config {
	port: number;
	/** `HOST` when set; otherwise the server chooses (server/index.ts): localhost while the demo's public passwords are in the database. */
	host: string | undefined;
	/** A SQLite file, or a postgres:// URL. */
	databasePath: string;
	/** Where prototype attachments are kept (ATTACHMENTS_DIR; by default beside a SQLite file, or data/attachments). */
	attachmentsDir: string;
	/** The app's public origin (adapter-node's ORIGIN); when unset, the request's own Host. */
	origin: string | undefined;
	/** Where a client's address comes from behind a proxy (`ADDRESS_HEADER`, `XFF_DEPTH`, as adapter-node reads them). */
	address: AddressConfig;
	adminEmail: string | undefined;
	adminPassword: string | undefined;
	/** Largest collab message accepted, in bytes. */
	collabMaxMessageBytes: number;
	/** What one collab connection may send (collab/rate-limit.ts has the defaults and why). */
	collabRate: RateLimits;
	/** The largest a board may grow (its stored state), in bytes. */
	collabMaxBoardBytes: number;
	/** Open collab sockets per user, guest and client address (collab/socket-limits.ts has the defaults and why). */
	collabSockets: SocketLimits;
	/** Quiet the start-up banner (tests); logs then default to warnings and errors. */
	quiet: boolean;
	/** Logs, metrics, readiness and shutdown (ops/config.ts). */
	ops: OpsConfig;
	/** The open-data catalogue's publisher, contact and licence (open-data/config.ts). */
	openData: OpenDataConfig;
	/** How long the audit trail keeps an event (`AUDIT_RETENTION_DAYS`, at least 90; audit/retention.ts). */
	auditRetentionDays: number;
	/** The public forms' minimum fill time: a form sent sooner is shown again to be confirmed. */
	formMinFillMs: number;
	/** Several app servers (README "Running on several servers"). */
	cluster: ClusterConfig;
}

export interface ClusterConfig {
	/** `NODE_ID`: this node's name in board leases and logs; by default host, pid and a random part. */
	nodeId: string | undefined;
	/**
	 * `NODE_INTERNAL_URL`: where the other nodes reach this one (forwarded sockets, board changes),
	 * e.g. `http://10.0.0.5:3000`. By default `http://127.0.0.1:PORT`: right only for nodes on one machine.
	 */
	internalUrl: string | undefined;
	/** `REDIS_PREFIX`: before every Redis key and channel, so deployments can share a Redis. */
	redisPrefix: string;
	/** `BOARD_LEASE_MS`: how long a board's lease holds unrenewed: how soon another node takes the boards of one that died. */
	leaseMs: number;
}

function internalUrl(value: string | undefined): string | undefined {
	if (!value?.trim()) return undefined;
	const url = new URL(value.trim());
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`NODE_INTERNAL_URL must be an http(s) URL, not "${value}"`);
	return url.origin;
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
	const databasePath = databasePathFromUrl(env.DATABASE_URL || 'data/prachalab.db');
	return {
		port: port(env.PORT, 3000),
		host: env.HOST?.trim() || undefined,
		databasePath,
		attachmentsDir: env.ATTACHMENTS_DIR || attachmentDirectory(databasePath),
		origin: env.ORIGIN || undefined,
		address: readAddressConfig(env),
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
		// A board always has room for one largest message.
		collabMaxBoardBytes: Math.max(maxMessageBytes, positiveInt(env.COLLAB_MAX_BOARD_BYTES, DEFAULT_MAX_BOARD_BYTES)),
		collabSockets: {
			perUser: positiveInt(env.COLLAB_SOCKETS_PER_USER, DEFAULT_SOCKET_LIMITS.perUser),
			perGuest: positiveInt(env.COLLAB_SOCKETS_PER_GUEST, DEFAULT_SOCKET_LIMITS.perGuest),
			perAddress: positiveInt(env.COLLAB_SOCKETS_PER_ADDRESS, DEFAULT_SOCKET_LIMITS.perAddress)
		},
		quiet: env.PRACHALAB_QUIET === '1',
		ops: readOpsConfig(env, env.PRACHALAB_QUIET === '1'),
		openData: readOpenDataConfig(env),
		cluster: {
			nodeId: env.NODE_ID?.trim() || undefined,
			internalUrl: internalUrl(env.NODE_INTERNAL_URL),
			redisPrefix: env.REDIS_PREFIX ?? 'prachalab:',
			leaseMs: positiveInt(env.BOARD_LEASE_MS, 3_000)
		},
		auditRetentionDays: readAuditRetentionDays(env.AUDIT_RETENTION_DAYS),
		formMinFillMs: positiveInt(env.FORM_MIN_FILL_SECONDS, MIN_FILL_MS / 1000) * 1000
	};
}
