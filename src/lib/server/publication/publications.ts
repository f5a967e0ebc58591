import type * as Y from 'yjs';
import type { DB } from '../db/open.ts';
import { listNotes, listSections } from '../../board/notes.ts';
import type { BoardNote, BoardSection } from '../../board/schema.ts';
import { refuse } from '../validation.ts';
import {
	composePublication,
	publicText,
	responseOfNote,
	responsesNamed,
	textDigest,
	type Approval,
	type Composition,
	type FeedbackFacts,
	type StoredPublication
} from './snapshot.ts';
import { BOARD_STAGES } from '../../domain/stages.ts';
import {
	approveEntryWording,
	entryApprovalsOfBoard,
	entryLinksOfBoard,
	entryStatuses,
	revokeEntryWording,
	standingEntryApprovals
} from '../participation/publication-facts.ts';
import { entryOfSourceKey } from '../participation/sources.ts';
import {
	PUBLICATION_SCOPES,
	type PublicBoard,
	type PublicationChoice,
	type PublicationScope,
	type PublicationSummary
} from '../../domain/publication.ts';

/**
 * Board publications: a facilitator previews a part of a board (the whole board or some
 * sections), confirms, and a snapshot of exactly that preview is stored and shown to the public
 * until they update or withdraw it. A note typed on the board afterwards never becomes public by
 * itself. Citizens' words (feedback, stories, ideas) are public only in a wording a moderator approved; withdrawing or
 * deleting the response takes that wording (and so the note) out of every publication.
 *
 * Every public output — the API for anyone outside the team, /open pages, open data — reads
 * boards through `readPublicBoard` and `listPublicBoards` here, and nothing else.
 */

/** The part of the collab hub this needs (runtime.collab). */
export interface BoardReader {
	readBoard<T>(boardId: string, read: (doc: Y.Doc) => T): Promise<T>;
}

const MAX_CHOSEN_SECTIONS = 200;

/** The choice in a query string or a form (`scope`, `section` repeated); null when none was made. */
export function publicationChoiceFrom(params: URLSearchParams | FormData): PublicationChoice | null {
	const scope = params.get('scope');
	if (scope === null || scope === '') return null;
	if (typeof scope !== 'string' || !(PUBLICATION_SCOPES as readonly string[]).includes(scope)) refuse('invalid_choice', 'scope');
	if (scope === 'board') return { scope: 'board' };
	const sections = [...new Set(params.getAll('section').filter((s): s is string => typeof s === 'string' && s.length > 0 && s.length <= 64))].slice(
		0,
		MAX_CHOSEN_SECTIONS
	);
	if (sections.length === 0) refuse('pub_no_sections', 'section');
	return { scope: 'sections', sections };
}

/** The query string that names a choice (for links back to its preview). */
export function choiceQuery(choice: PublicationChoice): string {
	const params = new URLSearchParams({ scope: choice.scope });
	if (choice.scope === 'sections') for (const id of choice.sections) params.append('section', id);
	return params.toString();
}

/** A board of the project (its id and stage), or null. */
export async function findProjectBoard(db: DB, projectId: string, boardId: string): Promise<{ id: string; stage: string } | null> {
	const row = await db.selectFrom('boards').select(['id', 'stage']).where('id', '=', boardId).where('project_id', '=', projectId).executeTakeFirst();
	return row ?? null;
}

