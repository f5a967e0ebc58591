import type * as Y from 'yjs';
import { boardRoots } from './schema.ts';

/**
 * Quick reactions on notes: one key per reaction in the flat `reactions` map (schema.ts),
 * `noteId:emoji:userId` → 1. Everyone adds and takes back their own only (the hub enforces it:
 * rules/reactions.ts).
 */

/** The reactions a board offers, in the order they are shown. */
export const REACTIONS = ['👍', '❤️', '💡', '❓', '🎉'] as const;
export type Reaction = (typeof REACTIONS)[number];

export function isReaction(value: string): value is Reaction {
	return (REACTIONS as readonly string[]).includes(value);
}

export function reactionKey(noteId: string, emoji: Reaction, userId: string): string {
	return `${noteId}:${emoji}:${userId}`;
}

/** A key's parts, or null when it is not a reaction (note ids and emoji have no ':'; a user id may). */
export function parseReactionKey(key: string): { noteId: string; emoji: Reaction; userId: string } | null {
	const first = key.indexOf(':');
	const second = first < 0 ? -1 : key.indexOf(':', first + 1);
	if (first <= 0 || second < 0) return null;
	const emoji = key.slice(first + 1, second);
	const userId = key.slice(second + 1);
	if (!isReaction(emoji) || userId.length === 0) return null;
	return { noteId: key.slice(0, first), emoji, userId };
}

/** Per note, per emoji: who reacted. */
export type ReactionState = Map<string, Map<Reaction, Set<string>>>;

export function readReactions(doc: Y.Doc): ReactionState {
	const state: ReactionState = new Map();
	for (const [key, value] of boardRoots(doc).reactions) {
		const parsed = parseReactionKey(key);
		if (!parsed || value !== 1) continue;
		const byEmoji = state.get(parsed.noteId) ?? new Map<Reaction, Set<string>>();
		const who = byEmoji.get(parsed.emoji) ?? new Set<string>();
		who.add(parsed.userId);
		byEmoji.set(parsed.emoji, who);
		state.set(parsed.noteId, byEmoji);
	}
	return state;
}

/** A note's reactions in the board's order: each emoji, how many, and whether one is mine. */
export function reactionChips(state: ReactionState, noteId: string, me: string): { emoji: Reaction; count: number; mine: boolean }[] {
	const byEmoji = state.get(noteId);
	if (!byEmoji) return [];
	return REACTIONS.flatMap((emoji) => {
		const who = byEmoji.get(emoji);
		return who && who.size > 0 ? [{ emoji, count: who.size, mine: who.has(me) }] : [];
	});
}

/** Adds my reaction, or takes it back if I had it. Returns whether it is now on. */
export function toggleReaction(doc: Y.Doc, noteId: string, emoji: Reaction, userId: string): boolean {
	const { reactions } = boardRoots(doc);
	const key = reactionKey(noteId, emoji, userId);
	if (reactions.has(key)) {
		reactions.delete(key);
		return false;
	}
	reactions.set(key, 1);
	return true;
}

/** Renames the people who reacted by `ids` (old id → new), as an import does. */
export function renameReactors(doc: Y.Doc, ids: ReadonlyMap<string, string>): void {
	const { reactions } = boardRoots(doc);
	doc.transact(() => {
		for (const key of [...reactions.keys()]) {
			const parsed = parseReactionKey(key);
			const to = parsed && ids.get(parsed.userId);
			if (!parsed || !to || to === parsed.userId) continue;
			reactions.delete(key);
			reactions.set(reactionKey(parsed.noteId, parsed.emoji, to), 1);
		}
	});
}
