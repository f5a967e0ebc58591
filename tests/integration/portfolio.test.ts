import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/open.ts';
import { createProject } from '../../src/lib/server/projects/projects.ts';
import { changeStage } from '../../src/lib/server/projects/stages.ts';
import { createPrototype } from '../../src/lib/server/prototypes/prototypes.ts';
import { changeStatus } from '../../src/lib/server/prototypes/status.ts';
import { addVersion } from '../../src/lib/server/prototypes/versions.ts';
import { saveTestPlan } from '../../src/lib/server/prototypes/test-plans.ts';
import { recordDecision } from '../../src/lib/server/prototypes/decisions.ts';
import { loadPortfolio, loadPortfolioOptions, portfolioFilterFrom } from '../../src/lib/server/portfolio/portfolio.ts';
import { feedbackTrend, isNegativeTrend } from '../../src/lib/server/portfolio/feedback-trend.ts';
import { newId } from '../../src/lib/server/ids.ts';
import { freshDatabase, makeUser } from '../helpers/db.ts';

const DAY = 24 * 60 * 60 * 1000;
// Monday 1 June 2026, 10:00 in Bangkok.
const T0 = Date.UTC(2026, 5, 1, 3);

let db: DB;
let facilitator: Awaited<ReturnType<typeof makeUser>>;

async function project(title: string, agency: string) {
	return (await createProject(db, { title, challenge: 'โจทย์สาธารณะที่ยาวพอสมควร', agency, tags: '' }, facilitator, T0)).id;
}

async function prototype(projectId: string, title: string, options: { tags?: string; now?: number } = {}) {
	const input = {
		title,
		summary: 'คำอธิบายต้นแบบที่ยาวพอ',
		audience: 'ประชาชนทั่วไป',
		learningGoal: 'สิ่งที่อยากเรียนรู้จากต้นแบบนี้',
		owner: '',
		fidelity: 'paper',
		tags: options.tags ?? ''
	};
	return (await createPrototype(db, projectId, input, facilitator, { now: options.now ?? T0 })).id;
}

async function move(id: string, path: string[], at: number) {
	for (const [i, to] of path.entries()) await changeStatus(db, id, { to, reason: 'ไปขั้นต่อไป' }, facilitator.id, at + i);
}

/** A feedback round on the prototype's newest version, with responses rated as given. */
async function feedback(prototypeId: string, responses: { at: number; rating: number | null; status?: string }[]) {
	const version = await db
		.selectFrom('prototype_versions')
		.select('id')
		.where('prototype_id', '=', prototypeId)
		.orderBy('number', 'desc')
		.executeTakeFirstOrThrow();
	const roundId = newId();
	await db
		.insertInto('feedback_rounds')
		.values({
			id: roundId,
			prototype_id: prototypeId,
			version_id: version.id,
			slug: newId(),
			title_th: 'รอบรับฟังความเห็น',
			purpose_th: 'เพื่อปรับปรุงบริการ',
			languages: 'th',
			opens_at: T0,
			closes_at: T0 + 60 * DAY,
			contact_retention_days: 30,
			created_at: T0,
			updated_at: T0
		})
		.execute();
	for (const r of responses) {
		await db
			.insertInto('feedback_responses')
			.values({
				id: newId(),
				round_id: roundId,
				receipt_hash: newId(),
				channel: 'web',
				locale: 'th',
				status: r.status ?? 'new',
				rating: r.rating,
				submitted_at: r.at
			})
			.execute();
	}
}

beforeEach(async () => {
	db = await freshDatabase();
	facilitator = await makeUser(db, 'facilitator', 'สมหญิง');
});

afterEach(async () => {
	await db.destroy();
});

