/**
 * The browser's offline copies of boards (y-indexeddb databases). Each is named after the user
 * and the board, and every name is also listed in localStorage, so logging out can delete them
 * all even where `indexedDB.databases()` is missing.
 */
import { forgetBoardPages } from './board-pages';

const PREFIX = 'prachalab-board:';
const REGISTRY = 'prachalab-board-copies';

export function localCopyName(userId: string, boardId: string): string {
	return `${PREFIX}${userId}:${boardId}`;
}

function readRegistry(): string[] {
	try {
		const parsed: unknown = JSON.parse(localStorage.getItem(REGISTRY) ?? '[]');
		return Array.isArray(parsed) ? parsed.filter((n): n is string => typeof n === 'string') : [];
	} catch {
		return [];
	}
}

export function rememberLocalCopy(name: string): void {
	try {
		const names = new Set(readRegistry());
		names.add(name);
		localStorage.setItem(REGISTRY, JSON.stringify([...names]));
	} catch {
		// Private mode without storage: the copy is short-lived anyway.
	}
}

function deleteDatabase(name: string): Promise<void> {
	return new Promise((resolve) => {
		const request = indexedDB.deleteDatabase(name);
		request.onsuccess = request.onerror = request.onblocked = () => resolve();
	});
}

/** Deletes every local board copy in this browser, and the board pages kept for offline use (on logout). */
export async function clearLocalBoardCopies(): Promise<number> {
	await forgetBoardPages();
	const names = new Set(readRegistry());
	try {
		for (const db of (await indexedDB.databases?.()) ?? []) if (db.name?.startsWith(PREFIX)) names.add(db.name);
	} catch {
		// Fall back to the registry alone.
	}
	await Promise.all([...names].map(deleteDatabase));
	try {
		localStorage.removeItem(REGISTRY);
	} catch {
		// Nothing to remove.
	}
	return names.size;
}
