import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import * as Y from 'yjs';
import type { DB } from '../db/open.ts';
import { newId } from '../ids.ts';
import { deleteNotes, listNotes } from '../../board/notes.ts';
import { listSections } from '../../board/sections.ts';
import type { BoardNote } from '../../board/schema.ts';
import type { BoardChange } from './update-analysis.ts';
import type { Person, TrashedNote, VersionInfo, VersionReason } from '../../domain/board-history.ts';

export type { Person, TrashedNote, VersionInfo, VersionReason } from '../../domain/board-history.ts';

/**
 * A board's history (migration 0008), so that vandalism is recoverable: versions of the whole
 * document, saved now and then while the board changes and always before a large deletion,
 * thinned to a bound per board; and a trash of the notes people deleted, as they were, with who
 * deleted them and when. Facilitators see both and bring back a version or single notes
 * (restore.ts), as forward changes everyone receives.
 */

export interface HistoryLimits {
	/** A version at most this often while a board changes. */
	versionEveryMs: number;
	/** Versions kept per board… */
	maxVersions: number;
	/** …and their stored (deflated) bytes per board. */
	maxVersionBytes: number;
	/** Deleted notes kept per board. */
	maxTrash: number;
}

/**
 * Every 5 minutes while a board changes; 50 versions or 16 MiB a board; 500 deleted notes. A busy
 * six-hour workshop board (2,800 notes, 0.8 MB) keeps 50 versions in 3 MB, the last two hours at
 * full resolution and the rest every 10 minutes; a 10,000-note board (2.2 MB, some 160 KB
 * deflated) still keeps all 50 (bench/README.md, "history").
 */
export const DEFAULT_HISTORY_LIMITS: HistoryLimits = {
	versionEveryMs: 5 * 60_000,
	maxVersions: 50,
	maxVersionBytes: 16 * 1024 * 1024,
	maxTrash: 500
};

/** The newest versions are never thinned: the last minutes before trouble are the ones wanted. */
const KEEP_NEWEST = 3;

/**
 * A deletion is large when it takes at least 5 notes and sections at once, or at least 2 that are
 * a fifth of the board or more: more than a person tidying up, and whatever empties a small board.
 */
export const LARGE_DELETION = { items: 5, share: 0.2 } as const;

/** `boardSize` (notes + sections before the change) is asked only for a change that deletes 2 or more. */
export function isLargeDeletion(change: BoardChange, boardSize: () => number): boolean {
	const touched = change.notesTouchedByDeletion.size + change.sectionsDeleted.size;
	if (touched < 2) return false;
	const gone = change.notesDeleted().size + change.sectionsDeleted.size;
	return gone >= LARGE_DELETION.items || (gone >= 2 && gone >= LARGE_DELETION.share * boardSize());
}

function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** A board as it is now, to be saved as a version (taken at once: the board may change meanwhile). */
export interface BoardSnapshot {
	state: Uint8Array;
	notes: number;
	sections: number;
}

export function snapshotOf(doc: Y.Doc): BoardSnapshot {
	return { state: Y.encodeStateAsUpdate(doc), notes: listNotes(doc).length, sections: listSections(doc).length };
}

/**
 * Saves a board's snapshot as a version (unless the latest version is the same state), then thins
 * the board's versions back within the limits. False when nothing was saved.
 */
export async function saveVersion(
	db: DB,
	boardId: string,
	snapshot: BoardSnapshot,
	input: { reason: VersionReason; by?: Person | null; limits?: HistoryLimits; now?: number }
): Promise<boolean> {
	const { state } = snapshot;
	const hash = sha256(state);
	const latest = await db
		.selectFrom('board_versions')
		.select(['id', 'state_hash'])
		.where('board_id', '=', boardId)
		.orderBy('created_at', 'desc')
		.limit(1)
		.executeTakeFirst();
	if (latest?.state_hash === hash) {
		// The same state, kept already: it now says what came after it (a deletion, a restore).
		if (input.reason !== 'periodic') {
			await db
				.updateTable('board_versions')
				.set({ reason: input.reason, by_id: input.by?.id ?? null, by_name: input.by?.name ?? null })
				.where('id', '=', latest.id)
				.execute();
		}
		return false;
	}
	const deflated = deflateRawSync(state);
	await db
		.insertInto('board_versions')
		.values({
			id: newId(),
			board_id: boardId,
			created_at: input.now ?? Date.now(),
			reason: input.reason,
			by_id: input.by?.id ?? null,
			by_name: input.by?.name ?? null,
			state: deflated,
			bytes: deflated.byteLength,
			state_hash: hash,
			notes: snapshot.notes,
			sections: snapshot.sections
		})
		.execute();
	await thinVersions(db, boardId, input.limits ?? DEFAULT_HISTORY_LIMITS);
	return true;
}

