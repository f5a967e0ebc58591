/**
 * The project export's format (version 1): a ZIP holding
 *
 * - `manifest.json` — what this is (`format`, `version`), when and where it was made, the
 *   project, and every file in the archive with its SHA-256;
 * - `project.json` — `{ users, tables, boards, audit }`: the project's rows table by table, as
 *   stored (column names as in the database), the people they name (id, e-mail, name — never a
 *   password hash), each board's voters, and the project's audit trail;
 * - `boards/ID.yjs` (the whole Yjs document as one update) and `boards/ID.json` (its notes,
 *   sections, votes and settings, readable);
 * - `attachments/ID.EXT` — each attachment's bytes;
 * - `csv/TABLE.csv` — every table again as CSV (UTF-8 with BOM), and `csv/board_notes.csv`.
 *
 * Left out on purpose: passwords and sessions, citizens' contact details (the retention job
 * deletes them here; a file on someone's disk would keep them past their date), guests' join
 * codes, used form tokens, board leases. Receipt hashes stay, so citizens can still look up and
 * withdraw what they sent on the instance that imports it.
 */

export const EXPORT_FORMAT = 'prachalab-project';
export const EXPORT_VERSION = 1;

/** The kinds of ids the import gives new values (`user` ids are matched by e-mail instead). */
export type IdKind =
	| 'user'
	| 'project'
	| 'board'
	| 'stage_change'
	| 'prototype'
	| 'status_change'
	| 'version'
	| 'attachment'
	| 'plan'
	| 'decision'
	| 'evidence'
	| 'idea_link'
	| 'round'
	| 'question'
	| 'response'
	| 'team_note';

export interface TableSpec {
	/** The table, in the order rows are inserted (parents before children). */
	name: ExportedTable;
	/** Columns holding ids, and of what; a column named here with the table's own kind is its key. */
	ids: Record<string, IdKind>;
	/** Columns not exported (made anew on import). */
	omit?: string[];
}

export type ExportedTable =
	| 'projects'
	| 'project_tags'
	| 'project_members'
	| 'stage_changes'
	| 'boards'
	| 'prototypes'
	| 'prototype_tags'
	| 'prototype_status_changes'
	| 'prototype_versions'
	| 'prototype_attachments'
	| 'prototype_test_plans'
	| 'prototype_decisions'
	| 'prototype_decision_evidence'
	| 'prototype_idea_links'
	| 'feedback_rounds'
	| 'prototype_version_feedback'
	| 'feedback_questions'
	| 'feedback_responses'
	| 'feedback_answers'
	| 'feedback_tags'
	| 'feedback_notes'
	| 'feedback_board_links'
	| 'board_publications'
	| 'feedback_publication_approvals';

/**
 * Every exported table. Special columns, handled by name in the import: a round's `slug` (made
 * anew: slugs are unique across an instance), an evidence's `ref_id` (a round id, a
 * "board:section", or a URL, by `kind`), a publication's `content` (notes name their responses),
 * a response's `receipt_hash` (kept unless the instance already has it).
 */
export const TABLES: readonly TableSpec[] = [
	{ name: 'projects', ids: { id: 'project', created_by: 'user' } },
	{ name: 'project_tags', ids: { project_id: 'project' } },
	{ name: 'project_members', ids: { project_id: 'project', user_id: 'user', added_by: 'user' } },
	{ name: 'stage_changes', ids: { id: 'stage_change', project_id: 'project', changed_by: 'user' } },
	{ name: 'boards', ids: { id: 'board', project_id: 'project' } },
	{ name: 'prototypes', ids: { id: 'prototype', project_id: 'project', owner_id: 'user', created_by: 'user' } },
	{ name: 'prototype_tags', ids: { prototype_id: 'prototype' } },
	{ name: 'prototype_status_changes', ids: { id: 'status_change', prototype_id: 'prototype', changed_by: 'user' } },
	{ name: 'prototype_versions', ids: { id: 'version', prototype_id: 'prototype', created_by: 'user' } },
	{ name: 'prototype_attachments', ids: { id: 'attachment', version_id: 'version', uploaded_by: 'user' }, omit: ['storage_name'] },
	{ name: 'prototype_test_plans', ids: { id: 'plan', version_id: 'version', created_by: 'user' } },
	{ name: 'prototype_decisions', ids: { id: 'decision', prototype_id: 'prototype', version_id: 'version', decided_by: 'user' } },
	{ name: 'prototype_decision_evidence', ids: { id: 'evidence', decision_id: 'decision' } },
	{ name: 'prototype_idea_links', ids: { id: 'idea_link', prototype_id: 'prototype', board_id: 'board', linked_by: 'user' } },
	{ name: 'feedback_rounds', ids: { id: 'round', prototype_id: 'prototype', version_id: 'version', created_by: 'user' } },
	{ name: 'prototype_version_feedback', ids: { version_id: 'version', round_id: 'round' } },
	{ name: 'feedback_questions', ids: { id: 'question', round_id: 'round' } },
	{ name: 'feedback_responses', ids: { id: 'response', round_id: 'round', entered_by: 'user', moderated_by: 'user' } },
	{ name: 'feedback_answers', ids: { response_id: 'response', question_id: 'question' }, omit: ['id'] },
	{ name: 'feedback_tags', ids: { response_id: 'response' } },
	{ name: 'feedback_notes', ids: { id: 'team_note', response_id: 'response', author_id: 'user' } },
	{ name: 'feedback_board_links', ids: { response_id: 'response', board_id: 'board', sent_by: 'user' } },
	{ name: 'board_publications', ids: { board_id: 'board', project_id: 'project', published_by: 'user' } },
	{ name: 'feedback_publication_approvals', ids: { board_id: 'board', response_id: 'response', approved_by: 'user' } }
];

export type Row = Record<string, unknown>;

export interface ExportedUser {
	id: string;
	email: string;
	name: string;
}

export interface ExportedBoard {
	id: string;
	/** The board's voter ids and whose they are: user ids in named rounds, pseudonyms in anonymous ones. */
	voters: Record<string, string>;
}

export interface ProjectExport {
	users: ExportedUser[];
	tables: Record<ExportedTable, Row[]>;
	boards: ExportedBoard[];
	/** The project's audit trail, for the record (an import starts a trail of its own). */
	audit: Row[];
}

export interface Manifest {
	format: typeof EXPORT_FORMAT;
	version: number;
	exportedAt: string;
	/** The newest migration of the instance that made it. */
	schema: string;
	project: { id: string; title: string };
	files: { path: string; bytes: number; sha256: string }[];
}

/** The file of an attachment in the archive: its id and an extension from its type. */
export function attachmentPath(id: string, contentType: string): string {
	const ext = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif', 'image/webp': '.webp', 'application/pdf': '.pdf' }[contentType] ?? '';
	return `attachments/${id}${ext}`;
}
