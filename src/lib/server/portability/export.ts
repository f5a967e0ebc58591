import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { zipSync, strToU8, type Zippable } from 'fflate';
import type { DB } from '../db/open.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { readStoredFile } from '../files/attachments.ts';
import { toCsv } from '../export/csv.ts';
import { voterSeed } from '../collab/voters.ts';
import { anonymousVoterId } from '../../board/voters.ts';
import { readVotes, readVotingRound } from '../../board/voting.ts';
import { listNotes } from '../../board/notes.ts';
import { listSections } from '../../board/sections.ts';
import { boardRoots } from '../../board/schema.ts';
import { migrations } from '../../../../migrations/index.ts';
import {
	attachmentPath,
	EXPORT_FORMAT,
	EXPORT_VERSION,
	TABLES,
	type ExportedBoard,
	type ExportedTable,
	type Manifest,
	type ProjectExport,
	type Row
} from './format.ts';

/**
 * A project, exported: everything its team may see, as one ZIP (format.ts says what is in it
 * and what is left out). Boards are read through the hub (`readBoard`), so a board being edited
 * right now is exported as it is. Access is the caller's to check (facilitators of the project
 * and admins).
 */

export interface ExportDeps {
	/** The live boards (runtime.collab), or storage in tests and scripts. */
	readBoard<T>(boardId: string, read: (doc: Y.Doc) => T): Promise<T>;
	blobs: BlobStore;
	/** The key anonymous voters' seeds come from (runtime.voterKey): their dots stay theirs after an import. */
	voterKey: Uint8Array;
	now?: number;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The project's rows of every exported table, in a stable order. */
export async function projectRows(db: DB, projectId: string): Promise<Record<ExportedTable, Row[]>> {
	const prototypes = db.selectFrom('prototypes').select('id').where('project_id', '=', projectId);
	const versions = db.selectFrom('prototype_versions').select('id').where('prototype_id', 'in', prototypes);
	const decisions = db.selectFrom('prototype_decisions').select('id').where('prototype_id', 'in', prototypes);
	const rounds = db.selectFrom('feedback_rounds').select('id').where('prototype_id', 'in', prototypes);
	const responses = db.selectFrom('feedback_responses').select('id').where('round_id', 'in', rounds);
	const boards = db.selectFrom('boards').select('id').where('project_id', '=', projectId);
	const rows: Record<ExportedTable, Row[]> = {
		projects: await db.selectFrom('projects').selectAll().where('id', '=', projectId).execute(),
		project_tags: await db.selectFrom('project_tags').selectAll().where('project_id', '=', projectId).orderBy('tag').execute(),
		project_members: await db
			.selectFrom('project_members')
			.selectAll()
			.where('project_id', '=', projectId)
			.orderBy('added_at')
			.orderBy('user_id')
			.execute(),
		stage_changes: await db.selectFrom('stage_changes').selectAll().where('project_id', '=', projectId).orderBy('changed_at').orderBy('id').execute(),
		boards: await db
			.selectFrom('boards')
			.selectAll()
			.where('project_id', '=', projectId)
			.orderBy('created_at')
			.orderBy('stage')
			.orderBy('id')
			.execute(),
		prototypes: await db.selectFrom('prototypes').selectAll().where('project_id', '=', projectId).orderBy('created_at').orderBy('id').execute(),
		prototype_tags: await db
			.selectFrom('prototype_tags')
			.selectAll()
			.where('prototype_id', 'in', prototypes)
			.orderBy('prototype_id')
			.orderBy('tag')
			.execute(),
		prototype_status_changes: await db
			.selectFrom('prototype_status_changes')
			.selectAll()
			.where('prototype_id', 'in', prototypes)
			.orderBy('changed_at')
			.orderBy('id')
			.execute(),
		prototype_versions: await db
			.selectFrom('prototype_versions')
			.selectAll()
			.where('prototype_id', 'in', prototypes)
			.orderBy('created_at')
			.orderBy('number')
			.execute(),
		prototype_attachments: await db
			.selectFrom('prototype_attachments')
			.selectAll()
			.where('version_id', 'in', versions)
			.orderBy('uploaded_at')
			.orderBy('id')
			.execute(),
		prototype_test_plans: await db
			.selectFrom('prototype_test_plans')
			.selectAll()
			.where('version_id', 'in', versions)
			.orderBy('created_at')
			.orderBy('id')
			.execute(),
		prototype_decisions: await db
			.selectFrom('prototype_decisions')
			.selectAll()
			.where('prototype_id', 'in', prototypes)
			.orderBy('decided_at')
			.orderBy('id')
			.execute(),
		prototype_decision_evidence: await db
			.selectFrom('prototype_decision_evidence')
			.selectAll()
			.where('decision_id', 'in', decisions)
			.orderBy('decision_id')
			.orderBy('position')
			.execute(),
		prototype_idea_links: await db
			.selectFrom('prototype_idea_links')
			.selectAll()
			.where('prototype_id', 'in', prototypes)
			.orderBy('linked_at')
			.orderBy('id')
			.execute(),
		feedback_rounds: await db
			.selectFrom('feedback_rounds')
			.selectAll()
			.where('prototype_id', 'in', prototypes)
			.orderBy('created_at')
			.orderBy('id')
			.execute(),
		prototype_version_feedback: await db
			.selectFrom('prototype_version_feedback')
			.selectAll()
			.where('version_id', 'in', versions)
			.orderBy('version_id')
			.orderBy('round_id')
			.execute(),
		feedback_questions: await db
			.selectFrom('feedback_questions')
			.selectAll()
			.where('round_id', 'in', rounds)
			.orderBy('round_id')
			.orderBy('position')
			.execute(),
		feedback_responses: await db
			.selectFrom('feedback_responses')
			.selectAll()
			.where('round_id', 'in', rounds)
			.orderBy('submitted_at')
			.orderBy('id')
			.execute(),
		feedback_answers: await db
			.selectFrom('feedback_answers')
			.select(['response_id', 'question_id', 'option_id', 'number', 'text'])
			.where('response_id', 'in', responses)
			.orderBy('id')
			.execute(),
		feedback_tags: await db
			.selectFrom('feedback_tags')
			.selectAll()
			.where('response_id', 'in', responses)
			.orderBy('response_id')
			.orderBy('tag')
			.execute(),
		feedback_notes: await db
			.selectFrom('feedback_notes')
			.selectAll()
			.where('response_id', 'in', responses)
			.orderBy('created_at')
			.orderBy('id')
			.execute(),
		feedback_board_links: await db
			.selectFrom('feedback_board_links')
			.selectAll()
			.where('response_id', 'in', responses)
			.orderBy('sent_at')
			.orderBy('note_id')
			.execute(),
		board_publications: await db.selectFrom('board_publications').selectAll().where('project_id', '=', projectId).orderBy('board_id').execute(),
		feedback_publication_approvals: await db
			.selectFrom('feedback_publication_approvals')
			.selectAll()
			.where('board_id', 'in', boards)
			.orderBy('board_id')
			.orderBy('note_id')
			.orderBy('text_digest')
			.execute()
	};
	// Numbers as numbers on every dialect (PostgreSQL hands bigint over as text).
	for (const spec of TABLES) rows[spec.name] = rows[spec.name].map((row) => withoutOmitted(row, spec.omit));
	return rows;
}

function withoutOmitted(row: Row, omit: string[] | undefined): Row {
	const out: Row = {};
	for (const [key, value] of Object.entries(row)) if (!omit?.includes(key)) out[key] = typeof value === 'bigint' ? Number(value) : value;
	return out;
}

/** The people the rows name (by the user columns of each table). */
async function usersNamed(db: DB, tables: Record<ExportedTable, Row[]>, extra: Iterable<string>): Promise<ProjectExport['users']> {
	const ids = new Set<string>(extra);
	for (const spec of TABLES) {
		for (const [column, kind] of Object.entries(spec.ids)) {
			if (kind !== 'user') continue;
			for (const row of tables[spec.name]) if (typeof row[column] === 'string') ids.add(row[column] as string);
		}
	}
	if (ids.size === 0) return [];
	const rows = await db
		.selectFrom('users')
		.select(['id', 'email', 'name'])
		.where('id', 'in', [...ids])
		.orderBy('email')
		.execute();
	return rows;
}

/** A board as readable JSON: its notes, sections, votes and settings (`meta`: voting, timer, lock, …). */
export function boardJson(doc: Y.Doc) {
	const votes: Record<string, Record<string, number>> = {};
	for (const [noteId, voters] of readVotes(doc)) votes[noteId] = Object.fromEntries(voters);
	return { notes: listNotes(doc), sections: listSections(doc), votes, meta: boardRoots(doc).meta.toJSON() };
}

/** Whose each voter id on the board is: user ids as they are, anonymous pseudonyms worked out from the team's seeds. */
function votersOf(doc: Y.Doc, boardId: string, people: readonly string[], voterKey: Uint8Array): Record<string, string> {
	const round = readVotingRound(doc);
	const known = new Map(people.map((userId) => [userId, userId]));
	if (round?.anonymous) for (const userId of people) known.set(anonymousVoterId(voterSeed(voterKey, boardId, userId), round.id), userId);
	const out: Record<string, string> = {};
	for (const voters of readVotes(doc).values()) for (const voterId of voters.keys()) if (known.has(voterId)) out[voterId] = known.get(voterId)!;
	return out;
}

function boardNotesCsv(boards: { id: string; stage: string; json: ReturnType<typeof boardJson> }[]): string {
	const rows = boards.flatMap((b) =>
		b.json.notes.map((n) => ({
			board: b.id,
			stage: b.stage,
			section: b.json.sections.find((s) => s.id === n.section)?.title || b.json.sections.find((s) => s.id === n.section)?.key || '',
			note: n,
			votes: Object.values(b.json.votes[n.id] ?? {}).reduce((sum, count) => sum + (count > 0 ? count : 0), 0)
		}))
	);
	return toCsv(
		[
			{ header: 'board_id', value: (r) => r.board },
			{ header: 'stage', value: (r) => r.stage },
			{ header: 'section', value: (r) => r.section },
			{ header: 'note_id', value: (r) => r.note.id },
			{ header: 'text', value: (r) => r.note.text },
			{ header: 'color', value: (r) => r.note.color },
			{ header: 'x', value: (r) => r.note.x },
			{ header: 'y', value: (r) => r.note.y },
			{ header: 'votes', value: (r) => r.votes }
		],
		rows
	);
}

function tableCsv(rows: Row[]): string {
	const columns = Object.keys(rows[0] ?? {}).map((key) => ({
		header: key,
		value: (row: Row) => {
			const value = row[key];
			return value === null || value === undefined || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
				? value
				: JSON.stringify(value);
		}
	}));
	return toCsv(columns, rows);
}

/** The project as a ZIP (format.ts), with its file name. */
export async function exportProject(db: DB, projectId: string, deps: ExportDeps): Promise<{ zip: Uint8Array; fileName: string; missing: string[] }> {
	const now = deps.now ?? Date.now();
	const tables = await projectRows(db, projectId);
	const project = tables.projects[0];
	if (!project) throw new Error(`no project ${projectId}`);
	const team = tables.project_members.map((m) => m.user_id as string);

	const files: Record<string, Uint8Array> = {};
	const stored: Record<string, boolean> = {};
	const boards: ExportedBoard[] = [];
	const readable: { id: string; stage: string; json: ReturnType<typeof boardJson> }[] = [];
	const boardVoters = new Set<string>();
	for (const board of tables.boards) {
		const id = board.id as string;
		const { update, json, voters } = await deps.readBoard(id, (doc) => ({
			update: Y.encodeStateAsUpdate(doc),
			json: boardJson(doc),
			voters: votersOf(doc, id, team, deps.voterKey)
		}));
		files[`boards/${id}.yjs`] = update;
		files[`boards/${id}.json`] = strToU8(JSON.stringify(json, null, '\t'));
		boards.push({ id, voters });
		readable.push({ id, stage: board.stage as string, json });
		for (const userId of Object.values(voters)) boardVoters.add(userId);
	}

	// Attachments whose file is gone are left out (and named in the manifest) rather than exported as broken links.
	const missing: string[] = [];
	const attachments: Row[] = [];
	const attachmentIds = tables.prototype_attachments.map((a) => a.id as string);
	const storage = new Map(
		attachmentIds.length
			? (await db.selectFrom('prototype_attachments').select(['id', 'storage_name']).where('id', 'in', attachmentIds).execute()).map((r) => [
					r.id,
					r.storage_name
				])
			: []
	);
	for (const row of tables.prototype_attachments) {
		const name = storage.get(row.id as string);
		const bytes = name ? await readStoredFile(deps.blobs, name) : null;
		if (!bytes) {
			missing.push(row.id as string);
			continue;
		}
		files[attachmentPath(row.id as string, row.content_type as string)] = bytes;
		stored[attachmentPath(row.id as string, row.content_type as string)] = true;
		attachments.push(row);
	}
	tables.prototype_attachments = attachments;

	const audit = (await db.selectFrom('audit_events').selectAll().where('project_id', '=', projectId).orderBy('at').orderBy('id').execute()).map(
		({ address: _address, ...event }) => withoutOmitted(event, [])
	);
	const data: ProjectExport = { users: await usersNamed(db, tables, boardVoters), tables, boards, audit };
	files['project.json'] = strToU8(JSON.stringify(data, null, '\t'));

	for (const spec of TABLES) if (tables[spec.name].length) files[`csv/${spec.name}.csv`] = strToU8(tableCsv(tables[spec.name]));
	if (audit.length) files['csv/audit_events.csv'] = strToU8(tableCsv(audit));
	files['csv/board_notes.csv'] = strToU8(boardNotesCsv(readable));

	const manifest: Manifest & { missingAttachments: string[] } = {
		format: EXPORT_FORMAT,
		version: EXPORT_VERSION,
		exportedAt: new Date(now).toISOString(),
		schema: Object.keys(migrations).at(-1) ?? '',
		project: { id: projectId, title: project.title as string },
		files: Object.entries(files).map(([path, bytes]) => ({ path, bytes: bytes.byteLength, sha256: sha256(bytes) })),
		missingAttachments: missing
	};
	const zippable: Zippable = { 'manifest.json': strToU8(JSON.stringify(manifest, null, '\t')) };
	// Images and PDFs are compressed already: stored as they are.
	for (const [path, bytes] of Object.entries(files)) zippable[path] = stored[path] ? [bytes, { level: 0 }] : bytes;
	const zip = zipSync(zippable, { level: 6, mtime: new Date(now) });
	const day = new Date(now + 7 * 60 * 60 * 1000).toISOString().slice(0, 10);
	return { zip, fileName: `prachalab-project-${projectId}-${day}.zip`, missing };
}