async function feedbackFacts(db: DB, projectId: string, boardId: string, notes: readonly BoardNote[]): Promise<FeedbackFacts> {
	const links = new Map(
		(await db.selectFrom('feedback_board_links').select(['note_id', 'response_id']).where('board_id', '=', boardId).execute()).map((r) => [
			r.note_id,
			r.response_id
		])
	);
	// Stories and ideas the board holds, by their source keys (participation/sources.ts).
	for (const [note, key] of await entryLinksOfBoard(db, boardId)) links.set(note, key);
	const named = responsesNamed(notes, links);
	const statuses = new Map<string, string>();
	for (let i = 0; i < named.length; i += 500) {
		const rows = await db
			.selectFrom('feedback_responses')
			.innerJoin('feedback_rounds', 'feedback_rounds.id', 'feedback_responses.round_id')
			.innerJoin('prototypes', 'prototypes.id', 'feedback_rounds.prototype_id')
			.select(['feedback_responses.id', 'feedback_responses.status'])
			.where('prototypes.project_id', '=', projectId)
			.where('feedback_responses.id', 'in', named.slice(i, i + 500))
			.execute();
		for (const r of rows) statuses.set(r.id, r.status);
	}
	for (const [key, status] of await entryStatuses(db, projectId, named)) statuses.set(key, status);
	const approvals = new Map<string, Map<string, Approval>>();
	const rows = await db
		.selectFrom('feedback_publication_approvals')
		.select(['note_id', 'text_digest', 'response_id', 'text'])
		.where('board_id', '=', boardId)
		.execute();
	const entryApprovals = (await entryApprovalsOfBoard(db, boardId)).map((a) => ({
		note_id: a.noteId,
		text_digest: a.digest,
		response_id: a.key,
		text: a.text
	}));
	for (const r of [...rows, ...entryApprovals]) {
		const forNote = approvals.get(r.note_id) ?? new Map<string, Approval>();
		forNote.set(r.text_digest, { responseId: r.response_id, text: r.text });
		approvals.set(r.note_id, forNote);
	}
	return { links, statuses, approvals };
}

async function readLiveBoard(boards: BoardReader, boardId: string): Promise<{ notes: BoardNote[]; sections: BoardSection[] }> {
	return boards.readBoard(boardId, (doc) => ({ notes: listNotes(doc), sections: listSections(doc) }));
}

/** The live board's sections (to choose from), with how many notes each holds. */
export async function boardSectionsToChoose(boards: BoardReader, boardId: string): Promise<{ section: BoardSection; notes: number }[]> {
	const { notes, sections } = await readLiveBoard(boards, boardId);
	return sections.map((section) => ({ section, notes: notes.filter((n) => n.section === section.id).length }));
}

/** What publishing `choice` of the board would show the public now, and what it would withhold. Access: canManage. */
export async function previewPublication(
	db: DB,
	boards: BoardReader,
	projectId: string,
	boardId: string,
	choice: PublicationChoice
): Promise<Composition> {
	const board = await readLiveBoard(boards, boardId);
	return composePublication(board, choice, await feedbackFacts(db, projectId, boardId, board.notes));
}

/**
 * Publishes `choice` of the board as previewed: `digest` is the preview's, and a board that
 * changed since (a note added, edited, moved; an approval given or withdrawn) is refused, so
 * nobody publishes what they did not see. Replaces the board's earlier publication. Access: canManage.
 */
export async function publishBoard(
	db: DB,
	boards: BoardReader,
	input: { projectId: string; boardId: string; choice: PublicationChoice; digest: unknown; userId: string; now?: number }
): Promise<Composition> {
	const composed = await previewPublication(db, boards, input.projectId, input.boardId, input.choice);
	if (input.choice.scope === 'sections' && composed.view.sections.length === 0) refuse('pub_no_sections', 'section');
	if (typeof input.digest !== 'string' || input.digest !== composed.digest) refuse('pub_changed_since_preview');
	const row = {
		project_id: input.projectId,
		scope: input.choice.scope,
		sections: JSON.stringify(input.choice.scope === 'sections' ? composed.view.sections.map((s) => s.id) : []),
		content: JSON.stringify(composed.stored),
		digest: composed.digest,
		published_by: input.userId,
		published_at: input.now ?? Date.now()
	};
	await db
		.insertInto('board_publications')
		.values({ board_id: input.boardId, ...row })
		.onConflict((oc) => oc.column('board_id').doUpdateSet(row))
		.execute();
	return composed;
}

