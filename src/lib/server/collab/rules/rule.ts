import type * as Y from 'yjs';
import type { BoardNote, BoardRoots } from '../../../board/schema.ts';
import type { NoteIndex } from '../../../board/note-index.ts';
import type { VoteState } from '../../../board/voting.ts';
import type { BoardNotice } from '../../../board/notices.ts';
import type { BoardChange } from '../update-analysis.ts';

/**
 * The rules the hub enforces on what editors send, one file each, handed to the hub as a list
 * (`CollabHubOptions.rules`; `DEFAULT_RULES` in index.ts). Adding a rule means adding a file and
 * an entry in the list, never editing the room.
 *
 * How a rule is applied (board-guard.ts): before an update is applied the rule `check`s it, with
 * what the update would change (update-analysis.ts) and who sent it, and says which roots it
 * watches for this update, or nothing. The update is then applied; if it changed something a
 * rule watches, the rule `judge`s it, and what breaks a rule is undone by the server in that
 * rule's roots (a Yjs undo of just that update), so the sender converges with everyone instead
 * of drifting away. The sender is told why (a notice, notices.ts).
 */

/** Who sent an update. */
export interface RuleAuthor {
	/** A user id, or a guest's (`guest-…`). */
	user: { id: string; guest: boolean };
	/** Project facilitators and admins. */
	canFacilitate: boolean;
}

/** The board a rule looks at: as it is before the update while `check` runs, after it while `judge` runs. */
export interface RuleBoard {
	readonly boardId: string;
	readonly doc: Y.Doc;
	readonly roots: BoardRoots;
	/** Every note, kept up to date. */
	readonly notes: NoteIndex;
	/** The dots as they were before the update. */
	votesBefore(): VoteState;
	/** The server key anonymous voter ids come from (voters.ts). */
	readonly voterKey: Uint8Array;
	/** A note deleted since the board was loaded, as it was (an undo of the deletion brings it back). */
	deletedNote(id: string): BoardNote | undefined;
	/** Whether the board would pass its size limit with `bytes` more. */
	wouldOverflow(bytes: number): boolean;
	now(): number;
}

export type RuleRoot = keyof BoardRoots;

export interface RuleCheck {
	/** The roots whose changes by this author this rule judges, and undoes when they break it. */
	scope: RuleRoot[];
	/** After the update was applied, when it changed something in `scope`: the notice for a broken rule, or null. */
	judge(changed: (root: RuleRoot) => boolean): BoardNotice | null;
}

export interface BoardRule {
	readonly name: string;
	/** Before an update from `author` is applied: what to watch and how to judge it, or null when this rule has nothing to say. */
	check(board: RuleBoard, change: BoardChange, author: RuleAuthor): RuleCheck | null;
}

/** The author and time of a note as the board knows it now, or as it was when deleted. */
export function knownNote(board: RuleBoard, id: string): BoardNote | undefined {
	return board.notes.notes.get(id) ?? board.deletedNote(id);
}
