import type { NoteOp } from '../../../board/schema.ts';
import { knownNote, type BoardRule, type RuleAuthor, type RuleBoard } from './rule.ts';

/** How far ahead of the server's clock a new note's creation time may be (a device's clock is off). */
const CLOCK_SLACK_MS = 24 * 60 * 60 * 1000;

/**
 * A note's author is who wrote it: a new note's `author` is the sender's own id (a user's, or a
 * guest's), and nobody changes the `author` or `created` of an existing note. `source` (where an
 * imported note came from, e.g. citizens' feedback) is set by server code only: no client sets
 * it, so publication can trust it. Bringing a deleted note back as it was (an undo) keeps its fields.
 */
export const authorship: BoardRule = {
	name: 'notes are written under the sender’s own name',
	check(board, change, author) {
		if (change.noteOps.length === 0) return null;
		const broken = breaksAuthorship(board, change.noteOps, author);
		return { scope: ['noteOps'], judge: () => (broken ? 'authorship' : null) };
	}
};

function breaksAuthorship(board: RuleBoard, ops: readonly NoteOp[], author: RuleAuthor): boolean {
	const createdHere = new Map<string, { author: string; created: number | undefined }>();
	for (const op of ops) {
		if (!('author' in op) && !('created' in op) && !('source' in op)) continue;
		const known = createdHere.get(op.id) ?? knownNote(board, op.id);
		if (known) {
			if ('author' in op && op.author !== known.author) return true;
			if ('created' in op && op.created !== known.created) return true;
			if ('source' in op && !sameSource(op.source, (known as { source?: { kind: string; id: string } }).source)) return true;
			continue;
		}
		if (op.author !== author.user.id || 'source' in op) return true;
		if (typeof op.created === 'number' && op.created > board.now() + CLOCK_SLACK_MS) return true;
		createdHere.set(op.id, { author: op.author, created: op.created });
	}
	return false;
}

function sameSource(a: { kind: string; id: string } | undefined, b: { kind: string; id: string } | undefined): boolean {
	return a === b || (!!a && !!b && a.kind === b.kind && a.id === b.id);
}
