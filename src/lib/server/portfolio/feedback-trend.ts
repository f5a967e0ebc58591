import type { DB } from '../db/open.ts';
import { weeklyFeedbackByPrototype } from '../feedback/trends.ts';

/** Feedback received about one prototype in one period (a week starting on Monday). */
export interface TrendPoint {
	/** The period's first day, 'YYYY-MM-DD' (Asia/Bangkok). */
	period: string;
	/** How many responses arrived in it. */
	responses: number;
	/** How many of them carried a rating. */
	rated: number;
	/** Their average rating (1–5), or null when none of them rated. */
	averageRating: number | null;
}

/** Prototype id → its points, oldest period first. Prototypes without feedback are absent. */
export type FeedbackTrends = Map<string, TrendPoint[]>;

/**
 * The feedback trend of each prototype in `prototypeIds`, for the portfolio's charts and its
 * "negative trend" flag: per week, the responses to every feedback round of the prototype
 * (spam excluded) and their average rating (a response's rating is the mean of its rating
 * answers, kept on the response by the feedback module). On a database without the feedback
 * tables (before migrations/0004_feedback.ts) there is no feedback: the answer is empty.
 */
export async function feedbackTrend(db: DB, prototypeIds: readonly string[]): Promise<FeedbackTrends> {
	const trends: FeedbackTrends = new Map();
	if (prototypeIds.length === 0) return trends;
	if (!(await hasTable(db, 'feedback_responses'))) return trends;
	return weeklyFeedbackByPrototype(db, prototypeIds);
}

// Tables are looked up once per process: a migration never runs while the server serves.
const known = new WeakMap<DB, Set<string>>();

async function hasTable(db: DB, name: string): Promise<boolean> {
	let tables = known.get(db);
	if (!tables || !tables.has(name)) {
		tables = new Set((await db.introspection.getTables()).map((t) => t.name));
		known.set(db, tables);
	}
	return tables.has(name);
}

/** Totals over a trend: all responses, and the average of every rating given. */
export function trendTotals(points: readonly TrendPoint[] | undefined): { responses: number; averageRating: number | null } {
	let responses = 0;
	let ratedWeight = 0;
	let ratingSum = 0;
	for (const p of points ?? []) {
		responses += p.responses;
		if (p.averageRating !== null) {
			ratingSum += p.averageRating * p.rated;
			ratedWeight += p.rated;
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
	const rated = (points ?? []).filter((p) => p.averageRating !== null && p.rated >= MIN_RESPONSES_FOR_TREND);
	if (rated.length < 2) return false;
	const last = rated[rated.length - 1]!.averageRating!;
	const before = rated[rated.length - 2]!.averageRating!;
	return before - last >= NEGATIVE_TREND_DROP;
}
