import type { DB } from '../db/open.ts';

/**
 * Feedback over time per prototype, for the portfolio: responses per week (weeks start on
 * Monday, Bangkok time) with their average rating, oldest week first. Spam does not count.
 */

export interface WeeklyPoint {
	/** The week's Monday, 'YYYY-MM-DD'. */
	period: string;
	responses: number;
	averageRating: number | null;
}

const BANGKOK_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 86_400_000;

/** The Monday (Bangkok) of the week an instant falls in. */
export function weekStart(ms: number): string {
	const local = new Date(ms + BANGKOK_OFFSET_MS);
	const daysSinceMonday = (local.getUTCDay() + 6) % 7;
	return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - daysSinceMonday * DAY_MS)
		.toISOString()
		.slice(0, 10);
}

/** Prototype id → its weekly points; prototypes without responses are absent. */
export async function weeklyFeedbackByPrototype(db: DB, prototypeIds: readonly string[]): Promise<Map<string, WeeklyPoint[]>> {
	const out = new Map<string, WeeklyPoint[]>();
	const ids = [...new Set(prototypeIds)];
	const sums = new Map<string, Map<string, { n: number; sum: number; rated: number }>>();
	for (let i = 0; i < ids.length; i += 500) {
		const rows = await db
			.selectFrom('feedback_responses')
			.innerJoin('feedback_rounds', 'feedback_rounds.id', 'feedback_responses.round_id')
			.select(['feedback_rounds.prototype_id', 'feedback_responses.submitted_at', 'feedback_responses.rating'])
			.where('feedback_rounds.prototype_id', 'in', ids.slice(i, i + 500))
			.where('feedback_responses.status', '!=', 'spam')
			.execute();
		for (const row of rows) {
			const weeks = sums.get(row.prototype_id) ?? new Map();
			const period = weekStart(Number(row.submitted_at));
			const w = weeks.get(period) ?? { n: 0, sum: 0, rated: 0 };
			w.n++;
			if (row.rating !== null) {
				w.sum += Number(row.rating);
				w.rated++;
			}
			weeks.set(period, w);
			sums.set(row.prototype_id, weeks);
		}
	}
	for (const [prototypeId, weeks] of sums) {
		out.set(
			prototypeId,
			[...weeks.entries()]
				.sort(([a], [b]) => a.localeCompare(b))
				.map(([period, w]) => ({ period, responses: w.n, averageRating: w.rated > 0 ? w.sum / w.rated : null }))
		);
	}
	return out;
}
