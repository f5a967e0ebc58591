import type { BoardRule } from './rule.ts';
import { boardSize } from './board-size.ts';
import { metaFacilitatorsOnly } from './meta-facilitators-only.ts';
import { lockedBoard } from './lock.ts';
import { ownDots } from './votes.ts';
import { authorship } from './authorship.ts';
import { guestsOwnNotes } from './own-notes.ts';
import { privateNotes } from './private-notes.ts';
import { commentRules } from './comments.ts';
import { ownReactions } from './reactions.ts';
import { imageRules } from './images.ts';

export type { BoardRule, RuleAuthor, RuleBoard, RuleCheck, RuleRoot } from './rule.ts';

/** The rules every board keeps (runtime.ts hands them to the hub). */
export const DEFAULT_RULES: readonly BoardRule[] = [
	boardSize,
	metaFacilitatorsOnly,
	lockedBoard,
	ownDots,
	authorship,
	guestsOwnNotes,
	privateNotes,
	commentRules,
	ownReactions,
	imageRules
];