/**
 * Which versions go to bring a board back within its limits: repeatedly the one whose neighbours
 * are closest in time to each other (its removal leaves the smallest hole), never the oldest nor
 * the newest few. Versions thus thin out evenly over the board's life, spacing doubling as it
 * goes, and a burst of them (someone deleting again and again) thins itself first rather than
 * pushing older work out.
 */
export function versionsToThin(versions: readonly { id: string; createdAt: number; bytes: number }[], limits: HistoryLimits): string[] {
	const kept = [...versions].sort((a, b) => a.createdAt - b.createdAt);
	let bytes = kept.reduce((sum, v) => sum + v.bytes, 0);
	const gone: string[] = [];
	while (kept.length > KEEP_NEWEST + 1 && (kept.length > limits.maxVersions || bytes > limits.maxVersionBytes)) {
		let pick = 1;
		let smallest = Infinity;
		for (let i = 1; i < kept.length - KEEP_NEWEST; i++) {
			const hole = kept[i + 1]!.createdAt - kept[i - 1]!.createdAt;
			if (hole < smallest) {
				smallest = hole;
				pick = i;
			}
		}
		const [removed] = kept.splice(pick, 1);
		bytes -= removed!.bytes;
		gone.push(removed!.id);
	}
	return gone;
}

async function thinVersions(db: DB, boardId: string, limits: HistoryLimits): Promise<void> {
	const rows = await db.selectFrom('board_versions').select(['id', 'created_at', 'bytes']).where('board_id', '=', boardId).execute();
	const gone = versionsToThin(
		rows.map((r) => ({ id: r.id, createdAt: Number(r.created_at), bytes: Number(r.bytes) })),
		limits
	);
	if (gone.length > 0) await db.deleteFrom('board_versions').where('id', 'in', gone).execute();
}

/** A board's versions, newest first (without their states). */
export async function listVersions(db: DB, boardId: string): Promise<VersionInfo[]> {
	const rows = await db
		.selectFrom('board_versions')
		.select(['id', 'created_at', 'reason', 'by_id', 'by_name', 'bytes', 'notes', 'sections'])
		.where('board_id', '=', boardId)
		.orderBy('created_at', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		createdAt: Number(r.created_at),
		reason: r.reason as VersionReason,
		by: r.by_id ? { id: r.by_id, name: r.by_name ?? '' } : null,
		bytes: Number(r.bytes),
		notes: Number(r.notes),
		sections: Number(r.sections)
	}));
}

/** One version of a board as a document of its own (never live), or null. */
export async function loadVersion(db: DB, boardId: string, versionId: string): Promise<{ info: VersionInfo; doc: Y.Doc } | null> {
	const row = await db.selectFrom('board_versions').selectAll().where('board_id', '=', boardId).where('id', '=', versionId).executeTakeFirst();
	if (!row) return null;
	const doc = new Y.Doc();
	Y.applyUpdate(doc, inflateRawSync(row.state));
	return {
		info: {
			id: row.id,
			createdAt: Number(row.created_at),
			reason: row.reason as VersionReason,
			by: row.by_id ? { id: row.by_id, name: row.by_name ?? '' } : null,
			bytes: Number(row.bytes),
			notes: Number(row.notes),
			sections: Number(row.sections)
		},
		doc
	};
}

/** Puts notes someone deleted into the board's trash, then keeps only the newest `maxTrash`. */
export async function trashNotes(
	db: DB,
	boardId: string,
	notes: readonly BoardNote[],
	by: Person,
	options: { now?: number; maxTrash?: number } = {}
): Promise<void> {
	if (notes.length === 0) return;
	const now = options.now ?? Date.now();
	await db.transaction().execute(async (trx) => {
		for (let i = 0; i < notes.length; i += 200) {
			await trx
				.insertInto('board_trash')
				.values(
					notes.slice(i, i + 200).map((note) => ({
						id: newId(),
						board_id: boardId,
						note_id: note.id,
						note: JSON.stringify(note),
						deleted_by: by.id,
						deleted_by_name: by.name,
						deleted_at: now
					}))
				)
				.execute();
		}
		const cut = await trx
			.selectFrom('board_trash')
			.select('deleted_at')
			.where('board_id', '=', boardId)
			.orderBy('deleted_at', 'desc')
			.offset(options.maxTrash ?? DEFAULT_HISTORY_LIMITS.maxTrash)
			.limit(1)
			.executeTakeFirst();
		if (cut) await trx.deleteFrom('board_trash').where('board_id', '=', boardId).where('deleted_at', '<=', cut.deleted_at).execute();
	});
}

function trashRow(r: { id: string; note: string; deleted_by: string; deleted_by_name: string; deleted_at: number }): TrashedNote {
	return {
		id: r.id,
		note: JSON.parse(r.note) as BoardNote,
		deletedBy: { id: r.deleted_by, name: r.deleted_by_name },
		deletedAt: Number(r.deleted_at)
	};
}

