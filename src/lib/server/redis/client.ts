import { Redis } from 'ioredis';

/**
 * Redis, when the deployment has one (REDIS_URL): the store every node shares for rate limits
 * and the bus for events (limits/limiters.ts, events/redis-events.ts). ioredis: the client
 * rate-limiter-flexible is built and tested against, with reconnection, pipelining and
 * pub/sub in one well-kept package.
 *
 * Every key and channel starts with the deployment's prefix (REDIS_PREFIX, default
 * `prachalab:`), so one Redis can serve several deployments (or test runs) apart.
 */
export interface RedisConnections {
	/** Commands (limits, PUBLISH). */
	command: Redis;
	/** A connection in subscriber mode (it can do nothing else). */
	subscriber: Redis;
	prefix: string;
	close(): Promise<void>;
}

/**
 * Opens the two connections a node needs. It does not wait for Redis: a node whose Redis is
 * away starts, reports it in /readyz (so the proxy sends it nothing), and ioredis connects
 * as soon as Redis answers; meanwhile a limit check fails ("try again later") and events reach
 * this node only.
 */
export function connectRedis(url: string, prefix: string): RedisConnections {
	const options = {
		// A command while Redis is away fails after a few tries instead of queueing forever:
		// a limit's store error then answers "try again later", never "allowed".
		maxRetriesPerRequest: 2,
		connectTimeout: 5_000
	};
	const command = new Redis(url, { ...options, connectionName: 'prachalab' });
	const subscriber = new Redis(url, { ...options, connectionName: 'prachalab-events' });
	// ioredis reconnects by itself; without a listener an 'error' would crash the process.
	for (const client of [command, subscriber]) client.on('error', () => {});
	return {
		command,
		subscriber,
		prefix,
		async close() {
			// QUIT waits for Redis; a connection still trying to reach it just stops.
			await Promise.allSettled([command, subscriber].map(async (client) => (client.status === 'ready' ? client.quit() : client.disconnect())));
		}
	};
}
