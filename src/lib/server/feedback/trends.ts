import { sql } from 'kysely';
import type { DB } from '../db/open.ts';

/**
 * Feedback over time per prototype, for the portfolio (src/lib/server/portfolio/feedback-trend.ts
 * calls this): responses per week, Monday to Sunday in Bangkok, with how many were rated and
 * their average rating, oldest week first. Spam does not count.
 */

export interface WeeklyPoint {
	/** The week's Monday, 'YYYY-MM-DD'. */
	period: string;
	responses: number;
	/** How many of them carried a rating. */
	rated: number;
	averageRating: number | null;
}

const DAY = 24 * 60 * 60 * 1000;
const WEEK = 7 * DAY;
// Bangkok is UTC+7 all year, and the epoch fell on a Thursday, three days after a Monday:
// shifting by 7 hours and 3 days makes weeks divide evenly, so the bucket is plain integer
// arithmetic that SQLite and PostgreSQL compute alike.
const WEEK_SHIFT = 7 * 60 * 60 * 1000 + 3 * DAY;

/** The Monday (Bangkok) that starts bucket `week`. */
function mondayOf(week: number): string {
	return new Date(week * WEEK - 3 * DAY).toISOString().slice(0, 10);
}

/** The Monday (Bangkok) of the week an instant falls in. */
export function weekStart(ms: number): string {
	return mondayOf(Math.floor((ms + WEEK_SHIFT) / WEEK));
}

/** Prototype id → its weekly points; prototypes without responses are absent. */
export async function weeklyFeedbackByPrototype(db: DB, prototypeIds: readonly string[]): Promise<Map<string, WeeklyPoint[]>> {
	const out = new Map<string, WeeklyPoint[]>();
	const ids = [...new Set(prototypeIds)];
	const week = sql<number>`(${sql.ref('feedback_responses.submitted_at')} + ${sql.lit(WEEK_SHIFT)}) / ${sql.lit(WEEK)}`;
	for (let i = 0; i < ids.length; i += 500) {
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
			.where('feedback_rounds.prototype_id', 'in', ids.slice(i, i + 500))
			.where('feedback_responses.status', '!=', 'spam')
			.groupBy(['feedback_rounds.prototype_id', week])
			.orderBy('feedback_rounds.prototype_id')
			.orderBy(week)
			.execute();
		for (const row of rows) {
			const points = out.get(row.prototype_id) ?? [];
			const rated = Number(row.rated);
			points.push({
				period: mondayOf(Math.floor(Number(row.week))),
				responses: Number(row.responses),
				rated,
				averageRating: rated > 0 && row.average !== null ? Number(row.average) : null
			});
			out.set(row.prototype_id, points);
		}
	}
	return out;
}
