import type * as Y from 'yjs';
import { newBoardItemId } from './ids.ts';
import { boardRoots, type BoardComment, type CommentFields, type CommentOp } from './schema.ts';

/**
 * Comments on notes: pure helpers over the `comments` log (see schema.ts), used by the board's
 * pages, the hub's rules (rules/comments.ts) and tests. A comment exists once an op with
 * `created` is seen; for each field the last op in log order wins. Threads are one level deep: a
 * reply answers a comment that answers nothing.
 */

export type { BoardComment, CommentOp } from './schema.ts';

export const MAX_COMMENT_TEXT = 1000;
export const MAX_MENTIONS = 20;
const MAX_ID = 200;

function shortString(value: unknown, max: number): value is string {
	return typeof value === 'string' && value.length <= max;
}

function finite(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

/** The valid fields of an untrusted op: what is malformed is dropped, so no client can break a reader. */
export function cleanCommentFields(op: Record<string, unknown>): Partial<CommentFields> {
	const out: Partial<CommentFields> = {};
	if (shortString(op.noteId, 64)) out.noteId = op.noteId;
	if (shortString(op.author, MAX_ID)) out.author = op.author;
	// Too long is dropped, not cut: the hub refuses it (rules/comments.ts), and a reader never shows half.
	if (shortString(op.text, MAX_COMMENT_TEXT)) out.text = op.text;
	if (finite(op.created)) out.created = op.created;
	if (finite(op.edited)) out.edited = op.edited;
	if (finite(op.deleted)) out.deleted = op.deleted;
	if (shortString(op.replyTo, 64)) out.replyTo = op.replyTo;
	if (Array.isArray(op.mentions)) out.mentions = op.mentions.filter((id): id is string => shortString(id, MAX_ID)).slice(0, MAX_MENTIONS);
	return out;
}

function blankComment(id: string): BoardComment {
	return { id, noteId: '', author: '', text: '', created: 0, edited: 0, deleted: 0, replyTo: '', mentions: [] };
}

/** Folds ops (in log order) into comments, in the order they were first written. */
export function foldCommentOps(ops: Iterable<unknown>): Map<string, BoardComment> {
	const comments = new Map<string, BoardComment>();
	const created = new Set<string>();
	for (const raw of ops) {
		if (!raw || typeof raw !== 'object') continue;
		const id = (raw as { id?: unknown }).id;
		if (typeof id !== 'string') continue;
		const fields = cleanCommentFields(raw as Record<string, unknown>);
		if (typeof fields.created === 'number') created.add(id);
		comments.set(id, Object.assign({ ...(comments.get(id) ?? blankComment(id)) }, fields));
	}
	for (const id of comments.keys()) if (!created.has(id)) comments.delete(id);
	return comments;
}

/** Every comment of the board (deleted ones too, as tombstones), by id. */
export function readComments(doc: Y.Doc): Map<string, BoardComment> {
	return foldCommentOps(boardRoots(doc).comments);
}

/** Why a comment's text cannot be sent, or null. */
export function commentTextProblem(text: string): 'empty' | 'too-long' | null {
	const clean = text.trim();
	if (clean.length === 0) return 'empty';
	if (clean.length > MAX_COMMENT_TEXT) return 'too-long';
	return null;
}

export interface NewComment {
	noteId: string;
	author: string;
	text: string;
	/** The comment it answers; a reply to a reply answers the thread's first comment. */
	replyTo?: string;
	mentions?: readonly string[];
	/** Defaults to now. */
	created?: number;
}

/** Adds a comment and returns its id; throws on text that `commentTextProblem` refuses. */
export function addComment(doc: Y.Doc, input: NewComment): string {
	const text = input.text.normalize('NFC').trim();
	if (commentTextProblem(text)) throw new Error(`a comment's text is ${commentTextProblem(text)}`);
	const id = newBoardItemId();
	let replyTo = '';
	if (input.replyTo) {
		const parent = readComments(doc).get(input.replyTo);
		if (parent && parent.noteId === input.noteId) replyTo = parent.replyTo || parent.id;
	}
	const op: CommentOp = {
		id,
		noteId: input.noteId,
		author: input.author,
		text,
		created: input.created ?? Date.now(),
		replyTo,
		mentions: [...new Set(input.mentions ?? [])].slice(0, MAX_MENTIONS)
	};
	boardRoots(doc).comments.push([op]);
	return id;
}

/** Changes a comment's text (and who it mentions); false if it is gone or nothing changed. */
export function editComment(doc: Y.Doc, id: string, text: string, mentions: readonly string[], now = Date.now()): boolean {
	const clean = text.normalize('NFC').trim();
	if (commentTextProblem(clean)) throw new Error(`a comment's text is ${commentTextProblem(clean)}`);
	const current = readComments(doc).get(id);
	if (!current || current.deleted) return false;
	const list = [...new Set(mentions)].slice(0, MAX_MENTIONS);
	if (current.text === clean && current.mentions.join() === list.join()) return false;
	boardRoots(doc).comments.push([{ id, text: clean, mentions: list, edited: now }]);
	return true;
}

/**
 * Deletes a comment: its ops leave the log (its text with them) and a tombstone takes their
 * place, so the replies keep their thread. False if it is gone already.
 */
export function deleteComment(doc: Y.Doc, id: string, now = Date.now()): boolean {
	const { comments } = boardRoots(doc);
	const current = foldCommentOps(comments).get(id);
	if (!current || current.deleted) return false;
	doc.transact(() => {
		const positions: number[] = [];
		comments.forEach((op, index) => {
			if (op && typeof op === 'object' && op.id === id) positions.push(index);
		});
		for (let i = positions.length - 1; i >= 0; i--) comments.delete(positions[i]!, 1);
		const { noteId, author, created, replyTo } = current;
		comments.push([{ id, noteId, author, created, replyTo, deleted: now }]);
	});
	return true;
}

export interface CommentThread {
	first: BoardComment;
	replies: BoardComment[];
}

/**
 * A note's threads, oldest first. A deleted comment stays only while it has replies left (it
 * shows as deleted); replies to a comment that is not there form threads of their own.
 */
export function threadsOf(comments: ReadonlyMap<string, BoardComment>, noteId: string): CommentThread[] {
	const mine = [...comments.values()].filter((c) => c.noteId === noteId).sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : 1));
	const threads = new Map<string, CommentThread>();
	for (const c of mine) if (!c.replyTo || !comments.has(c.replyTo)) threads.set(c.id, { first: c, replies: [] });
	for (const c of mine) {
		if (!c.replyTo) continue;
		const thread = threads.get(c.replyTo);
		if (thread && !c.deleted) thread.replies.push(c);
	}
	return [...threads.values()].filter((t) => !t.first.deleted || t.replies.length > 0);
}

