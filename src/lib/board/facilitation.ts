import type * as Y from 'yjs';
import { boardRoots } from './schema.ts';

/**
 * What a facilitator controls besides voting and the timer: locking the board (only facilitators
 * change notes and sections; everyone may still vote) and asking everyone to follow their view.
 * Both live in `meta`, which only facilitators may write (the hub enforces both rules).
 */

export function isLocked(doc: Y.Doc): boolean {
	return boardRoots(doc).meta.get('locked') === true;
}

export function setLocked(doc: Y.Doc, locked: boolean): void {
	const { meta } = boardRoots(doc);
	if (locked) meta.set('locked', true);
	else meta.delete('locked');
}

/** "Follow me": who asks (user id and name) and since when; a new `since` asks again. */
export interface BoardFocus {
	by: string;
	name: string;
	since: number;
}

export function readFocus(doc: Y.Doc): BoardFocus | null {
	const raw = boardRoots(doc).meta.get('focus') as Record<string, unknown> | undefined;
	if (!raw || typeof raw !== 'object') return null;
	const { by, name, since } = raw;
	if (typeof by !== 'string' || typeof since !== 'number') return null;
	return { by, name: typeof name === 'string' ? name.slice(0, 200) : '', since };
}

export function askToFollow(doc: Y.Doc, focus: BoardFocus): void {
	boardRoots(doc).meta.set('focus', { ...focus });
}

export function endFocus(doc: Y.Doc): void {
	boardRoots(doc).meta.delete('focus');
}

/**
 * Whether guests may change and delete others' notes and the sections (`meta.guestsEditAll`, a
 * facilitator's setting). By default a guest changes and deletes their own notes only; the hub
 * enforces it (rules/own-notes.ts).
 */
export function guestsEditAll(doc: Y.Doc): boolean {
	return boardRoots(doc).meta.get('guestsEditAll') === true;
}

export function setGuestsEditAll(doc: Y.Doc, allowed: boolean): void {
	const { meta } = boardRoots(doc);
	if (allowed) meta.set('guestsEditAll', true);
	else meta.delete('guestsEditAll');
}

/**
 * Whether guests may comment on notes and react to them (`meta.guestsComment`, a facilitator's
 * setting). On unless turned off: a comment or a reaction adds to the board and changes nobody's
 * work, like a guest's own note, and guests came to take part; a facilitator turns it off for a
 * crowd that needs moderating. The hub enforces it (rules/comments.ts, rules/reactions.ts).
 */
export function guestsMayComment(doc: Y.Doc): boolean {
	return boardRoots(doc).meta.get('guestsComment') !== false;
}

export function setGuestsMayComment(doc: Y.Doc, allowed: boolean): void {
	const { meta } = boardRoots(doc);
	if (allowed) meta.delete('guestsComment');
	else meta.set('guestsComment', false);
}