describe('the portfolio', () => {
	it('counts prototypes by status and by project stage, across projects and agencies', async () => {
		const a = await project('คิวเขต', 'สำนักงานเขตบางกอกน้อย');
		const b = await project('ใบอนุญาตร้านอาหาร', 'สำนักงานเขตปทุมวัน');
		await changeStage(db, b, { to: 'ideate', reason: 'สัมภาษณ์ครบแล้ว' }, facilitator.id, T0);
		const p1 = await prototype(a, 'คิว LINE');
		const p2 = await prototype(a, 'ป้ายเวลารอ');
		await prototype(b, 'แบบฟอร์มออนไลน์');
		await move(p1, ['building', 'testing'], T0 + DAY);
		await move(p2, ['dropped'], T0 + DAY);

		const { counts, items } = await loadPortfolio(db, {}, { now: T0 + 2 * DAY });
		expect(items).toHaveLength(3);
		expect(counts).toMatchObject({ total: 3, projects: 2, agencies: 2, attention: 0 });
		expect(counts.byStatus).toEqual({ idea: 1, building: 0, testing: 1, piloting: 0, scaled: 0, dropped: 1 });
		expect(counts.byStage).toEqual({ empathize: 2, ideate: 1, prototype: 0, test: 0, implement: 0 });
	});

	it('draws the funnel from how far each prototype ever got, a dropped one included', async () => {
		const a = await project('คิวเขต', 'เขต ก');
		const far = await prototype(a, 'ไปไกล');
		const back = await prototype(a, 'ถอยกลับ');
		await prototype(a, 'ยังเป็นไอเดีย');
		await move(far, ['building', 'testing', 'piloting', 'dropped'], T0 + DAY);
		await move(back, ['building', 'testing', 'building'], T0 + DAY);

		const { funnel } = await loadPortfolio(db, {}, { now: T0 + 2 * DAY });
		expect(funnel.map((f) => [f.status, f.reached])).toEqual([
			['idea', 3],
			['building', 2],
			['testing', 2],
			['piloting', 1],
			['scaled', 0]
		]);
	});

	it('filters by agency, project, status, project stage, tag and owner', async () => {
		const member = await makeUser(db, 'member', 'วิชัย');
		const a = await project('คิวเขต', 'เขต ก');
		const b = await project('ร้านอาหาร', 'เขต ข');
		await db
			.insertInto('project_members')
			.values({ project_id: b, user_id: member.id, role: 'member', added_by: facilitator.id, added_at: T0 })
			.execute();
		const p1 = await prototype(a, 'คิว LINE', { tags: 'คิว, LINE' });
		await prototype(a, 'ป้ายเวลารอ', { tags: 'คิว' });
		const p3 = await prototype(b, 'ฟอร์มออนไลน์', { tags: 'ออนไลน์' });
		await db.updateTable('prototypes').set({ owner_id: member.id }).where('id', '=', p3).execute();
		await move(p1, ['building'], T0 + DAY);
		const titles = async (query: string) =>
			(await loadPortfolio(db, portfolioFilterFrom(new URLSearchParams(query)), { now: T0 + 2 * DAY })).items.map((i) => i.title).sort();

		expect(await titles('agency=เขต ข')).toEqual(['ฟอร์มออนไลน์']);
		expect(await titles(`project=${a}`)).toEqual(['คิว LINE', 'ป้ายเวลารอ']);
		expect(await titles('status=building')).toEqual(['คิว LINE']);
		expect(await titles('stage=empathize')).toHaveLength(3);
		expect(await titles('stage=test')).toEqual([]);
		expect(await titles('tag=คิว')).toEqual(['คิว LINE', 'ป้ายเวลารอ']);
		expect(await titles(`owner=${member.id}`)).toEqual(['ฟอร์มออนไลน์']);
		expect(await titles('status=nonsense')).toHaveLength(3);

		const options = await loadPortfolioOptions(db);
		expect(options.agencies).toEqual(['เขต ก', 'เขต ข']);
		expect(options.tags.sort()).toEqual(['LINE', 'คิว', 'ออนไลน์'].sort());
		expect(options.owners.map((o) => o.name).sort()).toEqual(['วิชัย', 'สมหญิง']);
	});

	it('flags a prototype with no update for longer than the stale limit, unless it is finished', async () => {
		const a = await project('คิวเขต', 'เขต ก');
		const quiet = await prototype(a, 'เงียบ');
		const done = await prototype(a, 'ยุติแล้ว');
		await move(done, ['dropped'], T0);
		const { items } = await loadPortfolio(db, {}, { now: T0 + 31 * DAY, rules: { staleDays: 30 } });
		expect(items.find((i) => i.id === quiet)?.attention).toEqual(['stale']);
		expect(items.find((i) => i.id === done)?.attention).toEqual([]);
		const fresh = await loadPortfolio(db, {}, { now: T0 + 29 * DAY, rules: { staleDays: 30 } });
		expect(fresh.counts.attention).toBe(0);
	});

	it('flags a test past its end date until a decision is recorded', async () => {
		const a = await project('คิวเขต', 'เขต ก');
		const id = await prototype(a, 'ป้ายเวลารอ');
		const v1 = await addVersion(db, id, { changes: 'ไวท์บอร์ด', rationale: 'เริ่มต้น' }, [], { userId: facilitator.id, now: T0 });
		await saveTestPlan(
			db,
			id,
			v1.id,
			{
				hypotheses: 'คนจะรู้สึกรอน้อยลงเมื่อเห็นเวลา',
				successCriteria: 'คะแนนเพิ่ม 1 ระดับ',
				targetGroup: 'ผู้รอคิว',
				method: 'แบบสอบถาม',
				startsOn: '2026-06-01',
				endsOn: '2026-06-07'
			},
			facilitator.id,
			T0
		);
		await move(id, ['building', 'testing'], T0);

		const onLastDay = await loadPortfolio(db, {}, { now: Date.UTC(2026, 5, 7, 16) }); // 23:00 on the 7th in Bangkok
		expect(onLastDay.items[0]?.attention).toEqual([]);
		const dayAfter = await loadPortfolio(db, {}, { now: Date.UTC(2026, 5, 7, 18) }); // 01:00 on the 8th in Bangkok
		expect(dayAfter.items[0]?.attention).toEqual(['test_overdue']);
		expect(dayAfter.items[0]?.testEndsOn).toBe('2026-06-07');

		await recordDecision(
			db,
			id,
			{
				outcome: 'iterate',
				versionId: v1.id,
				rationale: 'ผลยังไม่ชัด ต้องทดสอบเพิ่ม',
				moveStatus: false,
				figures: [],
				links: [],
				rounds: [],
				sections: []
			},
			facilitator.id,
			undefined,
			T0 + 8 * DAY
		);
		const decided = await loadPortfolio(db, {}, { now: T0 + 8 * DAY });
		expect(decided.items[0]?.attention).toEqual([]);
	});

	it('shows only what needs attention when asked, with counts to match', async () => {
		const a = await project('คิวเขต', 'เขต ก');
		await prototype(a, 'เก่า', { now: T0 });
		await prototype(a, 'ใหม่', { now: T0 + 40 * DAY });
		const { items, counts } = await loadPortfolio(db, { attention: true }, { now: T0 + 41 * DAY });
		expect(items.map((i) => i.title)).toEqual(['เก่า']);
		expect(counts.total).toBe(1);
	});

	it('has zero feedback figures for prototypes nobody has answered about yet', async () => {
		const a = await project('คิวเขต', 'เขต ก');
		await prototype(a, 'คิว LINE');
		const { items, trends } = await loadPortfolio(db, {}, { now: T0 });
		expect(items[0]).toMatchObject({ feedbackResponses: 0, averageRating: null });
		expect(trends.size).toBe(0);
	});
});

