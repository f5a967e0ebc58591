/**
 * Board pages kept for offline reloads (by the service worker, and by the page itself on its
 * first visit, before the worker controls it). Cleared on logout with the local board copies.
 */
export const BOARD_PAGE_CACHE = 'prachalab-board-pages';

const BOARD_PAGE = /^\/projects\/[^/]+\/boards\/[^/]+\/?$/;

export function isBoardPage(pathname: string): boolean {
	return BOARD_PAGE.test(pathname);
}

/** Keeps the current board page for offline reloads. */
export async function keepBoardPageOffline(pathname: string): Promise<void> {
	if (typeof caches === 'undefined' || !isBoardPage(pathname)) return;
	try {
		const cache = await caches.open(BOARD_PAGE_CACHE);
		const response = await fetch(pathname, { credentials: 'same-origin', headers: { accept: 'text/html' } });
		if (response.ok) await cache.put(pathname, response);
	} catch {
		// Offline already, or storage refused: the board still works, it just will not reload offline.
	}
}

export async function forgetBoardPages(): Promise<void> {
	if (typeof caches !== 'undefined') await caches.delete(BOARD_PAGE_CACHE);
}
