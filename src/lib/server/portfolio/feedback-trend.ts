import type { DB } from '../db/open.ts';

/** Feedback received about one prototype in one period (a week starting on Monday). */
export interface TrendPoint {
	/** The period's first day, 'YYYY-MM-DD' (Asia/Bangkok). */
	period: string;
	/** How many responses arrived in it. */
	responses: number;
	/** Their average rating (1–5), or null when none of them rated. */
	averageRating: number | null;
}

/** Prototype id → its points, oldest period first. Prototypes without feedback are absent. */
export type FeedbackTrends = Map<string, TrendPoint[]>;

/**
 * The feedback trend of each prototype in `prototypeIds`, for the portfolio's charts and its
 * "negative trend" flag.
 *
 * Contract for the feedback module (issue: feedback rounds), which fills this in once
 * `migrations/0004_feedback.ts` exists: count the responses of every round attached to each
 * prototype's versions (`prototype_versions.id`), per week, with their average rating, and
 * return points oldest first; omit prototypes with no response. Until then, and on a database
 * without a `feedback_responses` table, there is no feedback: the answer is empty, and every
 * portfolio figure derived from it is zero.
 */
export async function feedbackTrend(db: DB, prototypeIds: readonly string[]): Promise<FeedbackTrends> {
	if (prototypeIds.length === 0) return new Map();
	if (!(await hasTable(db, 'feedback_responses'))) return new Map();
	return new Map();
}

async function hasTable(db: DB, name: string): Promise<boolean> {
	const tables = await db.introspection.getTables();
	return tables.some((t) => t.name === name);
}

/** Totals over a trend: all responses, and the average rating weighted by responses. */
export function trendTotals(points: readonly TrendPoint[] | undefined): { responses: number; averageRating: number | null } {
	let responses = 0;
	let ratedWeight = 0;
	let ratingSum = 0;
	for (const p of points ?? []) {
		responses += p.responses;
		if (p.averageRating !== null) {
			ratingSum += p.averageRating * p.responses;
			ratedWeight += p.responses;
		}
	}
	return { responses, averageRating: ratedWeight > 0 ? ratingSum / ratedWeight : null };
}

/** Fewest responses in a period for its average to count towards a trend. */
export const MIN_RESPONSES_FOR_TREND = 3;
/** A drop in average rating between the last two periods that counts as negative. */
export const NEGATIVE_TREND_DROP = 0.5;

/**
 * Whether feedback is getting worse: the average rating of the last period with enough
 * responses is at least NEGATIVE_TREND_DROP below the one before it.
 */
export function isNegativeTrend(points: readonly TrendPoint[] | undefined): boolean {
	const rated = (points ?? []).filter((p) => p.averageRating !== null && p.responses >= MIN_RESPONSES_FOR_TREND);
	if (rated.length < 2) return false;
	const last = rated[rated.length - 1]!.averageRating!;
	const before = rated[rated.length - 2]!.averageRating!;
	return before - last >= NEGATIVE_TREND_DROP;
}
