import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { unzipSync, strFromU8 } from 'fflate';
import type { DB } from '../db/open.ts';
import { newId, randomString } from '../ids.ts';
import { refuse } from '../validation.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { sniffType } from '../files/sniff.ts';
import { removeStoredFiles } from '../files/attachments.ts';
import { feedbackSearch } from '../feedback/search.ts';
import { voterSeed } from '../collab/voters.ts';
import { anonymousVoterId } from '../../board/voters.ts';
import { renameCommentPeople } from '../../board/comments.ts';
import { renameReactors } from '../../board/reactions.ts';
import { readVotingRound } from '../../board/voting.ts';
import { listNotes } from '../../board/notes.ts';
import { boardRoots, type NoteOp } from '../../board/schema.ts';
import { FEEDBACK_SOURCE_KIND } from '../feedback/to-board.ts';
import {
	attachmentPath,
	EXPORT_FORMAT,
	EXPORT_VERSION,
	TABLES,
	type ExportedTable,
	type IdKind,
	type Manifest,
	type ProjectExport,
	type Row
} from './format.ts';

/**
 * Imports a project export (format.ts) as a new project: every id is new (a map from the
 * export's ids is returned), people are matched to accounts by e-mail, and anyone without one
 * gets a disabled account without a password (a placeholder an admin can later set up), so
 * "who did what" still reads. The importer becomes one of its facilitators. The project starts
 * private here, whatever it was where it came from: publishing is chosen on each instance (its
 * board publications come along, shown once it is published). Rounds get new public links
 * (slugs are unique per instance). All rows go in one transaction; attachment files are written
 * first and removed again if the rows are refused.
 *
 * The archive is read within limits (entries by their declared sizes, which fflate also holds
 * them to), every file is checked against the manifest's SHA-256, and each attachment against
 * its row's hash and sniffed type. A file that fails any of it is refused with a reason.
 */

export const IMPORT_LIMITS = {
	/** All entries together, uncompressed. */
	totalBytes: 512 * 1024 * 1024,
	entries: 20_000
} as const;

export interface ImportDeps {
	blobs: BlobStore;
	voterKey: Uint8Array;
	/** Who imports it: they become a facilitator of the new project. */
	importerId: string;
	now?: number;
}

