import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readiness } from './health.ts';
import type { Metrics } from './metrics.ts';

/**
 * `/healthz`, `/readyz` and `/metrics`, answered before SvelteKit sees the request: they read no
 * session, no language and no body, so a proxy or a scraper polling them costs next to nothing.
 */
export interface OpsEndpointOptions {
	readiness: Readiness;
	metrics: Metrics;
	/** `/metrics` on this listener needs `Authorization: Bearer <token>`; without a token it is not served here. */
	metricsToken: string | undefined;
}

function send(
	req: IncomingMessage,
	res: ServerResponse,
	status: number,
	contentType: string,
	body: string,
	headers: Record<string, string> = {}
): void {
	res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body), ...headers });
	res.end(req.method === 'HEAD' ? undefined : body);
}

function json(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
	send(req, res, status, 'application/json', JSON.stringify(value));
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares in constant time (over digests, so the lengths cannot be told apart either). */
function bearerMatches(header: string | undefined, token: string): boolean {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

/** Answers the operations paths; returns false for every other request (the app's). */
export function handleOpsRequest(req: IncomingMessage, res: ServerResponse, options: OpsEndpointOptions): boolean {
	const path = (req.url ?? '/').split('?', 1)[0];
	if (path !== '/healthz' && path !== '/readyz' && path !== '/metrics') return false;
	if (req.method !== 'GET' && req.method !== 'HEAD') {
		send(req, res, 405, 'text/plain', 'Method Not Allowed', { allow: 'GET, HEAD' });
		return true;
	}
	if (path === '/healthz') {
		// Alive: the event loop answers. Nothing else is asked, so a slow database never gets a live process restarted.
		json(req, res, 200, { status: 'ok' });
	} else if (path === '/readyz') {
		void options.readiness.check().then(
			(report) => json(req, res, report.ready ? 200 : 503, { status: report.status, checks: report.checks }),
			() => json(req, res, 503, { status: 'unavailable', checks: {} })
		);
	} else if (!options.metricsToken) {
		send(req, res, 404, 'text/plain', 'Not Found');
	} else if (!bearerMatches(req.headers.authorization, options.metricsToken)) {
		send(req, res, 401, 'text/plain', 'Unauthorized', { 'www-authenticate': 'Bearer realm="metrics"' });
	} else {
		serveMetrics(req, res, options.metrics);
	}
	return true;
}

/** The metrics text, for the main port (behind the token) and the metrics port alike. */
export function serveMetrics(req: IncomingMessage, res: ServerResponse, metrics: Metrics): void {
	void metrics.render().then(
		({ contentType, body }) => send(req, res, 200, contentType, body),
		() => send(req, res, 500, 'text/plain', 'metrics failed')
	);
}

/** The separate metrics listener (METRICS_PORT): `/metrics` only, no token; bind it where only scrapers reach. */
export function handleMetricsPortRequest(req: IncomingMessage, res: ServerResponse, metrics: Metrics): void {
	const path = (req.url ?? '/').split('?', 1)[0];
	if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) serveMetrics(req, res, metrics);
	else send(req, res, 404, 'text/plain', 'Not Found');
}