/** The board's trash, most recently deleted first. */
export async function listTrash(db: DB, boardId: string): Promise<TrashedNote[]> {
	const rows = await db
		.selectFrom('board_trash')
		.select(['id', 'note', 'deleted_by', 'deleted_by_name', 'deleted_at'])
		.where('board_id', '=', boardId)
		.orderBy('deleted_at', 'desc')
		.execute();
	return rows.map(trashRow);
}

/** Entries of the board's trash, by id. */
export async function findInTrash(db: DB, boardId: string, ids: readonly string[]): Promise<TrashedNote[]> {
	if (ids.length === 0) return [];
	const rows = await db
		.selectFrom('board_trash')
		.select(['id', 'note', 'deleted_by', 'deleted_by_name', 'deleted_at'])
		.where('board_id', '=', boardId)
		.where('id', 'in', [...ids])
		.execute();
	return rows.map(trashRow);
}

export async function removeFromTrash(db: DB, boardId: string, ids: readonly string[]): Promise<void> {
	if (ids.length > 0)
		await db
			.deleteFrom('board_trash')
			.where('board_id', '=', boardId)
			.where('id', 'in', [...ids])
			.execute();
}

/**
 * Removes notes from a board's history for good: from its trash, and from every version (each
 * rewritten without them). For text that must not be kept, e.g. citizens' feedback withdrawn
 * after it was sent to a board (call it after removing the notes from the live board).
 */
export async function forgetNotesInHistory(db: DB, boardId: string, noteIds: readonly string[]): Promise<void> {
	if (noteIds.length === 0) return;
	await db
		.deleteFrom('board_trash')
		.where('board_id', '=', boardId)
		.where('note_id', 'in', [...noteIds])
		.execute();
	const rows = await db.selectFrom('board_versions').select(['id', 'state']).where('board_id', '=', boardId).execute();
	for (const row of rows) {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, inflateRawSync(row.state));
		if (deleteNotes(doc, noteIds) > 0) {
			// Deleted in a document that collects garbage: the text is gone from the encoding.
			const state = Y.encodeStateAsUpdate(doc);
			const deflated = deflateRawSync(state);
			await db
				.updateTable('board_versions')
				.set({ state: deflated, bytes: deflated.byteLength, state_hash: sha256(state), notes: listNotes(doc).length })
				.where('id', '=', row.id)
				.execute();
		}
		doc.destroy();
	}
}

/** How much history a board keeps (tests and benchmarks look). */
export async function historySize(db: DB, boardId: string): Promise<{ versions: number; versionBytes: number; trash: number }> {
	const versions = await db.selectFrom('board_versions').select('bytes').where('board_id', '=', boardId).execute();
	const trash = await db
		.selectFrom('board_trash')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('board_id', '=', boardId)
		.executeTakeFirstOrThrow();
	return { versions: versions.length, versionBytes: versions.reduce((sum, v) => sum + Number(v.bytes), 0), trash: Number(trash.n) };
}

/** What a loaded board (room.ts) tells its history. */
export interface BoardHistoryRecorder {
	/** Before an update that deletes much is applied: the board as it is, kept. */
	beforeLargeDeletion(boardId: string, doc: Y.Doc, by: Person): Promise<void>;
	/** Notes someone deleted (as they were). */
	trashNotes(boardId: string, notes: readonly BoardNote[], by: Person): Promise<void>;
	/** The board changed: a version when the last one is old enough. */
	changed(boardId: string, doc: Y.Doc): Promise<void>;
}

/** The history the hub keeps for every board, in `db`. */
export function createBoardHistory(db: DB, limits: HistoryLimits = DEFAULT_HISTORY_LIMITS, now: () => number = Date.now): BoardHistoryRecorder {
	/** When each board's last version was saved (read once per board from the database). */
	const lastSaved = new Map<string, number>();
	async function lastVersionAt(boardId: string): Promise<number> {
		const known = lastSaved.get(boardId);
		if (known !== undefined) return known;
		const row = await db
			.selectFrom('board_versions')
			.select('created_at')
			.where('board_id', '=', boardId)
			.orderBy('created_at', 'desc')
			.limit(1)
			.executeTakeFirst();
		const at = row ? Number(row.created_at) : 0;
		lastSaved.set(boardId, at);
		return at;
	}
	return {
		async beforeLargeDeletion(boardId, doc, by) {
			const at = now();
			await saveVersion(db, boardId, snapshotOf(doc), { reason: 'before-deletion', by: { id: by.id, name: by.name }, limits, now: at });
			lastSaved.set(boardId, at);
		},
		async trashNotes(boardId, notes, by) {
			await trashNotes(db, boardId, notes, { id: by.id, name: by.name }, { now: now(), maxTrash: limits.maxTrash });
		},
		async changed(boardId, doc) {
			const at = now();
			if (at - (await lastVersionAt(boardId)) < limits.versionEveryMs) return;
			lastSaved.set(boardId, at);
			await saveVersion(db, boardId, snapshotOf(doc), { reason: 'periodic', limits, now: at });
		}
	};
}