describe('feedback trends', () => {
	it('counts responses per Bangkok week, averages their ratings and leaves spam out', async () => {
		const a = await project('คิวเขต', 'เขต ก');
		const id = await prototype(a, 'คิว LINE');
		await addVersion(db, id, { changes: 'รุ่นแรก', rationale: 'เริ่มต้น' }, [], { userId: facilitator.id, now: T0 });
		await feedback(id, [
			{ at: T0, rating: 4 },
			{ at: T0 + 2 * DAY, rating: 5 },
			{ at: T0 + 3 * DAY, rating: null },
			{ at: T0 + 3 * DAY, rating: 1, status: 'spam' },
			// Sunday 14 June, 23:30 in Bangkok: still the second week.
			{ at: Date.UTC(2026, 5, 14, 16, 30), rating: 2 },
			// Monday 15 June, 00:30 in Bangkok: the third.
			{ at: Date.UTC(2026, 5, 14, 17, 30), rating: 3 }
		]);
		const trends = await feedbackTrend(db, [id]);
		expect(trends.get(id)).toEqual([
			{ period: '2026-06-01', responses: 3, rated: 2, averageRating: 4.5 },
			{ period: '2026-06-08', responses: 1, rated: 1, averageRating: 2 },
			{ period: '2026-06-15', responses: 1, rated: 1, averageRating: 3 }
		]);
		const { items } = await loadPortfolio(db, {}, { now: T0 + 20 * DAY });
		expect(items[0]).toMatchObject({ feedbackResponses: 5, averageRating: (4 + 5 + 2 + 3) / 4 });
	});

	it('flags a prototype whose ratings fell between the last two well-answered weeks', async () => {
		const a = await project('คิวเขต', 'เขต ก');
		const id = await prototype(a, 'คิว LINE');
		await addVersion(db, id, { changes: 'รุ่นแรก', rationale: 'เริ่มต้น' }, [], { userId: facilitator.id, now: T0 });
		const week = (n: number, ratings: number[]) => ratings.map((rating, i) => ({ at: T0 + n * 7 * DAY + i * 1000, rating }));
		await feedback(id, [...week(0, [5, 4, 5]), ...week(1, [3, 3, 4])]);
		const { items } = await loadPortfolio(db, {}, { now: T0 + 10 * DAY });
		expect(items[0]?.attention).toEqual(['negative_trend']);
		expect(
			isNegativeTrend([
				{ period: 'a', responses: 3, rated: 3, averageRating: 4.6 },
				{ period: 'b', responses: 3, rated: 3, averageRating: 4.2 }
			])
		).toBe(false);
		expect(
			isNegativeTrend([
				{ period: 'a', responses: 3, rated: 3, averageRating: 4.6 },
				{ period: 'b', responses: 2, rated: 2, averageRating: 1 }
			])
		).toBe(false);
	});
});

