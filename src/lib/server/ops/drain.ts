import type { Server, ServerResponse } from 'node:http';
import type { Logger } from './logger.ts';
import type { Readiness } from './health.ts';

/** The HTTP requests being answered now, so a shutdown can wait for them. */
export class RequestTracker {
	#open = new Set<ServerResponse>();
	#draining = false;
	#onIdle: (() => void)[] = [];
	#server: Server | null = null;

	/** Counts `res` until it is finished or aborted. */
	track(res: ServerResponse): void {
		// From the first signal on, every answer tells the client not to send another on this connection.
		if (this.#draining) res.setHeader('connection', 'close');
		this.#open.add(res);
		res.once('close', () => {
			this.#open.delete(res);
			// A keep-alive connection whose last answer just went out is idle now: let it go.
			if (this.#draining) this.#server?.closeIdleConnections();
			if (this.#open.size === 0) for (const resolve of this.#onIdle.splice(0)) resolve();
		});
	}

	get size(): number {
		return this.#open.size;
	}

	/** Marks every answer not yet begun `Connection: close`, and closes connections as they fall idle. */
	startDraining(server: Server): void {
		this.#draining = true;
		this.#server = server;
		for (const res of this.#open) if (!res.headersSent) res.setHeader('connection', 'close');
	}

	/** Resolves once no request is being answered. */
	idle(): Promise<void> {
		if (this.#open.size === 0) return Promise.resolve();
		return new Promise((resolve) => this.#onIdle.push(resolve));
	}
}

export interface DrainOptions {
	/** The app's listener. */
	server: Server;
	/** Other listeners to stop at once (the metrics port). */
	others?: Server[];
	requests: RequestTracker;
	readiness: Readiness;
	/** What to close once no request is in flight: the runtime (boards stored, sockets closed, database closed). */
	close(): Promise<void>;
	log: Logger;
	/** How long to go on serving after /readyz turned 503 (for a proxy's health checks to notice). */
	delayMs: number;
	/** How long requests in flight may take to finish once no new connection is accepted. */
	timeoutMs: number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A graceful stop: /readyz answers 503; after `delayMs` no new connection is accepted; requests
 * in flight get `timeoutMs` to finish (then their connections are closed); then `close()` runs.
 * Resolves with how many requests were cut off.
 */
export async function drain(options: DrainOptions): Promise<{ cutOff: number }> {
	const { server, requests, log } = options;
	options.readiness.startDraining();
	log.info({ delayMs: options.delayMs, requests: requests.size }, 'draining: /readyz answers 503');
	requests.startDraining(server);
	if (options.delayMs > 0) await wait(options.delayMs);

	server.close();
	server.closeIdleConnections();
	for (const other of options.others ?? []) {
		other.close();
		other.closeAllConnections();
	}
	let timer: ReturnType<typeof setTimeout> | undefined;
	const finished = await Promise.race([
		requests.idle().then(() => true),
		new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), options.timeoutMs)))
	]);
	clearTimeout(timer);
	const cutOff = finished ? 0 : requests.size;
	if (!finished) {
		log.warn({ requests: cutOff, timeoutMs: options.timeoutMs }, 'closing connections of requests still in flight');
		server.closeAllConnections();
	}
	await options.close();
	return { cutOff };
}
