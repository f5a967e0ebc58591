import { beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/open.ts';
import { matchExpression, words } from '../../src/lib/server/feedback/thai-text.ts';
import { feedbackSearch } from '../../src/lib/server/feedback/search.ts';
import { tsqueryText } from '../../src/lib/server/feedback/search-index.postgres.ts';
import { checkSubmission, deleteResponses, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
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

	it('quotes every query word for PostgreSQL too, lower case, so tsquery syntax is only text', () => {
		expect(tsqueryText('บริการ')).toBe("'บริการ':*");
		expect(tsqueryText("QUEUE it's | !b")).toBe("'queue':* & 'it''s':* & 'b':*");
		expect(tsqueryText('Café')).toBe("'cafe':*");
		expect(tsqueryText('  !!  ')).toBeNull();
	});
});

describe('Thai full-text search over responses', () => {
	let db: DB;
	let fx: FeedbackFixture;
	const ids: Record<string, string> = {};
	// The index of this database's dialect: FTS5 on SQLite, a tsvector on PostgreSQL.
	const searchResponseIds = (database: DB, roundIds: string[], query: string) => feedbackSearch(database).search(database, roundIds, query);

	async function respond(text: string): Promise<string> {
		const checked = checkSubmission(
			fx.round,
			fx.questions,
			fieldsFrom(
				new URLSearchParams([
					[fx.field.rating, '4'],
					[fx.field.text, text]
				])
			)
		);
		const { id } = await storeResponse(db, fx.round, checked, { channel: 'web', locale: 'th', enteredBy: null, consentText: '', requireOpen: true });
		return id;
	}

	beforeEach(async () => {
		db = await freshDatabase();
		fx = await makeFeedbackFixture(db);
		ids.design = await respond('การออกแบบบริการภาครัฐ');
		ids.staff = await respond('เจ้าหน้าที่พูดจาดี แต่รอนาน');
		ids.english = await respond('The queue on LINE was quick');
		ids.accent = await respond('Le café près du bureau');
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

	it('matches Latin words without their accents', async () => {
		expect(await searchResponseIds(db, [fx.round.id], 'cafe pres')).toEqual([ids.accent]);
	});

	it('finds nothing for a query without words, and nothing more after a withdrawal', async () => {
		expect(await searchResponseIds(db, [fx.round.id], ' !! ')).toBeNull();
		await deleteResponses(db, [ids.design!]);
		expect(await searchResponseIds(db, [fx.round.id], 'บริการ')).toEqual([]);
	});

	it('puts a short answer with the words before a long one that mentions them in passing', async () => {
		const long = await respond('วันนั้นฝนตก รถติดมาก กว่าจะถึงสำนักงานก็สาย ต้องรอนาน แต่บริการดี เจ้าหน้าที่ใจเย็น อธิบายเอกสารให้ครบ');
		const short = await respond('บริการดี');
		const found = await searchResponseIds(db, [fx.round.id], 'บริการดี');
		expect(found).toEqual([short, long]);
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
