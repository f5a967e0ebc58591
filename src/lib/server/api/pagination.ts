/**
 * Pagination of /api/v1 lists: `page` (from 1) and `limit` (1–200, 50 by default), chosen over
 * cursors because every list here is small enough to count, people and spreadsheets think in
 * pages, and the responses list already paged that way. Each list answers its page, the total,
 * and absolute links to the first, last, previous and next pages, also as an RFC 8288 `Link`
 * header.
 */

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
/** Far past any real list; keeps an offset within what the database handles well. */
export const MAX_PAGE = 10_000;

export interface PageRequest {
	page: number;
	limit: number;
	offset: number;
}

export function pageRequest(page: number | undefined, limit: number | undefined): PageRequest {
	const p = page ?? 1;
	const l = limit ?? DEFAULT_LIMIT;
	return { page: p, limit: l, offset: (p - 1) * l };
}

/** One page of a list, as a handler returns it: serve() adds the pagination and links. */
export class Page<T> {
	readonly key: string;
	readonly items: T[];
	readonly total: number;
	readonly request: PageRequest;
	constructor(key: string, items: T[], total: number, request: PageRequest) {
		this.key = key;
		this.items = items;
		this.total = total;
		this.request = request;
	}
}

/** A page cut from a list held whole in memory (a project's prototypes or rounds). */
export function pageFromList<T>(key: string, all: readonly T[], request: PageRequest): Page<T> {
	return new Page(key, all.slice(request.offset, request.offset + request.limit), all.length, request);
}

export interface PageLinks {
	self: string;
	first: string;
	last: string;
	prev: string | null;
	next: string | null;
}

/** The body of a page and its links, with the request's other query parameters kept. */
export function pageBody<T>(page: Page<T>, url: URL): { body: Record<string, unknown>; links: PageLinks } {
	const { limit } = page.request;
	const pages = Math.ceil(page.total / limit);
	const at = (n: number) => {
		const target = new URL(url);
		target.searchParams.set('page', String(n));
		target.searchParams.set('limit', String(limit));
		return target.href;
	};
	const current = page.request.page;
	const links: PageLinks = {
		self: at(current),
		first: at(1),
		last: at(Math.max(1, pages)),
		prev: current > 1 ? at(Math.min(current - 1, Math.max(1, pages))) : null,
		next: current < pages ? at(current + 1) : null
	};
	return {
		body: { [page.key]: page.items, pagination: { page: current, limit, total: page.total, pages }, links },
		links
	};
}

/** The same links as an RFC 8288 `Link` header. */
export function linkHeader(links: PageLinks): string {
	return (['first', 'prev', 'next', 'last'] as const)
		.filter((rel) => links[rel] !== null)
		.map((rel) => `<${links[rel]}>; rel="${rel}"`)
		.join(', ');
}
