import type { Runtime } from '../runtime.ts';
import type { BoardNotesReader } from './ideate-notes.ts';

/**
 * Reads notes from live boards through the runtime's collab hub. Until the hub exists in this
 * process, there is nothing to read: pages say so and let ideas be linked later.
 */
export function boardNotesReader(runtime: Runtime): BoardNotesReader | null {
	void runtime;
	return null;
}