/** Takes the board's publication down. Access: canManage. Returns whether there was one. */
export async function withdrawPublication(db: DB, projectId: string, boardId: string): Promise<boolean> {
	const result = await db.deleteFrom('board_publications').where('board_id', '=', boardId).where('project_id', '=', projectId).executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}

function summaryOf(row: {
	board_id: string;
	scope: string;
	sections: string;
	content: string;
	published_at: number;
	name?: string | null;
}): PublicationSummary {
	const content = JSON.parse(row.content) as StoredPublication;
	return {
		boardId: row.board_id,
		scope: row.scope as PublicationScope,
		sections: JSON.parse(row.sections) as string[],
		notes: content.notes.length,
		publishedAt: Number(row.published_at),
		publishedByName: row.name ?? null
	};
}

/** The project's board publications, for its team (who published them included). */
export async function listPublications(db: DB, projectId: string): Promise<PublicationSummary[]> {
	const rows = await db
		.selectFrom('board_publications')
		.leftJoin('users', 'users.id', 'board_publications.published_by')
		.select([
			'board_publications.board_id',
			'board_publications.scope',
			'board_publications.sections',
			'board_publications.content',
			'board_publications.published_at',
			'users.name'
		])
		.where('board_publications.project_id', '=', projectId)
		.execute();
	return rows.map(summaryOf);
}

/** Approves the wording a citizen's note has now on the board, for publication. Access: canManage (moderators of the project). */
export async function approveFeedbackWording(
	db: DB,
	boards: BoardReader,
	input: { projectId: string; boardId: string; noteId: unknown; userId: string; now?: number }
): Promise<void> {
	if (typeof input.noteId !== 'string' || input.noteId.length === 0 || input.noteId.length > 64) refuse('not_found', 'note');
	const noteId = input.noteId;
	const note = await boards.readBoard(input.boardId, (doc) => listNotes(doc).find((n) => n.id === noteId) ?? null);
	if (!note) refuse('pub_note_gone', 'note');
	const facts = await feedbackFacts(db, input.projectId, input.boardId, [note]);
	const responseId = responseOfNote(note, facts.links);
	if (!responseId) refuse('pub_not_feedback', 'note');
	const status = facts.statuses.get(responseId);
	if (status === undefined || status === 'hidden' || status === 'spam') refuse('pub_feedback_hidden', 'note');
	if (entryOfSourceKey(responseId)) {
		const now = input.now ?? Date.now();
		await approveEntryWording(db, {
			boardId: input.boardId,
			noteId,
			digest: textDigest(note.text),
			key: responseId,
			text: note.text,
			userId: input.userId,
			now
		});
		return;
	}
	await db
		.insertInto('feedback_publication_approvals')
		.values({
			board_id: input.boardId,
			note_id: noteId,
			text_digest: textDigest(note.text),
			response_id: responseId,
			text: note.text,
			approved_by: input.userId,
			approved_at: input.now ?? Date.now()
		})
		.onConflict((oc) => oc.columns(['board_id', 'note_id', 'text_digest']).doNothing())
		.execute();
}

/**
 * Withdraws every approval of a note's wording: it leaves the board's publication at once (a
 * publication holds citizens' words by reference to their approval). Access: canManage.
 */
export async function revokeFeedbackWording(db: DB, boardId: string, noteId: unknown): Promise<void> {
	if (typeof noteId !== 'string') refuse('not_found', 'note');
	await db.deleteFrom('feedback_publication_approvals').where('board_id', '=', boardId).where('note_id', '=', noteId).execute();
	await revokeEntryWording(db, boardId, noteId);
}

async function isPublished(db: DB, projectId: string): Promise<boolean> {
	const row = await db.selectFrom('projects').select('visibility').where('id', '=', projectId).executeTakeFirst();
	return row?.visibility === 'published';
}

