import type * as Y from 'yjs';
import type { DB } from '../db/open.ts';
import { listNotes } from '../../board/notes.ts';
import { listSections } from '../../board/sections.ts';
import { readVotes, readVotingRound } from '../../board/voting.ts';
import { readSecretResults } from '../../board/privacy.ts';
import { readComments, threadsOf, type BoardComment } from '../../board/comments.ts';
import type { BoardNote, BoardSection } from '../../board/schema.ts';
import { listImages, sectionOfImage, type BoardImage } from '../../board/images.ts';
import { listBoardGuests } from '../guests/guest-session.ts';

/**
 * What a board export shows: the board's sections and notes as the live document holds them now
 * (read through the hub, so a note written a second ago is there, and a private note not yet
 * revealed is not: it never entered the document), each note's dots when the board shows them,
 * its comments (threads in order, a reply after what it answers; deleted ones left out), and its
 * author by display name.
 */

/** The part of the collab hub this needs (`runtime.collab`). */
export interface BoardReader {
	readBoard<T>(boardId: string, read: (doc: Y.Doc) => T): Promise<T>;
}

export interface ExportComment {
	/** The writer's user id ('' for nobody known). */
	author: string;
	text: string;
	created: number;
	/** A reply to the comment before it in the thread. */
	reply: boolean;
}

export interface ExportNote extends BoardNote {
	/** Dots of an open round or of revealed results; null when no dots are shown. */
	dots: number | null;
	comments: ExportComment[];
}

/** An image on the board, with the section its centre is in ('' outside every section). */
export interface ExportImage extends BoardImage {
	section: string;
}

export interface BoardContent {
	/** Every section of the board (or only the chosen one), in reading order. */
	sections: BoardSection[];
	/** The notes shown, in reading order: section by section, top to bottom, left to right. */
	notes: ExportNote[];
	/** The chosen section, or null for the whole board. */
	section: BoardSection | null;
	/** The images shown (board/images.ts), oldest first; none when left out. */
	images?: ExportImage[];
}

/**
 * Dots per note as everyone on the board sees them: while a round is open or once it is revealed
 * (a secret round only by its revealed results). A closed round's dots wait for the reveal.
 */
export function shownDots(doc: Y.Doc): Map<string, number> | null {
	const round = readVotingRound(doc);
	if (!round || round.status === 'closed') return null;
	const dots = new Map<string, number>();
	if (round.secret) {
		if (round.status !== 'revealed') return null;
		for (const t of readSecretResults(doc, round.id)?.tallies ?? []) dots.set(t.noteId, t.count);
		return dots;
	}
	for (const [noteId, voters] of readVotes(doc)) {
		let total = 0;
		for (const count of voters.values()) if (count > 0) total += count;
		dots.set(noteId, total);
	}
	return dots;
}

/** A note's comments as a flat list: each thread's first comment (unless deleted), then its replies. */
export function noteComments(comments: ReadonlyMap<string, BoardComment>, noteId: string): ExportComment[] {
	const out: ExportComment[] = [];
	const take = (c: BoardComment, reply: boolean) => out.push({ author: c.author, text: c.text, created: c.created, reply });
	for (const thread of threadsOf(comments, noteId)) {
		if (!thread.first.deleted) take(thread.first, false);
		for (const r of thread.replies) take(r, true);
	}
	return out;
}

/** Reads the board's content from its document; `sectionId` narrows it to one section (null if there is no such section). */
export function contentOf(doc: Y.Doc, sectionId: string | null): BoardContent | null {
	const sections = listSections(doc);
	const section = sectionId === null ? null : (sections.find((s) => s.id === sectionId) ?? null);
	if (sectionId !== null && !section) return null;
	const order = new Map(sections.map((s, i) => [s.id, i]));
	const dots = shownDots(doc);
	const comments = readComments(doc);
	const notes = listNotes(doc)
		.filter((n) => !section || n.section === section.id)
		.map((n) => ({ ...n, dots: dots ? (dots.get(n.id) ?? 0) : null, comments: noteComments(comments, n.id) }))
		.sort((a, b) => (order.get(a.section) ?? sections.length) - (order.get(b.section) ?? sections.length) || a.y - b.y || a.x - b.x);
	const images = listImages(doc)
		.map((i) => ({ ...i, section: sectionOfImage(sections, i)?.id ?? '' }))
		.filter((i) => !section || i.section === section.id);
	return { sections: section ? [section] : sections, notes, section, images };
}

/** Reads the board through the hub; null when the section asked for does not exist. */
export function readBoardContent(boards: BoardReader, boardId: string, sectionId: string | null): Promise<BoardContent | null> {
	return boards.readBoard(boardId, (doc) => contentOf(doc, sectionId));
}

/** Who wrote what, by display name. */
export interface ExportNames {
	/** A note's or an image's author ('' when it has none to show). */
	note(item: Pick<BoardNote, 'author' | 'source'>): string;
	/** A person by user id ('' for nobody known). */
	person(id: string): string;
}

/**
/**
 * Display names of the notes', images' and comments' authors: members by their name (never an
 * e-mail), the board's guests by theirs with `guestName`. An author that is neither (someone
 * removed from the system, an anonymous note) has no name: ''. Imported notes (feedback,
 * stories) carry the line the importer wrote, e.g. "ประชาชน (แบบฟอร์มออนไลน์)", and keep it.
 */
export async function authorNames(
	db: DB,
	boardId: string,
	items: readonly (Pick<BoardNote, 'author'> & { comments?: readonly ExportComment[] })[],
	guestName: (name: string) => string
): Promise<ExportNames> {
	const ids = [...new Set(items.flatMap((n) => [n.author, ...(n.comments ?? []).map((c) => c.author)]).filter((a) => a.length > 0))];
	const names = new Map<string, string>();
	for (let i = 0; i < ids.length; i += 500) {
		const rows = await db
			.selectFrom('users')
			.select(['id', 'name'])
			.where('id', 'in', ids.slice(i, i + 500))
			.execute();
		for (const r of rows) names.set(r.id, r.name);
	}
	for (const g of await listBoardGuests(db, boardId)) names.set(g.userId, guestName(g.name));
	return {
		note: (note) => names.get(note.author) ?? (note.source ? note.author : ''),
		person: (id) => names.get(id) ?? ''
	};
}
