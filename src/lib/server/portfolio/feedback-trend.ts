import { sql } from 'kysely';
import type { DB } from '../db/open.ts';

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

const DAY = 24 * 60 * 60 * 1000;
const WEEK = 7 * DAY;
// Weeks run Monday to Sunday in Bangkok (UTC+7, no daylight saving). The epoch fell on a
// Thursday, three days after a Monday: shifting by 7 hours and 3 days makes whole weeks
// divide evenly, so the bucket is integer arithmetic that SQLite and PostgreSQL agree on.
const WEEK_SHIFT = 7 * 60 * 60 * 1000 + 3 * DAY;

/** The Monday (Bangkok) that starts week number `week` of the bucketing above. */
function weekStart(week: number): string {
	return new Date(week * WEEK - 3 * DAY).toISOString().slice(0, 10);
}

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
	const week = sql<number>`(${sql.ref('feedback_responses.submitted_at')} + ${sql.lit(WEEK_SHIFT)}) / ${sql.lit(WEEK)}`;
	const rows = await db
		.selectFrom('feedback_responses')
		.innerJoin('feedback_rounds', 'feedback_rounds.id', 'feedback_responses.round_id')
		.select((eb) => [
			'feedback_rounds.prototype_id',
			week.as('week'),
			eb.fn.countAll<number>().as('responses'),
			eb.fn.count<number>('feedback_responses.rating').as('rated'),
			eb.fn.avg<number | null>('feedback_responses.rating').as('average')
		])
		.where('feedback_rounds.prototype_id', 'in', prototypeIds)
		.where('feedback_responses.status', '!=', 'spam')
		.groupBy(['feedback_rounds.prototype_id', week])
		.orderBy('feedback_rounds.prototype_id')
		.orderBy(week)
		.execute();
	for (const row of rows) {
		const points = trends.get(row.prototype_id) ?? [];
		const rated = Number(row.rated);
		points.push({
			period: weekStart(Math.floor(Number(row.week))),
			responses: Number(row.responses),
			rated,
			averageRating: rated > 0 && row.average !== null ? Number(row.average) : null
		});
		trends.set(row.prototype_id, points);
	}
	return trends;
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
