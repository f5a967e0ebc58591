/**
 * One process of bench/intake-compare.bench.ts's load: told over IPC what to post (a target, the
 * bodies, how many at a time, which loopback addresses), it posts them as a phone's browser does
 * and answers with every latency and the number of posts not answered as the target should (a
 * 303 with its cookie). Several run side by side, pinned to the core the server is not on, so
 * the load generator is never what limits the figure.
 */
import { Agent, request } from 'node:http';

export interface LoadOrder {
	port: number;
	path: string;
	/** The cookie a stored post is answered with. */
	cookie: string;
	bodies: string[];
	concurrency: number;
	/** Posts from one address before the next (the per-address limit). */
	perAddress: number;
	/** The first of the addresses this process may use (a sequence number, see address()). */
	firstAddress: number;
}

export interface LoadResult {
	latencies: number[];
	failures: number;
	addressesUsed: number;
}

/** The loopback address numbered `n` (Linux routes all of 127.0.0.0/8 to lo). */
export function address(n: number): string {
	return `127.${1 + Math.floor(n / 60000)}.${Math.floor(n / 250) % 240}.${1 + (n % 250)}`;
}

function post(order: LoadOrder, agent: Agent, from: string, payload: string): Promise<{ ok: boolean; ms: number }> {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const req = request(
			{
				host: '127.0.0.1',
				port: order.port,
				method: 'POST',
				path: order.path,
				agent,
				localAddress: from,
				headers: {
					origin: `http://127.0.0.1:${order.port}`,
					accept: 'text/html',
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': Buffer.byteLength(payload)
				}
			},
			(res) => {
				res.resume();
				res.on('end', () =>
					resolve({
						ok: res.statusCode === 303 && (res.headers['set-cookie'] ?? []).some((c) => c.startsWith(`${order.cookie}=`)),
						ms: performance.now() - started
					})
				);
			}
		);
		req.on('error', reject);
		req.end(payload);
	});
}

export async function runLoad(order: LoadOrder): Promise<LoadResult> {
	const latencies: number[] = [];
	let failures = 0;
	let next = 0;
	let addresses = 0;
	await Promise.all(
		Array.from({ length: order.concurrency }, async () => {
			let sent = order.perAddress;
			let from = '';
			let agent: Agent | null = null;
			for (;;) {
				const i = next++;
				if (i >= order.bodies.length) break;
				if (sent >= order.perAddress) {
					agent?.destroy();
					agent = new Agent({ keepAlive: true, maxSockets: 1 });
					from = address(order.firstAddress + addresses++);
					sent = 0;
				}
				sent++;
				const result = await post(order, agent!, from, order.bodies[i]!);
				latencies.push(result.ms);
				if (!result.ok) failures++;
			}
			agent?.destroy();
		})
	);
	return { latencies, failures, addressesUsed: addresses };
}

if (process.send) {
	process.on('message', (order: LoadOrder) => {
		runLoad(order).then(
			(result) => process.send!(result),
			(error: unknown) => process.send!({ error: String(error) })
		);
	});
}
