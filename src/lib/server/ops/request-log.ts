import { randomUUID } from 'node:crypto';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';

// An id a proxy in front already gave the request (HAProxy's unique-id, nginx's $request_id) is
// kept, so one id follows it through both logs; anything else gets a new one.
const FORWARDED_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The request's id: the well-formed `X-Request-Id` it came with, or a new UUID. */
export function requestIdFor(header: string | null): string {
	return header && FORWARDED_ID.test(header) ? header : randomUUID();
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export interface AnsweredRequest {
	requestId: string;
	method: string;
	/** SvelteKit's route id (`/f/[slug]`), null when no route matched. */
	route: string | null;
	/** The URL's path; logged only when no route matched (a route's parameters can be secrets: `/invite/[token]`). */
	path: string;
	status: number;
	ms: number;
	userId: string | null;
}

/**
 * One log line and the HTTP metrics for an answered request. Only these fields are written:
 * never the query string, headers, cookies or body, where passwords, tokens and citizens'
 * contact details travel.
 */
export function recordRequest(log: Logger, metrics: Metrics, request: AnsweredRequest): void {
	const method = METHODS.has(request.method) ? request.method : 'OTHER';
	const route = request.route ?? '(unmatched)';
	metrics.httpRequest(route, method, request.status, request.ms / 1000);
	const line = {
		component: 'http',
		reqId: request.requestId,
		method,
		route,
		...(request.route === null ? { path: request.path } : {}),
		status: request.status,
		ms: Math.round(request.ms * 10) / 10,
		...(request.userId ? { userId: request.userId } : {})
	};
	if (request.status >= 500) log.warn(line, 'request');
	else log.info(line, 'request');
}
