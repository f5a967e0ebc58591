/**
 * Board pages kept for offline reloads: the page's HTML and the app code it loaded, in one cache
 * per app version. The page keeps itself (its first visit is before the service worker controls
 * it); the service worker serves the copies when offline. Cleared on logout.
 */
const PREFIX = 'prachalab-boards-';
const BOARD_PAGE = /^\/projects\/[^/]+\/boards\/[^/]+\/?$/;

export function boardCacheName(version: string): string {
	return PREFIX + version;
}

export function isBoardPage(pathname: string): boolean {
	return BOARD_PAGE.test(pathname);
}

/** Keeps the current board page, and the scripts, styles and fonts it loaded, for offline reloads. */
export async function keepBoardPageOffline(pathname: string, version: string): Promise<void> {
	if (typeof caches === 'undefined' || !isBoardPage(pathname)) return;
	try {
		const name = boardCacheName(version);
		for (const key of await caches.keys()) if (key.startsWith(PREFIX) && key !== name) await caches.delete(key);
		const cache = await caches.open(name);
		const response = await fetch(pathname, { credentials: 'same-origin', headers: { accept: 'text/html' } });
		if (response.ok) await cache.put(pathname, response);
		const assets = performance
			.getEntriesByType('resource')
			.map((entry) => new URL(entry.name))
			.filter((url) => url.origin === location.origin && url.pathname.startsWith('/_app/immutable/'))
			.map((url) => url.pathname);
		const missing = [];
		for (const asset of new Set(assets)) if (!(await cache.match(asset))) missing.push(asset);
		await cache.addAll(missing);
	} catch {
		// Offline already, or storage refused: the board still works, it just will not reload offline.
	}
}

export async function forgetBoardPages(): Promise<void> {
	if (typeof caches === 'undefined') return;
	for (const key of await caches.keys()) if (key.startsWith(PREFIX)) await caches.delete(key);
}
