import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/open.ts';
import { analyseRound, fillDays } from '../../src/lib/server/feedback/analysis.ts';
import { checkSubmission, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { setStatus } from '../../src/lib/server/feedback/moderation.ts';
import { weekStart, weeklyFeedbackByPrototype } from '../../src/lib/server/feedback/trends.ts';
import type { Channel } from '../../src/lib/domain/feedback.ts';
import { freshDatabase } from '../helpers/db.ts';
import { makeFeedbackFixture, type FeedbackFixture } from './feedback-fixtures.ts';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let db: DB;
let fx: FeedbackFixture;

async function respond(pairs: [string, string][], channel: Channel, at: number): Promise<string> {
	const checked = checkSubmission(fx.round, fx.questions, fieldsFrom(new URLSearchParams(pairs)));
	const { id } = await storeResponse(db, fx.round, checked, { channel, locale: 'th', enteredBy: null, consentText: '', requireOpen: false, now: at });
	return id;
}

beforeEach(async () => {
	db = await freshDatabase();
	fx = await makeFeedbackFixture(db);
});

describe('analysis of a round', () => {
	it('counts every answer per question, per day and per channel, leaving spam out', async () => {
		// 2026-11-02 (a Monday) 10:00 in Bangkok.
		const monday = Date.UTC(2026, 10, 2, 3);
		await respond(
			[
				[fx.field.rating, '5'],
				[fx.field.single, 'o1'],
				[fx.field.multiple, 'o1'],
				[fx.field.multiple, 'o2'],
				[fx.field.yesNo, 'yes']
			],
			'qr',
			monday
		);
		await respond(
			[
				[fx.field.rating, '3'],
				[fx.field.single, 'o1'],
				[fx.field.yesNo, 'no'],
				[fx.field.text, 'รอนาน']
			],
			'web',
			monday + HOUR
		);
		await respond(
			[
				[fx.field.rating, '4'],
				[fx.field.multiple, 'o2']
			],
			'counter',
			monday + 2 * DAY
		);
		const spam = await respond(
			[
				[fx.field.rating, '1'],
				[fx.field.text, 'คลิกเลย']
			],
			'web',
			monday + 2 * DAY
		);
		await setStatus(db, fx.round.id, [spam], 'spam', fx.facilitator.id);

		const a = await analyseRound(db, fx.round.id, fx.questions);
		expect(a.responses).toBe(3);
		expect(a.averageRating).toBe(4);
		const byKind = (kind: string) => a.questions.find((r) => r.questionId === fx.questions.find((q) => q.kind === kind)!.id)!;
		expect(byKind('rating').bars.map((b) => b.count)).toEqual([0, 0, 1, 1, 1]);
		expect(byKind('rating').mean).toBe(4);
		expect(byKind('single').bars).toEqual([
			{ key: 'o1', count: 2 },
			{ key: 'o2', count: 0 },
			{ key: 'o3', count: 0 }
		]);
		expect(byKind('multiple').bars).toEqual([
			{ key: 'o1', count: 1 },
			{ key: 'o2', count: 2 },
			{ key: 'o3', count: 0 }
		]);
		expect(byKind('multiple').answered).toBe(2);
		expect(byKind('yes_no').bars).toEqual([
			{ key: 'yes', count: 1 },
			{ key: 'no', count: 1 }
		]);
		expect(byKind('text').answered).toBe(1);
		expect(a.days).toEqual([
			{ day: '2026-11-02', responses: 2, averageRating: 4 },
			{ day: '2026-11-03', responses: 0, averageRating: null },
			{ day: '2026-11-04', responses: 1, averageRating: 4 }
		]);
		expect(a.channels).toEqual([
			{ channel: 'web', responses: 1, averageRating: 3 },
			{ channel: 'qr', responses: 1, averageRating: 5 },
			{ channel: 'counter', responses: 1, averageRating: 4 }
		]);
	});

	it('puts a response sent late at night in Bangkok on its Bangkok day', async () => {
		// 23:30 in Bangkok on 2 Nov is 16:30 UTC the same day; 00:30 on 3 Nov is 17:30 UTC on 2 Nov.
		await respond([[fx.field.rating, '4']], 'web', Date.UTC(2026, 10, 2, 16, 30));
		await respond([[fx.field.rating, '4']], 'web', Date.UTC(2026, 10, 2, 17, 30));
		const a = await analyseRound(db, fx.round.id, fx.questions);
		expect(a.days.map((d) => [d.day, d.responses])).toEqual([
			['2026-11-02', 1],
			['2026-11-03', 1]
		]);
	});

	it('fills the days with no response between the first and the last', () => {
		expect(
			fillDays([
				{ day: '2026-12-31', responses: 1, averageRating: 5 },
				{ day: '2027-01-02', responses: 2, averageRating: null }
			]).map((d) => d.day)
		).toEqual(['2026-12-31', '2027-01-01', '2027-01-02']);
	});
});

describe('weekly trends per prototype', () => {
	it('groups responses into Bangkok weeks starting on Monday, with how many were rated', async () => {
		const sundayNight = Date.UTC(2026, 10, 8, 16, 30); // Sunday 8 Nov, 23:30 in Bangkok
		const mondayMorning = Date.UTC(2026, 10, 8, 17, 30); // Monday 9 Nov, 00:30 in Bangkok
		expect(weekStart(sundayNight)).toBe('2026-11-02');
		expect(weekStart(mondayMorning)).toBe('2026-11-09');
		await respond([[fx.field.rating, '2']], 'web', sundayNight);
		await respond([[fx.field.rating, '4']], 'web', mondayMorning);
		await respond(
			[
				[fx.field.text, 'ไม่ได้ให้คะแนน'],
				[fx.field.rating, '5']
			],
			'qr',
			mondayMorning + DAY
		);
		const trends = await weeklyFeedbackByPrototype(db, [fx.prototypeId, 'no-such-prototype']);
		expect(trends.get(fx.prototypeId)).toEqual([
			{ period: '2026-11-02', responses: 1, rated: 1, averageRating: 2 },
			{ period: '2026-11-09', responses: 2, rated: 2, averageRating: 4.5 }
		]);
		expect(trends.has('no-such-prototype')).toBe(false);
	});
});
