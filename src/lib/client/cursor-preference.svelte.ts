import { isCursorMode, type CursorMode } from '$lib/board/cursors';

const KEY = 'prachalab.cursors';

/**
 * This browser's choice of whose pointers a board draws (board/cursors.ts), kept across boards
 * and visits. On the server it is always 'auto' (nothing is read or written there).
 */
class CursorPreference {
	mode = $state<CursorMode>('auto');

	constructor() {
		if (typeof localStorage === 'undefined') return;
		try {
			const stored = localStorage.getItem(KEY);
			if (isCursorMode(stored)) this.mode = stored;
		} catch {
			// Storage blocked (a private window's settings): the choice lasts for this page only.
		}
	}

	set(mode: CursorMode): void {
		this.mode = mode;
		try {
			localStorage.setItem(KEY, mode);
		} catch {
			// As above.
		}
	}
}

export const cursorPreference = new CursorPreference();
