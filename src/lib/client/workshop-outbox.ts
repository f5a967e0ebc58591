import { parseWorkshopRequest, type WorkshopRequest } from '$lib/board';

/**
 * Where the browser keeps a participant's private notes (and deletions of them) until the hub has
 * them: they never enter the board's Yjs document, so y-indexeddb does not keep them, and a page
 * closed offline (or a socket dropped just after sending) must not lose a note. One IndexedDB
 * database per user and board, named like the board's offline copy so logging out deletes it with
 * the others (local-copies.ts).
 */
export interface WorkshopOutbox {
	load(): Promise<WorkshopRequest[]>;
	save(requests: WorkshopRequest[]): void;
	close(): void;
}

const STORE = 'outbox';
const KEY = 'requests';

export function indexedDbOutbox(name: string): WorkshopOutbox {
	let opened: Promise<IDBDatabase> | null = null;
	const database = () =>
		(opened ??= new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open(name, 1);
			request.onupgradeneeded = () => request.result.createObjectStore(STORE);
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		}));
	// Writes in the order they were asked, each after the one before has committed.
	let writing: Promise<unknown> = Promise.resolve();
	return {
		async load() {
			try {
				const db = await database();
				const stored = await new Promise<unknown>((resolve) => {
					const request = db.transaction(STORE).objectStore(STORE).get(KEY);
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => resolve(null);
				});
				// What another version of the page left is checked like anything read from outside.
				return Array.isArray(stored) ? stored.map(parseWorkshopRequest).filter((r): r is WorkshopRequest => r !== null) : [];
			} catch {
				return [];
			}
		},
		save(requests) {
			const copy = structuredClone(requests);
			writing = writing.then(async () => {
				try {
					const db = await database();
					await new Promise<void>((resolve) => {
						const tx = db.transaction(STORE, 'readwrite');
						tx.objectStore(STORE).put(copy, KEY);
						tx.oncomplete = tx.onerror = tx.onabort = () => resolve();
					});
				} catch {
					// No storage (a private window's settings): the notes wait in memory only.
				}
			});
		},
		close() {
			void writing.then(() => opened?.then((db) => db.close()).catch(() => {}));
		}
	};
}
