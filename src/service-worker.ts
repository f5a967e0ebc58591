/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline boards. A board page, when opened, stores itself and the app code it runs on (see
 * $lib/client/board-pages.ts); this worker serves those copies when the network is gone, so a
 * board reloads offline and shows what y-indexeddb kept, and the edits merge once the network is
 * back. It precaches nothing: a citizen opening a feedback form downloads nothing extra.
 */
import { version } from '$service-worker';
import { boardCacheName, isBoardPage } from '$lib/client/board-pages';

const sw = self as unknown as ServiceWorkerGlobalScope;

sw.addEventListener('install', () => void sw.skipWaiting());
sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;

	if (request.mode === 'navigate') {
		if (!isBoardPage(url.pathname)) return;
		// The network first (the page is fresh whenever it can be); the kept copy when offline.
		event.respondWith(
			(async () => {
				try {
					const response = await fetch(request);
					if (response.ok && response.type === 'basic') {
						const cache = await caches.open(boardCacheName(version));
						await cache.put(url.pathname, response.clone());
					}
					return response;
				} catch (error) {
					const kept = await caches.match(url.pathname);
					if (kept) return kept;
					throw error;
				}
			})()
		);
		return;
	}
	if (url.pathname.startsWith('/_app/immutable/')) {
		// Content-hashed, so a kept copy is never stale.
		event.respondWith(caches.match(url.pathname).then((kept) => kept ?? fetch(request)));
	}
});
