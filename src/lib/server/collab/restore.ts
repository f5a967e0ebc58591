import type { DB } from '../db/open.ts';
import { foldNoteOps } from '../../board/note-log.ts';
import { boardRoots } from '../../board/schema.ts';
import { listNotes } from '../../board/notes.ts';
import { listSections } from '../../board/sections.ts';
import { bringBackNotes, restoreBoardContent, type RestoreResult } from '../../board/restore.ts';
import type { Person, VersionPreview } from '../../domain/board-history.ts';
import type { BoardAccess } from './hub.ts';
import {
	DEFAULT_HISTORY_LIMITS,
	loadVersion,
	saveVersion,
	snapshotOf,
	findInTrash,
	removeFromTrash,
	trashNotes,
	type HistoryLimits
} from './history.ts';

/**
 * What facilitators do with a board's history: look at a version, restore it, bring notes back
 * from the trash. Every change goes through the hub (`changeBoard`) as a forward change, so every
 * connected client receives it like anyone's edit and nobody's copy drifts.
 */

/** A version read-only, and what restoring it would change. Null when the board has no such version. */
export async function previewVersion(db: DB, collab: BoardAccess, boardId: string, versionId: string): Promise<VersionPreview | null> {
	const version = await loadVersion(db, boardId, versionId);
	if (!version) return null;
	try {
		const then = foldNoteOps(boardRoots(version.doc).noteOps);
		const compared = await collab.readBoard(boardId, (doc) => {
			const now = foldNoteOps(boardRoots(doc).noteOps);
			let comeBack = 0;
			let changeBack = 0;
			for (const [id, note] of then) {
				const current = now.get(id);
				if (!current) comeBack++;
				else if ((['text', 'x', 'y', 'w', 'h', 'color', 'section'] as const).some((k) => current[k] !== note[k])) changeBack++;
			}
			return { comeBack, changeBack, go: [...now.keys()].filter((id) => !then.has(id)).length };
		});
		return { info: version.info, sections: listSections(version.doc), notes: listNotes(version.doc), compared };
	} finally {
		version.doc.destroy();
	}
}

/**
 * Restores a version's notes and sections (votes and settings stay as they are). The board as it
 * was just before is saved as a version first, and the notes the restore removes go to the trash,
 * so a restore can itself be undone. Null when the board has no such version.
 */
export async function restoreVersion(
	db: DB,
	collab: BoardAccess,
	boardId: string,
	versionId: string,
	by: Person,
	limits: HistoryLimits = DEFAULT_HISTORY_LIMITS
): Promise<RestoreResult | null> {
	const version = await loadVersion(db, boardId, versionId);
	if (!version) return null;
	try {
		const before = await collab.readBoard(boardId, snapshotOf);
		await saveVersion(db, boardId, before, { reason: 'before-restore', by, limits });
		let result: RestoreResult = { added: 0, changed: 0, removed: [], sections: 0 };
		await collab.changeBoard(boardId, (doc) => {
			result = restoreBoardContent(doc, version.doc);
		});
		if (result.removed.length > 0) await trashNotes(db, boardId, result.removed, by, { maxTrash: limits.maxTrash });
		return result;
	} finally {
		version.doc.destroy();
	}
}

/** Brings notes back from the trash as they were (those not on the board already). Returns how many came back. */
export async function restoreFromTrash(db: DB, collab: BoardAccess, boardId: string, trashIds: readonly string[]): Promise<number> {
	const entries = await findInTrash(db, boardId, trashIds);
	if (entries.length === 0) return 0;
	// The newest entry of a note wins (a note deleted, brought back and deleted again).
	const byNote = new Map(entries.sort((a, b) => a.deletedAt - b.deletedAt).map((e) => [e.note.id, e.note]));
	let count = 0;
	await collab.changeBoard(boardId, (doc) => {
		count = bringBackNotes(doc, [...byNote.values()]);
	});
	// Out of the trash once they are back on the board (not before: nothing is lost if that fails).
	await removeFromTrash(
		db,
		boardId,
		entries.map((e) => e.id)
	);
	return count;
}
