import type { DB } from '../db/open.ts';
import { bangkokDay } from './rounds.ts';
import { CHANNELS, RATING_VALUES, type Channel, type Question } from '../../domain/feedback.ts';

/**
 * What a round's responses say: per question (distributions), per day and per channel. Spam is
 * left out; hidden responses count (hiding is about what is shown, not about what was said).
 * Grouping by day happens here rather than in SQL so the queries stay portable.
 */

export interface Bar {
	/** An option id, a rating '1'–'5', or 'yes' / 'no'. */
	key: string;
	count: number;
}

export interface QuestionResult {
	questionId: string;
	/** Responses that answered this question. */
	answered: number;
	/** For choices, ratings and yes/no: one bar per possible answer, in the form's order. */
	bars: Bar[];
	/** For ratings: the mean. */
	mean: number | null;
}

export interface DayPoint {
	/** 'YYYY-MM-DD' in Bangkok. */
	day: string;
	responses: number;
	averageRating: number | null;
}

export interface ChannelPoint {
	channel: Channel;
	responses: number;
	averageRating: number | null;
}

export interface RoundAnalysis {
	responses: number;
	averageRating: number | null;
	questions: QuestionResult[];
	days: DayPoint[];
	channels: ChannelPoint[];
}

function mean(sum: number, n: number): number | null {
	return n > 0 ? sum / n : null;
}

export async function analyseRound(db: DB, roundId: string, questions: readonly Question[]): Promise<RoundAnalysis> {
	const counted = db.selectFrom('feedback_responses').where('round_id', '=', roundId).where('status', '!=', 'spam');
	const responses = await counted.select(['id', 'submitted_at', 'rating', 'channel']).execute();

	const grouped = await db
		.selectFrom('feedback_answers')
		.innerJoin('feedback_responses', 'feedback_responses.id', 'feedback_answers.response_id')
		.select([
			'feedback_answers.question_id',
			'feedback_answers.option_id',
			'feedback_answers.number',
			(eb) => eb.fn.countAll<number>().as('n'),
			(eb) => eb.fn.count<number>('feedback_answers.response_id').distinct().as('people')
		])
		.where('feedback_responses.round_id', '=', roundId)
		.where('feedback_responses.status', '!=', 'spam')
		.groupBy(['feedback_answers.question_id', 'feedback_answers.option_id', 'feedback_answers.number'])
		.execute();
	const answeredRows = await db
		.selectFrom('feedback_answers')
		.innerJoin('feedback_responses', 'feedback_responses.id', 'feedback_answers.response_id')
		.select(['feedback_answers.question_id', (eb) => eb.fn.count<number>('feedback_answers.response_id').distinct().as('people')])
		.where('feedback_responses.round_id', '=', roundId)
		.where('feedback_responses.status', '!=', 'spam')
		.groupBy('feedback_answers.question_id')
		.execute();
	const answered = new Map(answeredRows.map((r) => [r.question_id, Number(r.people)]));

	const results: QuestionResult[] = questions.map((q) => {
		const rows = grouped.filter((g) => g.question_id === q.id);
		const count = (match: (r: (typeof rows)[number]) => boolean) => rows.filter(match).reduce((s, r) => s + Number(r.n), 0);
		let bars: Bar[] = [];
		let m: number | null = null;
		if (q.kind === 'rating') {
			bars = RATING_VALUES.map((v) => ({ key: String(v), count: count((r) => Number(r.number) === v) }));
			const total = bars.reduce((s, b) => s + b.count, 0);
			m = mean(
				bars.reduce((s, b) => s + Number(b.key) * b.count, 0),
				total
			);
		} else if (q.kind === 'yes_no') {
			bars = [
				{ key: 'yes', count: count((r) => Number(r.number) === 1) },
				{ key: 'no', count: count((r) => r.number !== null && Number(r.number) === 0) }
			];
		} else if (q.kind === 'single' || q.kind === 'multiple') {
			bars = q.options.map((o) => ({ key: o.id, count: count((r) => r.option_id === o.id) }));
		}
		return { questionId: q.id, answered: answered.get(q.id) ?? 0, bars, mean: m };
	});

	const byDay = new Map<string, { n: number; sum: number; rated: number }>();
	const byChannel = new Map<Channel, { n: number; sum: number; rated: number }>();
	let ratedSum = 0;
	let rated = 0;
	for (const r of responses) {
		const day = bangkokDay(Number(r.submitted_at));
		const d = byDay.get(day) ?? { n: 0, sum: 0, rated: 0 };
		const c = byChannel.get(r.channel as Channel) ?? { n: 0, sum: 0, rated: 0 };
		d.n++;
		c.n++;
		if (r.rating !== null) {
			d.sum += Number(r.rating);
			d.rated++;
			c.sum += Number(r.rating);
			c.rated++;
			ratedSum += Number(r.rating);
			rated++;
		}
		byDay.set(day, d);
		byChannel.set(r.channel as Channel, c);
	}
	return {
		responses: responses.length,
		averageRating: mean(ratedSum, rated),
		questions: results,
		days: fillDays([...byDay.entries()].map(([day, v]) => ({ day, responses: v.n, averageRating: mean(v.sum, v.rated) }))),
		channels: CHANNELS.filter((c) => byChannel.has(c)).map((channel) => {
			const v = byChannel.get(channel)!;
			return { channel, responses: v.n, averageRating: mean(v.sum, v.rated) };
		})
	};
}

/** Days in order, with the empty days between the first and the last filled in (a time axis has no gaps). */
export function fillDays(points: DayPoint[]): DayPoint[] {
	if (points.length === 0) return [];
	const byDay = new Map(points.map((p) => [p.day, p]));
	const sorted = [...byDay.keys()].sort();
	const out: DayPoint[] = [];
	const end = Date.parse(`${sorted[sorted.length - 1]}T00:00:00Z`);
	for (let t = Date.parse(`${sorted[0]}T00:00:00Z`); t <= end && out.length < 400; t += 86_400_000) {
		const day = new Date(t).toISOString().slice(0, 10);
		out.push(byDay.get(day) ?? { day, responses: 0, averageRating: null });
	}
	return out;
}
