/**
 * Helpers for the feedback integration tests: a round set up in a running server's database,
 * and form posts sent from a chosen loopback address (Linux routes all of 127.0.0.0/8 to lo),
 * so rate limits per client address can be exercised — and respected — like real clients.
 */
import { request } from 'node:http';
import type { AppServer } from '../helpers/app-server.ts';
import type { DB } from '../../src/lib/server/db/open.ts';
import { tokenIssuedAt } from '../../src/lib/server/feedback/form-token.ts';
import { MIN_FILL_MS } from '../../src/lib/server/feedback/runtime.ts';
import { until } from './collab-harness.ts';

export interface RawResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
	/** Bytes on the wire (the body as sent, compressed or not). */
	bytes: number;
}

/** One HTTP request from `from` (a loopback address) to the server, with the exact body and headers given. */
export function send(
	server: AppServer,
	options: { method?: string; path: string; body?: string | Buffer; headers?: Record<string, string>; from?: string }
): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const req = request(
			{
				host: '127.0.0.1',
				port: server.port,
				method: options.method ?? 'POST',
				path: options.path,
				localAddress: options.from ?? '127.0.0.1',
				headers: { origin: `http://127.0.0.1:${server.port}`, accept: 'text/html', ...options.headers }
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const raw = Buffer.concat(chunks);
					resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw.toString('utf8'), bytes: raw.byteLength });
				});
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		if (options.body !== undefined) req.end(options.body);
		else req.end();
	});
}

/** A plain form post (urlencoded) of `pairs`, as a browser sends it. */
export function postForm(
	server: AppServer,
	path: string,
	pairs: [string, string][],
	options: { from?: string; headers?: Record<string, string> } = {}
) {
	return send(server, {
		path,
		body: new URLSearchParams(pairs).toString(),
		from: options.from,
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers }
	});
}

/** The hidden token of the form at /f/SLUG, once it is old enough to be accepted. */
export async function fillableToken(server: AppServer, slug: string, from = '127.0.0.1'): Promise<string> {
	return (await fillableTokens(server, slug, 1, from))[0]!;
}

/**
 * `count` forms' tokens (each form is taken once), once all are old enough to be accepted:
 * served together, so the wait is paid once.
 */
export async function fillableTokens(server: AppServer, slug: string, count: number, from = '127.0.0.1'): Promise<string[]> {
	const tokens: string[] = [];
	for (let i = 0; i < count; i++) {
		const page = await send(server, { method: 'GET', path: `/f/${slug}`, from });
		const token = /name="t" value="([^"]+)"/.exec(page.body)?.[1];
		if (!token) throw new Error(`no form token on /f/${slug} (${page.status})`);
		tokens.push(token);
	}
	const issued = Math.max(...tokens.map((t) => tokenIssuedAt(t)!));
	// A person needs a few seconds to answer; the server asks anything faster to be confirmed.
	await until(() => Date.now() >= issued + MIN_FILL_MS + 50, 'the forms are old enough to send', MIN_FILL_MS + 5_000);
	return tokens;
}

/** How many rows the feedback tables hold (the search index included). */
export async function feedbackRows(db: DB): Promise<{ responses: number; answers: number; contacts: number; search: number }> {
	const { sql } = await import('kysely');
	const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
	return {
		responses: await count('feedback_responses'),
		answers: await count('feedback_answers'),
		contacts: await count('feedback_contacts'),
		search: await count('feedback_search')
	};
}

/** The receipt-cookie value a response sets, if any. */
export function receiptCookie(response: RawResponse): string | null {
	const set = response.headers['set-cookie'];
	for (const value of Array.isArray(set) ? set : set ? [set] : []) {
		const match = /^fb_receipt=([^;]*)/.exec(value);
		if (match && match[1]) return match[1];
	}
	return null;
}