/** How many comments (not deleted) each note has. */
export function commentCounts(comments: ReadonlyMap<string, BoardComment>): Map<string, number> {
	const counts = new Map<string, number>();
	for (const c of comments.values()) if (!c.deleted) counts.set(c.noteId, (counts.get(c.noteId) ?? 0) + 1);
	return counts;
}

/** Comments by others that mention `userId`, newest first (on notes that still exist, if `noteExists` is given). */
export function mentionsOf(comments: ReadonlyMap<string, BoardComment>, userId: string, noteExists?: (id: string) => boolean): BoardComment[] {
	return [...comments.values()]
		.filter((c) => !c.deleted && c.author !== userId && c.mentions.includes(userId) && (!noteExists || noteExists(c.noteId)))
		.sort((a, b) => b.created - a.created);
}

/**
 * The ids of the people a text mentions: those picked from the team list whose `@name` is still in
 * the text when it is sent (a name removed from the text mentions nobody).
 */
export function mentionedIds(text: string, picked: readonly { id: string; name: string }[]): string[] {
	return [...new Set(picked.filter((p) => p.name && text.includes(`@${p.name}`)).map((p) => p.id))];
}

/** Renames the people in the comments (authors, mentions) by `ids` (old id → new), as an import does. */
export function renameCommentPeople(doc: Y.Doc, ids: ReadonlyMap<string, string>): void {
	const ops: CommentOp[] = [];
	for (const c of readComments(doc).values()) {
		const op: CommentOp = { id: c.id };
		if (ids.has(c.author)) op.author = ids.get(c.author)!;
		if (c.mentions.some((id) => ids.has(id))) op.mentions = c.mentions.map((id) => ids.get(id) ?? id);
		if (Object.keys(op).length > 1) ops.push(op);
	}
	if (ops.length > 0) boardRoots(doc).comments.push(ops);
}
