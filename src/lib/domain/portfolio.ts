/** What the portfolio shows of each prototype. */
import type { Stage } from './stages.ts';
import type { DecisionOutcome, Fidelity, PrototypeStatus } from './prototype-lifecycle.ts';

export const ATTENTION_REASONS = ['stale', 'test_overdue', 'negative_trend', 'low_rating'] as const;

export type AttentionReason = (typeof ATTENTION_REASONS)[number];

/** What the evidence says of a prototype still in play (dropped ones get none): see `evidenceSignal`. */
export const SIGNALS = ['needs_attention', 'on_track', 'doing_well'] as const;
export type Signal = (typeof SIGNALS)[number];

export function isSignal(value: unknown): value is Signal {
	return typeof value === 'string' && (SIGNALS as readonly string[]).includes(value);
}

/** The thresholds of the signal, stated on the page above the filters. */
export const SIGNAL_RULES = {
	/** An average rating under this (out of 5) needs attention… */
	lowRating: 3,
	/** …one at or above this is doing well… */
	highRating: 4,
	/** …once at least this many responses rated it. */
	minRated: 5
} as const;

/**
 * The signal of one prototype, by the evidence:
 * - needs attention: any attention reason (no update for a while, a test past its end with no
 *   decision, ratings falling, a low average rating);
 * - doing well: nothing needs attention, and the ratings are high or the latest decision was to
 *   pilot or scale (a scaled prototype is doing well);
 * - on track: every other prototype in play. Dropped prototypes have none.
 */
export function evidenceSignal(item: {
	status: PrototypeStatus;
	attention: readonly AttentionReason[];
	averageRating: number | null;
	ratedResponses: number;
	latestDecision: DecisionOutcome | null;
}): Signal | null {
	if (item.status === 'dropped') return null;
	if (item.attention.length > 0) return 'needs_attention';
	const wellRated = item.averageRating !== null && item.ratedResponses >= SIGNAL_RULES.minRated && item.averageRating >= SIGNAL_RULES.highRating;
	const goingAhead = item.latestDecision === 'pilot' || item.latestDecision === 'scale' || item.status === 'scaled';
	return wellRated || goingAhead ? 'doing_well' : 'on_track';
}

export interface PortfolioItem {
	id: string;
	title: string;
	projectId: string;
	projectTitle: string;
	agency: string;
	projectStage: Stage;
	status: PrototypeStatus;
	fidelity: Fidelity;
	ownerId: string | null;
	ownerName: string | null;
	tags: string[];
	versionCount: number;
	/** The latest version's test plan end, 'YYYY-MM-DD', if it has one. */
	testEndsOn: string | null;
	statusChangedAt: number;
	updatedAt: number;
	/** Whole days since anything changed. */
	daysSinceUpdate: number;
	attention: AttentionReason[];
	feedbackResponses: number;
	/** How many of them carried a rating. */
	ratedResponses: number;
	averageRating: number | null;
	/** The outcome of the newest decision, if any. */
	latestDecision: DecisionOutcome | null;
	signal: Signal | null;
}
