import * as Y from 'yjs';
import './yjs-content-merge.ts';

/**
 * The shape of a board's Yjs document, shared by the browser, the server and the tests.
 *
 * - `noteOps: Y.Array<NoteOp>` — the notes, as a log of plain-value operations. A note is the
 *   fold of its ops in array order, field by field: the op that creates it carries every field,
 *   later ops carry only the fields they change. Concurrent edits of different fields of one
 *   note (a move and a text edit) therefore both survive, while the log costs about what plain
 *   values cost: consecutive ops from one client merge into a single Yjs item. Measured against
 *   a nested `Y.Map` per note and a plain value per note in bench/board-representation.bench.ts.
 * - `sections: Y.Map<Y.Map>` — template areas and user clusters (few; one map each).
 * - `votes: Y.Map<noteId, Y.Map<voterId, count>>` — the dots of the current voting round
 *   (voting.ts). A voter id is the user's id, or an unlinkable per-round pseudonym when the round
 *   is anonymous (voters.ts).
 * - `meta: Y.Map` — the stage and the template version, and what the facilitator controls, each
 *   one plain value: `voting` (the round), `timer`, `locked`, `focus` (facilitation.ts, timer.ts).
 *   Only facilitators may change `meta`, and the hub enforces it.
 * - `comments: Y.Array<CommentOp>` — comments on notes, a log of plain-value ops folded like
 *   `noteOps` (comments.ts): the op that creates a comment carries its note, author, time and
 *   (for a reply) the comment it answers; an edit carries new text and mentions; a deletion
 *   takes the comment's earlier ops out of the log (so its text goes) and leaves a tombstone op,
 *   so its replies keep their place. The same reasons as for notes: concurrent edits of one
 *   thread merge, ops cost what plain values cost, and the hub reads who wrote what from values.
 * - `reactions: Y.Map<1>` — quick reactions, one flat key per reaction: `noteId:emoji:userId`
 *   (reactions.ts). Flat rather than a `Y.Map` per note (as votes are): two people reacting
 *   first to a note at once would each create the note's map, and Yjs keeps only one of them.
 * - `images: Y.Map<Y.Map>` — photos placed on the board (images.ts), one map of plain values
 *   each, as sections: they are few, and a move by one person and an alt text typed by another
 *   are different keys of the map, so both survive. The file an image shows is named by a
 *   reference the server signed for this board (the hub refuses any other: rules/images.ts).
 */
export const ROOT = {
	noteOps: 'noteOps',
	sections: 'sections',
	votes: 'votes',
	meta: 'meta',
	comments: 'comments',
	reactions: 'reactions',
	images: 'images'
} as const;

export const NOTE_COLORS = ['yellow', 'orange', 'pink', 'purple', 'blue', 'green', 'gray'] as const;
export type NoteColor = (typeof NOTE_COLORS)[number];
export const DEFAULT_NOTE_COLOR: NoteColor = 'yellow';

export const NOTE_SIZE = { w: 180, h: 140, min: 80, max: 1200 } as const;
export const MAX_NOTE_TEXT = 4000;
/** Coordinates are kept within ±COORD_LIMIT so a broken client cannot send notes to infinity. */
export const COORD_LIMIT = 1_000_000;

/** A note as the board shows it. */
export interface BoardNote {
	id: string;
	text: string;
	x: number;
	y: number;
	w: number;
	h: number;
	color: string;
	/** The id of the section the note belongs to; '' when it is loose on the canvas. */
	section: string;
	/** Who wrote it: a user id, or whatever the importing code names (e.g. a feedback source). */
	author: string;
	/** When it was created, ms since the epoch. */
	created: number;
	/** Where it came from when it was imported (e.g. `{ kind: 'feedback', id }`). */
	source?: { kind: string; id: string };
}

export type NoteFields = Omit<BoardNote, 'id'>;
/** One entry of the note log: the note's id and the fields this operation sets. */
export type NoteOp = { id: string } & Partial<NoteFields>;