export interface ImportResult {
	projectId: string;
	/** Old id → new id, for every id the import made anew (users: matched or created). */
	ids: Map<string, string>;
	/** People who had no account here: created disabled, without a password. */
	placeholders: number;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const WANTED = /^(manifest\.json|project\.json|boards\/[a-z0-9]+\.yjs|attachments\/[a-z0-9]+(\.[a-z]+)?)$/;

function readArchive(bytes: Uint8Array): Record<string, Uint8Array> {
	let total = 0;
	let count = 0;
	try {
		return unzipSync(bytes, {
			filter(file) {
				count += 1;
				if (count > IMPORT_LIMITS.entries) refuse('trail_import_damaged', 'file', { file: `${count}` });
				if (!WANTED.test(file.name)) return false;
				total += file.originalSize;
				if (total > IMPORT_LIMITS.totalBytes) refuse('trail_import_too_large', 'file', { max: IMPORT_LIMITS.totalBytes / 1024 / 1024 });
				return true;
			}
		});
	} catch (err) {
		if (err instanceof Error && err.name === 'InputError') throw err;
		refuse('trail_import_not_zip', 'file');
	}
}

function parseJson<T>(files: Record<string, Uint8Array>, path: string): T {
	const bytes = files[path];
	if (!bytes) refuse(path === 'manifest.json' ? 'trail_import_not_export' : 'trail_import_damaged', 'file', { file: path });
	try {
		return JSON.parse(strFromU8(bytes)) as T;
	} catch {
		refuse('trail_import_damaged', 'file', { file: path });
	}
}

/** Reads and checks an archive: its manifest, every file against its hash, the data's shape. */
export function readExport(bytes: Uint8Array): { manifest: Manifest; data: ProjectExport; files: Record<string, Uint8Array> } {
	const files = readArchive(bytes);
	const manifest = parseJson<Manifest>(files, 'manifest.json');
	if (manifest?.format !== EXPORT_FORMAT) refuse('trail_import_not_export', 'file');
	if (typeof manifest.version !== 'number' || manifest.version > EXPORT_VERSION)
		refuse('trail_import_newer', 'file', { format: String(manifest.version) });
	const listed = new Map((Array.isArray(manifest.files) ? manifest.files : []).map((f) => [f.path, f.sha256]));
	for (const [path, file] of Object.entries(files)) {
		if (path === 'manifest.json') continue;
		if (listed.get(path) !== sha256(file)) refuse('trail_import_damaged', 'file', { file: path });
	}
	const data = parseJson<ProjectExport>(files, 'project.json');
	if (!data || typeof data !== 'object' || !Array.isArray(data.users) || !Array.isArray(data.boards) || typeof data.tables !== 'object') {
		refuse('trail_import_damaged', 'file', { file: 'project.json' });
	}
	for (const spec of TABLES) {
		const rows = data.tables[spec.name];
		if (!Array.isArray(rows) || rows.some((r) => !r || typeof r !== 'object' || Array.isArray(r))) {
			refuse('trail_import_damaged', 'file', { file: `project.json: ${spec.name}` });
		}
	}
	if (data.tables.projects.length !== 1) refuse('trail_import_damaged', 'file', { file: 'project.json: projects' });
	return { manifest, data, files };
}

/** Imports an export (the ZIP's bytes) as a new project. Access: whoever may create projects. */
export async function importProject(db: DB, bytes: Uint8Array, deps: ImportDeps): Promise<ImportResult> {
	const now = deps.now ?? Date.now();
	const { data, files } = readExport(bytes);
	const ids = new Map<string, string>();
	const kindOf = new Map<string, IdKind>();
	// Every row's own id gets a new value first, so references in any order find theirs.
	for (const spec of TABLES) {
		const own = Object.entries(spec.ids).find(([column, kind]) => column === 'id' && kind !== 'user');
		if (!own) continue;
		for (const row of data.tables[spec.name]) {
			if (typeof row.id !== 'string') refuse('trail_import_damaged', 'file', { file: `project.json: ${spec.name}` });
			ids.set(row.id, newId());
			kindOf.set(row.id, own[1]);
		}
	}
	const damaged: (where: string) => never = (where) => refuse('trail_import_damaged', 'file', { file: `project.json: ${where}` });

	// Attachment files, checked and written before the rows (removed again if the rows are refused).
	const written: string[] = [];
	const storageNames = new Map<string, string>();
	try {
		for (const row of data.tables.prototype_attachments) {
			const path = attachmentPath(row.id as string, String(row.content_type));
			const file = files[path];
			const type = file ? sniffType(file) : null;
			if (!file || !type || type.mime !== row.content_type || sha256(file) !== row.sha256) damaged(path);
			const name = `${randomString(24)}.${type.extension}`;
			await deps.blobs.put(name, file);
			written.push(name);
			storageNames.set(row.id as string, name);
		}
		const result = await db.transaction().execute(async (trx) => {
			const placeholders = await matchUsers(trx, data.users, ids, now);
			const map = (kind: IdKind, value: unknown, where: string, nullable: boolean): string | null => {
				if (value === null || value === undefined) return nullable ? null : damaged(where);
				const mapped = typeof value === 'string' ? ids.get(value) : undefined;
				if (mapped && (kind === 'user' || kindOf.get(value as string) === kind)) return mapped;
				// A person or a board outside the export (e.g. a board deleted since) is not kept as a dangling id.
				return nullable ? null : damaged(where);
			};
			const projectId = ids.get(data.tables.projects[0]!.id as string)!;
			for (const spec of TABLES) {
				const rows: Row[] = [];
				for (const source of data.tables[spec.name]) {
					const row: Row = { ...source };
					for (const omitted of spec.omit ?? []) delete row[omitted];
					for (const [column, kind] of Object.entries(spec.ids))
						row[column] = map(kind, source[column], `${spec.name}.${column}`, nullableColumn(spec.name, column));
					rows.push(special(spec.name, row, source));
				}
				await insertRows(trx, spec.name, rows);
			}
			await trx
				.insertInto('project_members')
				.values({ project_id: projectId, user_id: deps.importerId, role: 'facilitator', added_by: deps.importerId, added_at: now })
				.onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet({ role: 'facilitator' }))
				.execute();
			for (const board of data.boards) await importBoard(trx, board, files, ids, deps.voterKey, now);
			for (const response of data.tables.feedback_responses) {
				const texts = data.tables.feedback_answers
					.filter((a) => a.response_id === response.id && typeof a.text === 'string' && a.text !== '')
					.map((a) => a.text as string);
				await feedbackSearch(trx).index(trx, ids.get(response.id as string)!, texts);
			}
			return { projectId, placeholders };
		});
		return { ...result, ids };
	} catch (err) {
		await removeStoredFiles(deps.blobs, written);
		throw err;
	}

	/** Columns set anew or rewritten: slugs, storage names, references inside text, the visibility. */
	function special(table: string, row: Row, source: Row): Row {
		switch (table) {
			case 'projects':
				return { ...row, visibility: 'private' };
			case 'feedback_rounds':
				return { ...row, slug: randomString(8) };
			case 'prototype_attachments':
				return { ...row, storage_name: storageNames.get(source.id as string) };
			case 'prototype_decision_evidence': {
				const ref = source.ref_id;
				if (row.kind === 'feedback_round' && typeof ref === 'string') return { ...row, ref_id: ids.get(ref) ?? null };
				if (row.kind === 'board_section' && typeof ref === 'string') {
					const [board, section] = ref.split(':');
					return { ...row, ref_id: board && ids.has(board) ? `${ids.get(board)}:${section ?? ''}` : null };
				}
				return row;
			}
			case 'board_publications': {
				const content = JSON.parse(String(source.content)) as { notes?: { approved?: { response: string } }[] };
				for (const note of content.notes ?? []) if (note.approved) note.approved.response = ids.get(note.approved.response) ?? '';
				return { ...row, content: JSON.stringify(content) };
			}
			default:
				return row;
		}
	}
}