describe('the evidence signal', () => {
	it('says doing well, on track or needs attention by ratings, decisions and attention reasons, and leaves dropped ones out', async () => {
		const a = await project('คิวเขต', 'เขต ก');
		const wellRated = await prototype(a, 'ให้คะแนนดี');
		const piloted = await prototype(a, 'ตัดสินใจนำร่อง');
		const lowRated = await prototype(a, 'คะแนนต่ำ');
		const fewRatings = await prototype(a, 'คะแนนต่ำแต่น้อยราย');
		const plain = await prototype(a, 'ยังเดินตามแผน');
		const dropped = await prototype(a, 'ยุติแล้ว');
		for (const id of [wellRated, piloted, lowRated, fewRatings]) {
			await addVersion(db, id, { changes: 'รุ่นแรกของต้นแบบ', rationale: 'เริ่มทดสอบ' }, [], { userId: facilitator.id, now: T0 });
		}
		await feedback(
			wellRated,
			Array.from({ length: 5 }, (_, i) => ({ at: T0 + i, rating: 4.4 }))
		);
		await feedback(
			lowRated,
			Array.from({ length: 5 }, (_, i) => ({ at: T0 + i, rating: 2.6 }))
		);
		await feedback(
			fewRatings,
			Array.from({ length: 4 }, (_, i) => ({ at: T0 + i, rating: 1 }))
		);
		await recordDecision(
			db,
			piloted,
			{ outcome: 'pilot', versionId: '', rationale: 'ผลทดสอบดีพอจะนำร่อง', moveStatus: false, figures: [], links: [], rounds: [], sections: [] },
			facilitator.id,
			undefined,
			T0
		);
		await move(dropped, ['dropped'], T0);

		const { items, counts } = await loadPortfolio(db, {}, { now: T0 + DAY });
		const signal = (id: string) => items.find((i) => i.id === id)!.signal;
		expect(signal(wellRated)).toBe('doing_well');
		expect(signal(piloted)).toBe('doing_well');
		expect(signal(lowRated)).toBe('needs_attention');
		expect(items.find((i) => i.id === lowRated)!.attention).toEqual(['low_rating']);
		expect(signal(fewRatings)).toBe('on_track');
		expect(signal(plain)).toBe('on_track');
		expect(signal(dropped)).toBeNull();
		expect(counts.bySignal).toEqual({ needs_attention: 1, on_track: 2, doing_well: 2 });
		// A stale prototype needs attention, whatever its ratings.
		const later = await loadPortfolio(db, {}, { now: T0 + 40 * DAY });
		expect(later.items.find((i) => i.id === wellRated)!.signal).toBe('needs_attention');
		// The filter by signal.
		const onlyWell = await loadPortfolio(db, portfolioFilterFrom(new URLSearchParams('signal=doing_well')), { now: T0 + DAY });
		expect(onlyWell.items.map((i) => i.title).sort()).toEqual(['ตัดสินใจนำร่อง', 'ให้คะแนนดี']);
	});

	it('gives a facilitator the portfolio of the projects they are on the team of, filters included', async () => {
		const own = await project('ของตนเอง', 'เขต ก');
		await prototype(own, 'ต้นแบบของตน', { tags: 'ของฉัน' });
		const other = await makeUser(db, 'facilitator', 'อีกคน');
		const theirs = (await createProject(db, { title: 'ของคนอื่น', challenge: 'โจทย์ของอีกทีมหนึ่ง', agency: 'เขต ข', tags: '' }, other, T0)).id;
		const saved = facilitator;
		facilitator = other;
		await prototype(theirs, 'ต้นแบบของคนอื่น', { tags: 'ของเขา' });
		facilitator = saved;
		const mine = await loadPortfolio(db, { memberId: saved.id }, { now: T0 });
		expect(mine.items.map((i) => i.title)).toEqual(['ต้นแบบของตน']);
		const options = await loadPortfolioOptions(db, saved.id);
		expect(options.projects.map((p) => p.title)).toEqual(['ของตนเอง']);
		expect(options.tags).toEqual(['ของฉัน']);
		expect((await loadPortfolioOptions(db)).tags.sort()).toEqual(['ของฉัน', 'ของเขา'].sort());
	});
});
