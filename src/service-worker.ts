/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Offline boards: this worker keeps the app's own code (content-hashed, so it never goes stale)
 * and the board pages a user has opened, so a board reloads without a network and shows what
 * y-indexeddb kept; the edits merge when the network is back. Nothing else is intercepted: every
 * other request goes to the network as if there were no worker.
 */
import { build, files, version } from '$service-worker';
import { BOARD_PAGE_CACHE, isBoardPage } from '$lib/client/board-pages';

const sw = self as unknown as ServiceWorkerGlobalScope;
const ASSETS = `prachalab-assets-${version}`;
const PRECACHE = [...build, ...files.filter((f) => /\.(woff2?|svg|png|ico)$/.test(f))];

sw.addEventListener('install', (event) => {
	event.waitUntil(caches.open(ASSETS).then((cache) => cache.addAll(PRECACHE)));
	void sw.skipWaiting();
});

sw.addEventListener('activate', (event) => {
	event.waitUntil(
		(async () => {
			for (const key of await caches.keys()) if (key.startsWith('prachalab-assets-') && key !== ASSETS) await caches.delete(key);
			await sw.clients.claim();
		})()
	);
});

sw.addEventListener('fetch', (event) => {
	const request = event.request;
	if (request.method !== 'GET') return;
	const url = new URL(request.url);
	if (url.origin !== sw.location.origin) return;

	if (PRECACHE.includes(url.pathname)) {
		event.respondWith(caches.match(url.pathname).then((hit) => hit ?? fetch(request)));
		return;
	}
	if (request.mode === 'navigate' && isBoardPage(url.pathname)) {
		// The network first (the page is fresh whenever it can be); the last copy when offline.
		event.respondWith(
			(async () => {
				const cache = await caches.open(BOARD_PAGE_CACHE);
				try {
					const response = await fetch(request);
					if (response.ok && response.type === 'basic') await cache.put(url.pathname, response.clone());
					return response;
				} catch (error) {
					const cached = await cache.match(url.pathname);
					if (cached) return cached;
					throw error;
				}
			})()
		);
	}
});
