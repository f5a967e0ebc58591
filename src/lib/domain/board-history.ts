import type { BoardNote, BoardSection } from '../board/schema.ts';

/** The shapes a board's history is read in (server: collab/history.ts; page: BoardHistory.svelte). */

/** Why a version was saved: now and then while the board changed, before someone deleted much, before a restore. */
export const VERSION_REASONS = ['periodic', 'before-deletion', 'before-restore'] as const;
export type VersionReason = (typeof VERSION_REASONS)[number];

export interface Person {
	id: string;
	name: string;
}

export interface VersionInfo {
	id: string;
	createdAt: number;
	reason: VersionReason;
	/** Whose deletion (or restore) it was saved before. */
	by: Person | null;
	bytes: number;
	notes: number;
	sections: number;
}

export interface TrashedNote {
	/** The trash entry's id. */
	id: string;
	note: BoardNote;
	deletedBy: Person;
	deletedAt: number;
}

/** A version read-only, and what restoring it would do to the board as it is now. */
export interface VersionPreview {
	info: VersionInfo;
	sections: BoardSection[];
	notes: BoardNote[];
	/** Notes that would come back, go, or change back. */
	compared: { comeBack: number; go: number; changeBack: number };
}
