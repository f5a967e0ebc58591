/**
 * What the public sees of a board, and what a facilitator's preview shows beside it: shapes
 * shared by the server, the public pages and the facilitator's pages.
 *
 * Publishing a project shows its challenge, stages, prototypes and decisions, never a board. A
 * board, or some of its sections, becomes public only when a facilitator confirms a preview of
 * it; what they confirmed is kept as a snapshot and shown until they update or withdraw it.
 */

/** The whole board (every section and the notes outside them), or only the chosen sections. */
export const PUBLICATION_SCOPES = ['board', 'sections'] as const;
export type PublicationScope = (typeof PUBLICATION_SCOPES)[number];

export type PublicationChoice = { scope: 'board' } | { scope: 'sections'; sections: string[] };

export interface PublicSection {
	id: string;
	/** The team's title; '' for a template section that shows its catalogue title. */
	title: string;
	/** The template's key for the catalogue title; '' for a cluster. */
	key: string;
	x: number;
	y: number;
	w: number;
	h: number;
	color: string;
}

/** A published note: its words and place. Never who wrote it, when, or who voted for it. */
export interface PublicNote {
	id: string;
	text: string;
	/** The section it sits in; '' when it is outside every section. */
	section: string;
	x: number;
	y: number;
	w: number;
	h: number;
	color: string;
	/** Citizens' words whose wording a moderator approved for publication. */
	fromFeedback: boolean;
}

export interface PublicBoard {
	sections: PublicSection[];
	notes: PublicNote[];
}

/** Why a note of the chosen part of a board is not published. */
export const WITHHOLD_REASONS = ['feedback_not_approved', 'feedback_changed', 'feedback_hidden'] as const;
export type WithholdReason = (typeof WITHHOLD_REASONS)[number];

/** A note the preview shows as withheld (to the facilitator only). */
export interface WithheldNote {
	id: string;
	text: string;
	section: string;
	reason: WithholdReason;
	/** A moderator may approve this wording now (not for a hidden or unknown response). */
	approvable: boolean;
}

/** A board's publication as the team's pages list it. */
export interface PublicationSummary {
	boardId: string;
	scope: PublicationScope;
	/** Sections chosen ('sections' scope), as ids. */
	sections: string[];
	notes: number;
	publishedAt: number;
	publishedByName: string | null;
}