/** Whether a reference column may be left empty when what it names is not in the export. */
function nullableColumn(table: string, column: string): boolean {
	if (
		[
			'created_by',
			'added_by',
			'changed_by',
			'owner_id',
			'uploaded_by',
			'decided_by',
			'entered_by',
			'moderated_by',
			'author_id',
			'sent_by',
			'published_by',
			'approved_by',
			'linked_by'
		].includes(column)
	) {
		return true;
	}
	return (table === 'prototype_decisions' && column === 'version_id') || (table === 'prototype_idea_links' && column === 'board_id');
}

/** People by e-mail: matched to accounts here, or created disabled without a password. Receipts already here are not taken twice. */
async function matchUsers(trx: DB, users: ProjectExport['users'], ids: Map<string, string>, now: number): Promise<number> {
	let created = 0;
	for (const user of users) {
		if (typeof user?.id !== 'string' || typeof user.email !== 'string') continue;
		const email = user.email.trim().toLowerCase();
		const found = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
		if (found) {
			ids.set(user.id, found.id);
			continue;
		}
		const id = newId();
		await trx
			.insertInto('users')
			.values({ id, email, name: String(user.name ?? email).slice(0, 100), role: 'member', password_hash: null, disabled: 1, created_at: now })
			.execute();
		ids.set(user.id, id);
		created += 1;
	}
	return created;
}

async function insertRows(trx: DB, table: ExportedTable, rows: Row[]): Promise<void> {
	if (table === 'feedback_responses') {
		// A receipt already here (the same export imported twice) keeps working for its first copy only.
		for (const row of rows) {
			const taken = await trx.selectFrom('feedback_responses').select('id').where('receipt_hash', '=', String(row.receipt_hash)).executeTakeFirst();
			if (taken) row.receipt_hash = sha256(new TextEncoder().encode(randomString(32)));
		}
	}
	for (let i = 0; i < rows.length; i += 100) {
		// The table comes from TABLES, the columns from the export's rows: kysely quotes both.
		await trx
			.insertInto(table as ExportedTable)
			.values(rows.slice(i, i + 100) as never)
			.execute();
	}
}

/**
 * A board's document under its new id: the exported update as it was, then the people in it
 * renamed — notes' authors, notes that came from feedback (their response), voters (a
 * named voter is a user id; an anonymous one is derived anew from this instance's key), and
 * comments' authors, mentions and reactions.
 */
async function importBoard(
	trx: DB,
	board: ProjectExport['boards'][number],
	files: Record<string, Uint8Array>,
	ids: Map<string, string>,
	voterKey: Uint8Array,
	now: number
): Promise<void> {
	const boardId = ids.get(board.id);
	const update = files[`boards/${board.id}.yjs`];
	if (!boardId || !update) refuse('trail_import_damaged', 'file', { file: `boards/${board.id}.yjs` });
	const doc = new Y.Doc();
	try {
		Y.applyUpdate(doc, update);
		const { noteOps, votes } = boardRoots(doc);
		const round = readVotingRound(doc);
		const renamed: NoteOp[] = [];
		for (const note of listNotes(doc)) {
			const op: NoteOp = { id: note.id };
			if (ids.has(note.author)) op.author = ids.get(note.author)!;
			if (note.source?.kind === FEEDBACK_SOURCE_KIND && ids.has(note.source.id)) op.source = { kind: note.source.kind, id: ids.get(note.source.id)! };
			if (Object.keys(op).length > 1) renamed.push(op);
		}
		const voterIds = new Map<string, string>();
		for (const [voterId, oldUser] of Object.entries(board.voters ?? {})) {
			const user = ids.get(oldUser);
			if (!user) continue;
			voterIds.set(voterId, round?.anonymous ? anonymousVoterId(voterSeed(voterKey, boardId, user), round.id) : user);
		}
		doc.transact(() => {
			if (renamed.length) noteOps.push(renamed);
			renameCommentPeople(doc, ids);
			renameReactors(doc, ids);
			votes.forEach((voters) => {
				if (!(voters instanceof Y.Map)) return;
				for (const [from, to] of voterIds) {
					const count = voters.get(from);
					if (count === undefined || from === to) continue;
					voters.delete(from);
					voters.set(to, count);
				}
			});
		});
		// A new board: nobody holds it and no room has it, so its first snapshot goes in with its rows.
		await trx
			.insertInto('board_snapshots')
			.values({ board_id: boardId, state: Y.encodeStateAsUpdate(doc), last_seq: 0, updated_at: now })
			.execute();
	} finally {
		doc.destroy();
	}
}
