import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the collab hub tells about itself at scrape time (its `stats()`). */
export interface CollabStats {
	boards: number;
	connections: number;
	throttled: number;
}

/**
 * The process's Prometheus metrics, in a registry of its own (tests run several runtimes side by
 * side). Counters are bumped where things happen; the hub's gauges are read when scraped.
 */
export interface Metrics {
	readonly registry: Registry;
	/** One HTTP request SvelteKit answered: its route id (never the raw path), method and status. */
	httpRequest(route: string, method: string, status: number, seconds: number): void;
	/** One board update stored (before it was relayed), and how long storing took. */
	updatePersisted(seconds: number, bytes: number): void;
	/** One feedback response stored, by the channel it came through (web, qr, counter, phone, line…). */
	feedbackReceived(channel: string): void;
	/** One line logged at level error or above, by the component that logged it. */
	error(component: string): void;
	/** Reads the hub's gauges from `stats` at every scrape. */
	observeCollab(stats: () => CollabStats): void;
	/** The text a Prometheus scraper reads. */
	render(): Promise<{ contentType: string; body: string }>;
}

const PREFIX = 'prachalab_';

export function createMetrics(): Metrics {
	const registry = new Registry();
	collectDefaultMetrics({ register: registry, prefix: PREFIX });
	let collab: () => CollabStats = () => ({ boards: 0, connections: 0, throttled: 0 });

	const http = new Counter({
		name: `${PREFIX}http_requests_total`,
		help: 'HTTP requests answered, by SvelteKit route id, method and status.',
		labelNames: ['route', 'method', 'status'] as const,
		registers: [registry]
	});
	const httpSeconds = new Histogram({
		name: `${PREFIX}http_request_duration_seconds`,
		help: 'Time to answer an HTTP request, by SvelteKit route id.',
		labelNames: ['route'] as const,
		buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
		registers: [registry]
	});
	const persisted = new Counter({
		name: `${PREFIX}collab_updates_persisted_total`,
		help: 'Board updates stored (each before it was relayed).',
		registers: [registry]
	});
	const persistedBytes = new Counter({
		name: `${PREFIX}collab_updates_persisted_bytes_total`,
		help: 'Bytes of board updates stored.',
		registers: [registry]
	});
	const persistSeconds = new Histogram({
		name: `${PREFIX}collab_update_persist_seconds`,
		help: 'Time to store one board update (the wait before it is relayed).',
		buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
		registers: [registry]
	});
	const feedback = new Counter({
		name: `${PREFIX}feedback_responses_received_total`,
		help: 'Feedback responses stored, by channel.',
		labelNames: ['channel'] as const,
		registers: [registry]
	});
	const errors = new Counter({
		name: `${PREFIX}errors_total`,
		help: 'Lines logged at level error or above, by component.',
		labelNames: ['component'] as const,
		registers: [registry]
	});
	new Gauge({
		name: `${PREFIX}collab_connections`,
		help: 'Open board WebSocket connections.',
		registers: [registry],
		collect() {
			this.set(collab().connections);
		}
	});
	new Gauge({
		name: `${PREFIX}collab_boards_loaded`,
		help: 'Board documents loaded in memory.',
		registers: [registry],
		collect() {
			this.set(collab().boards);
		}
	});
	new Gauge({
		name: `${PREFIX}collab_connections_throttled`,
		help: 'Board connections paused now for sending too fast.',
		registers: [registry],
		collect() {
			this.set(collab().throttled);
		}
	});

	return {
		registry,
		httpRequest(route, method, status, seconds) {
			http.inc({ route, method, status: String(status) });
			httpSeconds.observe({ route }, seconds);
		},
		updatePersisted(seconds, bytes) {
			persisted.inc();
			persistedBytes.inc(bytes);
			persistSeconds.observe(seconds);
		},
		feedbackReceived: (channel) => feedback.inc({ channel }),
		error: (component) => errors.inc({ component }),
		observeCollab(stats) {
			collab = stats;
		},
		async render() {
			return { contentType: registry.contentType, body: await registry.metrics() };
		}
	};
}