/** A published board as the public sees it. */
export interface PublicBoardPage {
	board: { id: string; stage: string };
	scope: PublicationScope;
	publishedAt: number;
	view: PublicBoard;
}

/**
 * A board as the public sees it: its publication, with citizens' words whose approval still
 * stands (and whose response is still there, neither hidden nor spam). Null when the project is
 * not published or the board is not.
 */
export async function readPublicBoard(db: DB, projectId: string, boardId: string): Promise<PublicBoardPage | null> {
	if (!(await isPublished(db, projectId))) return null;
	return readPublication(db, projectId, boardId);
}

/** The board's publication as it reads now, whether or not the project is published (for its team). */
export async function readPublication(db: DB, projectId: string, boardId: string): Promise<PublicBoardPage | null> {
	const row = await db
		.selectFrom('board_publications')
		.innerJoin('boards', 'boards.id', 'board_publications.board_id')
		.select(['boards.id', 'boards.stage', 'board_publications.scope', 'board_publications.content', 'board_publications.published_at'])
		.where('board_publications.board_id', '=', boardId)
		.where('board_publications.project_id', '=', projectId)
		.executeTakeFirst();
	if (!row) return null;
	const content = JSON.parse(row.content) as StoredPublication;
	const approved = await db
		.selectFrom('feedback_publication_approvals')
		.innerJoin('feedback_responses', 'feedback_responses.id', 'feedback_publication_approvals.response_id')
		.select([
			'feedback_publication_approvals.note_id',
			'feedback_publication_approvals.text_digest',
			'feedback_publication_approvals.response_id',
			'feedback_publication_approvals.text'
		])
		.where('feedback_publication_approvals.board_id', '=', boardId)
		.where('feedback_responses.status', 'not in', ['hidden', 'spam'])
		.execute();
	const wording = new Map(approved.map((a) => [`${a.note_id}:${a.text_digest}:${a.response_id}`, a.text]));
	for (const a of await standingEntryApprovals(db, boardId)) wording.set(`${a.noteId}:${a.digest}:${a.key}`, a.text);
	const notes: PublicBoard['notes'] = [];
	for (const note of content.notes) {
		const { id, section, x, y, w, h, color } = note;
		if ('text' in note) {
			notes.push({ id, section, x, y, w, h, color, text: publicText(note.text), fromFeedback: false });
			continue;
		}
		const text = wording.get(`${id}:${note.approved.digest}:${note.approved.response}`);
		if (text !== undefined) notes.push({ id, section, x, y, w, h, color, text: publicText(text), fromFeedback: true });
	}
	return {
		board: { id: row.id, stage: row.stage },
		scope: row.scope as PublicationScope,
		publishedAt: Number(row.published_at),
		view: { sections: content.sections.map((s) => ({ ...s, title: publicText(s.title) })), notes }
	};
}

/** The published boards of a published project, for the public (no names); [] otherwise. */
export async function listPublicBoards(
	db: DB,
	projectId: string
): Promise<{ boardId: string; stage: string; scope: PublicationScope; sections: number; publishedAt: number }[]> {
	if (!(await isPublished(db, projectId))) return [];
	const rows = await db
		.selectFrom('board_publications')
		.innerJoin('boards', 'boards.id', 'board_publications.board_id')
		.select(['boards.id', 'boards.stage', 'board_publications.scope', 'board_publications.content', 'board_publications.published_at'])
		.where('board_publications.project_id', '=', projectId)
		.execute();
	const order = (stage: string) => (BOARD_STAGES as readonly string[]).indexOf(stage);
	return rows
		.map((r) => ({
			boardId: r.id,
			stage: r.stage,
			scope: r.scope as PublicationScope,
			sections: (JSON.parse(r.content) as StoredPublication).sections.length,
			publishedAt: Number(r.published_at)
		}))
		.sort((a, b) => order(a.stage) - order(b.stage));
}
