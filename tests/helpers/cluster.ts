import { connect, createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import { startAppServer, type AppServer } from './app-server.ts';
import { createTestDatabase, testPostgresUrl } from './postgres.ts';
import { testRedisPrefix, testRedisUrl } from './redis.ts';

/**
 * Several app servers (real processes) on one PostgreSQL database and one Redis, as a
 * deployment runs them: for the two-node tests (multinode*.test.ts), which run only when
 * DATABASE_URL is a postgres URL and REDIS_URL is set.
 */
export interface Cluster {
	databaseUrl: string;
	nodes: AppServer[];
	/** Starts one more node on the cluster's database and Redis. */
	add(name: string, env?: Record<string, string>): Promise<AppServer>;
	stop(): Promise<void>;
}

export async function startCluster(names: string[], env: Record<string, string> = {}): Promise<Cluster> {
	const databaseUrl = await createTestDatabase(testPostgresUrl()!);
	const prefix = testRedisPrefix('cluster');
	const nodes: AppServer[] = [];
	const add = async (name: string, more: Record<string, string> = {}) => {
		const node = await startAppServer({
			databasePath: databaseUrl,
			env: { REDIS_URL: testRedisUrl()!, REDIS_PREFIX: prefix, NODE_ID: name, ...env, ...more }
		});
		nodes.push(node);
		return node;
	};
	// One after the other: the first seeds the database (the others would wait for it anyway).
	for (const name of names) await add(name);
	return {
		databaseUrl,
		nodes,
		add,
		async stop() {
			await Promise.all(nodes.map((node) => node.kill()));
			for (const node of nodes) node.cleanup();
		}
	};
}

/**
 * A test router standing in for the load balancer: every connection goes to the first node of
 * `prefer` that accepts it (a client "on node A" is one whose router prefers A; when A is gone
 * it lands on the next, as HAProxy's health checks would send it).
 */
export interface Router {
	port: number;
	url: string;
	close(): Promise<void>;
}

export async function startRouter(prefer: AppServer[]): Promise<Router> {
	const open = new Set<Socket>();
	const server: Server = createServer((client) => {
		open.add(client);
		client.on('close', () => open.delete(client));
		client.on('error', () => {});
		client.pause();
		const tryNode = (i: number) => {
			if (i >= prefer.length) return client.destroy();
			const upstream = connect(prefer[i]!.port, '127.0.0.1');
			const next = () => tryNode(i + 1);
			upstream.once('error', next);
			upstream.once('connect', () => {
				upstream.off('error', next);
				upstream.on('error', () => client.destroy());
				upstream.on('close', () => client.destroy());
				client.on('close', () => upstream.destroy());
				upstream.setNoDelay(true);
				client.pipe(upstream);
				upstream.pipe(client);
				client.resume();
			});
		};
		tryNode(0);
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		port,
		url: `http://127.0.0.1:${port}`,
		async close() {
			for (const socket of open) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
