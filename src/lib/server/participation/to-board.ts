import type { DB } from '../db/open.ts';
import { addNote, getNote, updateNote } from '../../board/notes.ts';
import { findSectionByKey, listSections } from '../../board/sections.ts';
import { refuse } from '../validation.ts';
import { redactPersonalData } from '../feedback/redact.ts';
import { removeBoardNotes, type BoardChanger } from '../feedback/to-board.ts';
import type { BoardReader } from '../publication/publications.ts';
import { entriesOfCall } from './moderation.ts';
import { answersOfEntries } from './entries.ts';
import { groupSupportCounts } from './supports.ts';
import { callStage, type Call, type CallKind } from '../../domain/participation.ts';
import type { Channel } from '../../domain/feedback.ts';

/**
 * Bringing stories to the project's Empathize board and ideas to its Ideate board, as notes,
 * through the collab hub (everyone on the board sees them at once). Each note carries a source
 * the server sets — `{ kind: 'story' | 'idea', id }` — and the link is kept here, so the
 * publication rules know a note holds citizens' words (public only in a wording a moderator
 * approved) and a withdrawal finds the note to remove. Personal data is masked in the note, as
 * for feedback. An idea's note says how many people support it (its group counted once) and links
 * back to it; bringing it again refreshes that count.
 */

/** The note sources of citizens' stories and ideas (feedback's is `FEEDBACK_SOURCE_KIND`). */
export const ENTRY_SOURCE_KINDS = ['story', 'idea'] as const satisfies readonly CallKind[];

/** How a note reads: the route supplies the words, in the sender's language. */
export interface EntryNoteWording {
	author(channel: Channel, kind: CallKind): string;
	/** A guided question's label, for the answers under a story. */
	question(questionId: string): string | null;
	/** The line under an idea: its supporters and the link back to it. */
	ideaFooter(supports: number, link: string): string;
}

/** Where a call's entries go: the project's board of the call's stage, and the section they land in by default. */
export async function targetBoard(db: DB, projectId: string, kind: CallKind): Promise<string | null> {
	const row = await db
		.selectFrom('boards')
		.select('id')
		.where('project_id', '=', projectId)
		.where('stage', '=', callStage(kind))
		.orderBy('created_at')
		.executeTakeFirst();
	return row?.id ?? null;
}

export const DEFAULT_SECTION_KEY: Record<CallKind, string> = { story: 'says', idea: 'brainstorm' };

/** The target board's sections to choose from, the default first. */
export async function targetSections(boards: BoardReader, boardId: string, kind: CallKind): Promise<{ id: string; title: string; key: string }[]> {
	const sections = await boards.readBoard(boardId, (doc) => listSections(doc));
	const preferred = DEFAULT_SECTION_KEY[kind];
	return [...sections]
		.sort((a, b) => Number(b.key === preferred) - Number(a.key === preferred))
		.map((s) => ({ id: s.id, title: s.title, key: s.key }));
}

interface EntryRow {
	id: string;
	kind: string;
	status: string;
	channel: string;
	title: string;
	body: string;
	submitted_at: number;
	duplicate_of: string | null;
}

/** The note an entry becomes (personal data masked). */
export function entryNoteText(
	entry: EntryRow,
	answers: readonly { questionId: string; text: string }[],
	wording: EntryNoteWording,
	extra: { supports: number; link: string }
): string {
	if (entry.kind === 'idea') {
		return redactPersonalData(`${entry.title}\n\n${entry.body}\n\n${wording.ideaFooter(extra.supports, extra.link)}`);
	}
	const lines = answers.map((a) => {
		const label = wording.question(a.questionId);
		return label ? `${label}: ${a.text}` : a.text;
	});
	return redactPersonalData([entry.body, ...lines].join('\n\n'));
}

/**
 * Sends entries of a call to the board of its stage. Spam and hidden entries are refused (the
 * list drops them). An entry already on the board is not added twice; an idea's note gets its
 * support count refreshed. Access: canEdit on the project.
 */
