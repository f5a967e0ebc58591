import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/open.ts';
import { matchExpression, words } from '../../src/lib/server/feedback/thai-text.ts';
import { searchResponseIds } from '../../src/lib/server/feedback/search-index.sqlite.ts';
import { checkSubmission, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { listResponses } from '../../src/lib/server/feedback/moderation.ts';
import { freshDatabase } from '../helpers/db.ts';
import { makeFeedbackFixture, type FeedbackFixture } from './feedback-fixtures.ts';

describe('Thai word segmentation', () => {
	it('finds the words of a Thai phrase written without spaces', () => {
		expect(words('การออกแบบบริการภาครัฐ')).toEqual(['การ', 'ออกแบบ', 'บริการ', 'ภาค', 'รัฐ']);
	});

	it('keeps Latin words and numbers and drops punctuation', () => {
		expect(words('คิว LINE, 30 นาที!')).toEqual(['คิว', 'LINE', '30', 'นาที']);
	});

	it('quotes every query word, so FTS5 syntax in a query is only text', () => {
		expect(matchExpression('บริการ')).toBe('"บริการ"*');
		expect(matchExpression('a" OR NEAR(b')).toBe('"a"* "OR"* "NEAR"* "b"*');
		expect(matchExpression('  !!  ')).toBeNull();
	});
});

describe('Thai full-text search over responses', () => {
	let db: DB;
	let fx: FeedbackFixture;
	const ids: Record<string, string> = {};

	async function respond(text: string): Promise<string> {
		const checked = checkSubmission(fx.round, fx.questions, fieldsFrom(new URLSearchParams([[fx.field.rating, '4'], [fx.field.text, text]])));
		const { id } = await storeResponse(db, fx.round, checked, { channel: 'web', locale: 'th', enteredBy: null, consentText: '', requireOpen: true });
		return id;
	}

	beforeEach(async () => {
		db = await freshDatabase();
		fx = await makeFeedbackFixture(db);
		ids.design = await respond('การออกแบบบริการภาครัฐ');
		ids.staff = await respond('เจ้าหน้าที่พูดจาดี แต่รอนาน');
		ids.english = await respond('The queue on LINE was quick');
	});

	it('finds "การออกแบบบริการภาครัฐ" by "บริการ"', async () => {
		expect(await searchResponseIds(db, [fx.round.id], 'บริการ')).toEqual([ids.design]);
	});

	it('finds a word by its beginning, and needs every word of the query', async () => {
		expect(await searchResponseIds(db, [fx.round.id], 'ภาค')).toEqual([ids.design]);
		expect(await searchResponseIds(db, [fx.round.id], 'เจ้าหน้าที่รอ')).toEqual([ids.staff]);
		expect(await searchResponseIds(db, [fx.round.id], 'เจ้าหน้าที่ภาครัฐ')).toEqual([]);
	});

	it('matches English case-insensitively', async () => {
		expect(await searchResponseIds(db, [fx.round.id], 'QUEUE line')).toEqual([ids.english]);
	});

	it('searches only the rounds asked for', async () => {
		const other = await makeFeedbackFixture(db);
		expect(await searchResponseIds(db, [other.round.id], 'บริการ')).toEqual([]);
	});

	it('filters the moderation queue by a Thai query', async () => {
		const { items, total } = await listResponses(db, fx.round.id, { q: 'บริการ' });
		expect(total).toBe(1);
		expect(items[0]?.id).toBe(ids.design);
	});
});
