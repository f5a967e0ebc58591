/**
 * Helpers for the participation integration tests: forms of /p/SLUG served and old enough to
 * send, multipart bodies with a photo (as a browser sends them), row counts, receipt cookies.
 */
import type { AppServer } from '../helpers/app-server.ts';
import type { DB } from '../../src/lib/server/db/open.ts';
import { tokenIssuedAt } from '../../src/lib/server/feedback/form-token.ts';
import { MIN_FILL_MS } from '../../src/lib/server/feedback/runtime.ts';
import { until } from './collab-harness.ts';
import { send, type RawResponse } from './feedback-helpers.ts';

/** A multipart/form-data body of `pairs` and, optionally, one file, with its content type. */
export async function multipart(pairs: [string, string][], file?: { field: string; name: string; type: string; bytes: Uint8Array }) {
	const data = new FormData();
	for (const [name, value] of pairs) data.append(name, value);
	if (file) data.append(file.field, new Blob([file.bytes as BlobPart], { type: file.type }), file.name);
	const response = new Response(data);
	return { body: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type')! };
}

/** Posts a multipart form from `from`. */
export async function postMultipart(
	server: AppServer,
	path: string,
	pairs: [string, string][],
	options: { from?: string; file?: { field: string; name: string; type: string; bytes: Uint8Array }; headers?: Record<string, string> } = {}
): Promise<RawResponse> {
	const { body, contentType } = await multipart(pairs, options.file);
	return send(server, { path, body, from: options.from, headers: { 'content-type': contentType, ...options.headers } });
}

/** `count` tokens of the form at /p/SLUG, once they are old enough to be accepted. */
export async function fillableEntryTokens(server: AppServer, slug: string, count: number, from = '127.0.0.1'): Promise<string[]> {
	const tokens: string[] = [];
	for (let i = 0; i < count; i++) {
		const page = await send(server, { method: 'GET', path: `/p/${slug}`, from });
		const token = /id="entry-form"[\s\S]*?name="t" value="([^"]+)"/.exec(page.body)?.[1];
		if (!token) throw new Error(`no form token on /p/${slug} (${page.status})`);
		tokens.push(token);
	}
	const issued = Math.max(...tokens.map((t) => tokenIssuedAt(t)!));
	await until(() => Date.now() >= issued + MIN_FILL_MS + 50, 'the forms are old enough to send', MIN_FILL_MS + 5_000);
	return tokens;
}

/** How many rows the participation tables hold (the search index included). */
export async function participationRows(db: DB) {
	const { sql } = await import('kysely');
	const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
	return {
		entries: await count('participation_entries'),
		answers: await count('participation_answers'),
		contacts: await count('participation_contacts'),
		search: await count('participation_search'),
		supports: await count('participation_supports'),
		reports: await count('participation_reports'),
		pendingPhotos: await count('participation_pending_photos')
	};
}

/** A cookie's value from a response's Set-Cookie headers. */
export function cookieValue(response: RawResponse, name: string): string | null {
	const set = response.headers['set-cookie'];
	for (const value of Array.isArray(set) ? set : set ? [set] : []) {
		const match = new RegExp(`^${name}=([^;]*)`).exec(value);
		if (match && match[1]) return match[1];
	}
	return null;
}

/** The receipt a stored story or idea sets for its thank-you page. */
export const entryReceipt = (response: RawResponse) => cookieValue(response, 'pt_receipt');

/** A small but genuine JPEG (SOI, JFIF, an EXIF block with a place in it, a scan, EOI). */
export function jpegWithGps(secret: string): Uint8Array {
	const text = (s: string) => [...Buffer.from(s, 'latin1')];
	const segment = (marker: number, payload: number[]) => [0xff, marker, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
	return new Uint8Array([
		0xff,
		0xd8,
		...segment(0xe0, text('JFIF\0\x01\x01\0\0\x01\0\x01\0\0')),
		...segment(0xe1, [...text('Exif\0\0'), ...text(`MM\0*\0\0\0\x08\0\0\0\0\0\0 ${secret}`)]),
		...segment(0xdb, new Array(65).fill(1)),
		...segment(0xda, [1, 1, 0, 0, 63, 0]),
		0x12,
		0x34,
		0xff,
		0xd9
	]);
}