export async function sendEntriesToBoard(
	db: DB,
	collab: BoardChanger & BoardReader,
	input: {
		call: Call;
		entryIds: readonly unknown[];
		sectionId?: unknown;
		userId: string;
		wording: EntryNoteWording;
		publicLink: (entryId: string) => string;
		now?: number;
	}
): Promise<{ sent: number; refreshed: number; alreadyThere: number }> {
	const now = input.now ?? Date.now();
	const { call } = input;
	const boardId = await targetBoard(db, call.projectId, call.kind);
	if (!boardId) refuse('pt_no_board');
	const own = await entriesOfCall(db, call.id, input.entryIds);
	if (own.length === 0) refuse('fb_nothing_selected');
	const rows = (await db
		.selectFrom('participation_entries')
		.select(['id', 'kind', 'status', 'channel', 'title', 'body', 'submitted_at', 'duplicate_of'])
		.where('id', 'in', own)
		.execute()) as EntryRow[];
	if (rows.some((r) => r.status === 'hidden' || r.status === 'spam')) refuse('pt_hidden_to_board');
	const links = new Map(
		(
			await db
				.selectFrom('participation_board_links')
				.select(['entry_id', 'note_id'])
				.where('board_id', '=', boardId)
				.where('entry_id', 'in', own)
				.execute()
		).map((l) => [l.entry_id, l.note_id])
	);
	const answers = await answersOfEntries(db, own);
	const supports = call.kind === 'idea' ? await groupSupportCounts(db, call.id) : new Map<string, number>();
	const text = (row: EntryRow) =>
		entryNoteText(row, answers.get(row.id) ?? [], input.wording, {
			supports: supports.get(row.duplicate_of ?? row.id) ?? 0,
			link: input.publicLink(row.id)
		});
	const section = typeof input.sectionId === 'string' ? input.sectionId : '';

	const created: { entryId: string; noteId: string }[] = [];
	let refreshed = 0;
	let alreadyThere = 0;
	await collab.changeBoard(boardId, (doc) => {
		const target = listSections(doc).find((s) => s.id === section)?.id ?? findSectionByKey(doc, DEFAULT_SECTION_KEY[call.kind])?.id;
		for (const row of rows) {
			const noteId = links.get(row.id);
			if (noteId && getNote(doc, noteId)) {
				if (row.kind === 'idea' && updateNote(doc, noteId, { text: text(row) })) refreshed++;
				else alreadyThere++;
				continue;
			}
			const id = addNote(doc, {
				text: text(row),
				author: input.wording.author(row.channel as Channel, row.kind === 'idea' ? 'idea' : 'story'),
				color: row.kind === 'idea' ? 'green' : 'pink',
				...(target ? { section: target } : {}),
				source: { kind: row.kind, id: row.id },
				created: Number(row.submitted_at)
			});
			created.push({ entryId: row.id, noteId: id });
		}
	});
	// The notes are stored and relayed; now remember which is which. An entry withdrawn in
	// between has no row to link to any more, and its note leaves the board again.
	const still = new Set(
		created.length === 0
			? []
			: (
					await db
						.selectFrom('participation_entries')
						.select('id')
						.where(
							'id',
							'in',
							created.map((c) => c.entryId)
						)
						.execute()
				).map((r) => r.id)
	);
	const keep = created.filter((c) => still.has(c.entryId));
	if (keep.length > 0) {
		await db
			.insertInto('participation_board_links')
			.values(keep.map((c) => ({ entry_id: c.entryId, board_id: boardId, note_id: c.noteId, sent_by: input.userId, sent_at: now })))
			.onConflict((oc) => oc.columns(['entry_id', 'board_id']).doUpdateSet((eb) => ({ note_id: eb.ref('excluded.note_id'), sent_at: now })))
			.execute();
	}
	const orphans = created.filter((c) => !still.has(c.entryId));
	if (orphans.length > 0)
		await removeBoardNotes(
			collab,
			orphans.map((o) => ({ boardId, noteId: o.noteId }))
		);
	return { sent: keep.length, refreshed, alreadyThere };
}
