import { getContext, setContext, tick } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import {
	addComment,
	boardRoots,
	commentCounts,
	deleteComment,
	editComment,
	mentionsOf,
	readComments,
	readReactions,
	toggleReaction,
	type BoardComment,
	type Reaction,
	type ReactionState
} from '$lib/board';
import type { BoardSession } from './board-session.svelte';

/** Why I cannot write comments or react on this board now, or null when I can. */
export type CommentsClosed = 'viewer' | 'guests' | 'anonymous' | null;

const COMMENT_ORIGIN = Symbol('prachalab.comment');

/**
 * The comments and reactions of one open board (board/comments.ts, reactions.ts) for Svelte:
 * folded once per change of their roots and read through `createSubscriber`; which note's
 * thread is open; and the mentions of me I have not opened yet (kept in this browser).
 * The hub enforces the same rules (rules/comments.ts, rules/reactions.ts); these checks only keep
 * the page from offering what it would refuse.
 */
export class BoardComments {
	readonly session: BoardSession;
	/** The note whose thread is open, or null. */
	openNote = $state<string | null>(null);
	/** The element to give focus back to when the thread closes. */
	#returnFocus: HTMLElement | null = null;
	#comments: Map<string, BoardComment>;
	#reactions: ReactionState;
	#counts: Map<string, number>;
	#subscribe: () => void;
	#seen = $state<Set<string>>(new Set());
	#seenKey: string;
	#cleanups: (() => void)[] = [];

	constructor(session: BoardSession, boardId: string) {
		this.session = session;
		const roots = boardRoots(session.doc);
		this.#comments = readComments(session.doc);
		this.#counts = commentCounts(this.#comments);
		this.#reactions = readReactions(session.doc);
		const onComments = () => {
			this.#comments = readComments(session.doc);
			this.#counts = commentCounts(this.#comments);
		};
		const onReactions = () => (this.#reactions = readReactions(session.doc));
		roots.comments.observe(onComments);
		roots.reactions.observe(onReactions);
		this.#cleanups.push(() => {
			roots.comments.unobserve(onComments);
			roots.reactions.unobserve(onReactions);
		});
		this.#subscribe = createSubscriber((update) => {
			roots.comments.observe(update);
			roots.reactions.observe(update);
			return () => {
				roots.comments.unobserve(update);
				roots.reactions.unobserve(update);
			};
		});
		this.#seenKey = `prachalab.mentions-seen.${session.me.id}.${boardId}`;
		try {
			const stored = JSON.parse(localStorage.getItem(this.#seenKey) ?? '[]') as unknown;
			if (Array.isArray(stored)) this.#seen = new Set(stored.filter((id): id is string => typeof id === 'string'));
		} catch {
			// No storage (private mode) or a broken value: every mention counts as new.
		}
	}

	/** Every comment, tombstones too (reactive). */
	get comments(): Map<string, BoardComment> {
		this.#subscribe();
		return this.#comments;
	}

	get reactions(): ReactionState {
		this.#subscribe();
		return this.#reactions;
	}

	/** Comments (not deleted) on a note (reactive). */
	countOn(noteId: string): number {
		this.#subscribe();
		return this.#counts.get(noteId) ?? 0;
	}

	/** Mentions of me by others on notes that exist, newest first (reactive). */
	get mentions(): BoardComment[] {
		const notes = this.session.notes;
		return mentionsOf(this.comments, this.session.me.id, (id) => notes.has(id));
	}

	/** The mentions I have not opened yet. */
	get unseenMentions(): BoardComment[] {
		return this.mentions.filter((c) => !this.#seen.has(c.id));
	}

	/** Why I may not write now (reactive). */
	get closed(): CommentsClosed {
		const s = this.session;
		if (!s.canEdit) return 'viewer';
		if (s.canFacilitate) return null;
		const meta = s.facilitation;
		if (meta.privacy.anonymousNotes) return 'anonymous';
		if (s.guest && boardRoots(s.doc).meta.get('guestsComment') === false) return 'guests';
		return null;
	}

	/** Opens a note's thread; focus goes back to `from` when it closes. */
	open(noteId: string, from?: HTMLElement | null): void {
		this.#returnFocus = from ?? (document.activeElement as HTMLElement | null);
		this.openNote = noteId;
		const mine = this.mentions.filter((c) => c.noteId === noteId).map((c) => c.id);
		if (mine.some((id) => !this.#seen.has(id))) {
			this.#seen = new Set([...this.#seen, ...mine]);
			try {
				localStorage.setItem(this.#seenKey, JSON.stringify([...this.#seen]));
			} catch {
				// Not kept: the count comes back after a reload, nothing worse.
			}
		}
	}

	close(): void {
		const noteId = this.openNote;
		this.openNote = null;
		const target = this.#returnFocus;
		this.#returnFocus = null;
		// Once the panel has left the page: focus given back before that was now and then taken
		// again as the panel's own box went (CI). A note drawn anew meanwhile (the canvas redraws
		// what is in view) has a new button: the note's own is found again.
		void tick().then(() => {
			const button = target?.isConnected
				? target
				: noteId
					? document.querySelector<HTMLElement>(`[data-comments-for="${CSS.escape(noteId)}"]`)
					: null;
			button?.focus();
		});
	}

	add(noteId: string, text: string, mentions: readonly string[], replyTo?: string): void {
		if (this.closed) return;
		this.#change(() =>
			addComment(this.session.doc, { noteId, author: this.session.me.id, text, mentions, replyTo, created: this.session.serverNow() })
		);
	}

	edit(id: string, text: string, mentions: readonly string[]): void {
		if (this.closed) return;
		this.#change(() => editComment(this.session.doc, id, text, mentions, this.session.serverNow()));
	}

	remove(id: string): void {
		if (!this.session.canEdit) return;
		this.#change(() => deleteComment(this.session.doc, id, this.session.serverNow()));
	}

	/** May change this comment's text (its author) or delete it (its author or a facilitator). */
	mayEdit(comment: BoardComment): boolean {
		return !this.closed && comment.author === this.session.me.id;
	}

	mayDelete(comment: BoardComment): boolean {
		return this.session.canEdit && (this.session.canFacilitate || (!this.closed && comment.author === this.session.me.id));
	}

	react(noteId: string, emoji: Reaction): void {
		if (this.closed) return;
		this.#change(() => toggleReaction(this.session.doc, noteId, emoji, this.session.me.id));
	}

	destroy(): void {
		for (const cleanup of this.#cleanups) cleanup();
	}

	#change(fn: () => void): void {
		this.session.doc.transact(fn, COMMENT_ORIGIN);
	}
}

const KEY = Symbol('prachalab.comments');

/**
 * Called while a board's component is created (BoardWorkspace): one `BoardComments` per session,
 * reachable from every view's notes through `getCommentsContext`. Returns a getter for it.
 */
export function provideBoardComments(session: () => BoardSession | null): () => BoardComments | null {
	let comments = $state<BoardComments | null>(null);
	$effect(() => {
		const current = session();
		if (!current) return;
		const created = new BoardComments(current, current.provider.roomname);
		comments = created;
		return () => {
			created.destroy();
			if (comments === created) comments = null;
		};
	});
	const get = () => comments;
	setContext(KEY, get);
	return get;
}

export function getCommentsContext(): () => BoardComments | null {
	return getContext<(() => BoardComments | null) | undefined>(KEY) ?? (() => null);
}