/** A comment on a note as the board shows it (comments.ts). */
export interface BoardComment {
	id: string;
	noteId: string;
	/** Who wrote it: a user id or a guest's. */
	author: string;
	/** '' once deleted. */
	text: string;
	/** ms since the epoch. */
	created: number;
	/** When its text was last edited, or 0. */
	edited: number;
	/** When it was deleted (a tombstone), or 0. */
	deleted: number;
	/** The comment it answers (threads are one level deep), or ''. */
	replyTo: string;
	/** The user ids it mentions. */
	mentions: string[];
}

export type CommentFields = Omit<BoardComment, 'id'>;
/** One entry of the comment log: the comment's id and the fields this operation sets. */
export type CommentOp = { id: string } & Partial<CommentFields>;

export type SectionKind = 'template' | 'cluster';

/** A titled area of the board. Notes in it move with it. */
export interface BoardSection {
	id: string;
	/** The user's title; '' for a template section that still shows its catalogue title. */
	title: string;
	/** The template's key for the catalogue title (e.g. 'says'); '' for a user cluster. */
	key: string;
	kind: SectionKind;
	x: number;
	y: number;
	w: number;
	h: number;
	color: string;
}

export interface BoardRoots {
	noteOps: Y.Array<NoteOp>;
	sections: Y.Map<Y.Map<unknown>>;
	votes: Y.Map<Y.Map<number>>;
	meta: Y.Map<unknown>;
	comments: Y.Array<CommentOp>;
	reactions: Y.Map<number>;
	images: Y.Map<Y.Map<unknown>>;
}

/** Each document's roots, looked up once: a root type, once defined, stays the same object. */
const rootsOf = new WeakMap<Y.Doc, BoardRoots>();

/**
 * The board's root types. Looked up once per document: the hub asks for them several times per
 * update, and seven `doc.get` calls each time were 2–3 % of what a paced run allocated.
 */
export function boardRoots(doc: Y.Doc): BoardRoots {
	let roots = rootsOf.get(doc);
	if (!roots) {
		roots = Object.freeze({
			noteOps: doc.getArray<NoteOp>(ROOT.noteOps),
			sections: doc.getMap<Y.Map<unknown>>(ROOT.sections),
			votes: doc.getMap<Y.Map<number>>(ROOT.votes),
			meta: doc.getMap<unknown>(ROOT.meta),
			comments: doc.getArray<CommentOp>(ROOT.comments),
			reactions: doc.getMap<number>(ROOT.reactions),
			images: doc.getMap<Y.Map<unknown>>(ROOT.images)
		});
		rootsOf.set(doc, roots);
	}
	return roots;
}

export function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}

function finite(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

function shortString(value: unknown, max: number): value is string {
	return typeof value === 'string' && value.length <= max;
}

/**
 * The valid fields of an untrusted op (from any client, or an old document): what is malformed
 * is dropped, numbers are clamped. Used when folding, so nothing a client sends can break a
 * reader.
 */
export function cleanNoteFields(op: Record<string, unknown>): Partial<NoteFields> {
	const out: Partial<NoteFields> = {};
	if (typeof op.text === 'string') out.text = op.text.slice(0, MAX_NOTE_TEXT);
	if (finite(op.x)) out.x = clamp(op.x, -COORD_LIMIT, COORD_LIMIT);
	if (finite(op.y)) out.y = clamp(op.y, -COORD_LIMIT, COORD_LIMIT);
	if (finite(op.w)) out.w = clamp(op.w, NOTE_SIZE.min, NOTE_SIZE.max);
	if (finite(op.h)) out.h = clamp(op.h, NOTE_SIZE.min, NOTE_SIZE.max);
	if (typeof op.color === 'string') out.color = (NOTE_COLORS as readonly string[]).includes(op.color) ? op.color : DEFAULT_NOTE_COLOR;
	if (shortString(op.section, 64)) out.section = op.section;
	if (shortString(op.author, 200)) out.author = op.author;
	if (finite(op.created)) out.created = op.created;
	const source = op.source as Record<string, unknown> | undefined;
	if (source && typeof source === 'object' && shortString(source.kind, 40) && shortString(source.id, 200)) {
		out.source = { kind: source.kind, id: source.id };
	}
	return out;
}
