import { beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { DB } from '../../src/lib/server/db/open.ts';
import { fieldsFrom } from '../../src/lib/server/feedback/responses.ts';
import { checkEntry, storeEntry } from '../../src/lib/server/participation/entries.ts';
import { groupDuplicates, listEntries, setEntryStatus } from '../../src/lib/server/participation/moderation.ts';
import { findPublicIdea, listPublicIdeas } from '../../src/lib/server/participation/public-ideas.ts';
import {
	browserActions,
	checkAnswer,
	groupSupportCounts,
	humanCheck,
	newSupporterCookie,
	reportIdea,
	supporterId,
	supporterPseudonym,
	supportIdea
} from '../../src/lib/server/participation/supports.ts';
import { freshDatabase } from '../helpers/db.ts';
import { makeParticipationFixture, type ParticipationFixture } from './participation-fixtures.ts';

const key = new Uint8Array(randomBytes(32));
let db: DB;
let fx: ParticipationFixture;

async function propose(title: string, body = 'รายละเอียดของไอเดียนี้ยาวพอสมควร'): Promise<string> {
	const checked = checkEntry(
		fx.call,
		[],
		[],
		fieldsFrom(
			new URLSearchParams([
				['title', title],
				['body', body]
			])
		)
	);
	const stored = await storeEntry(db, fx.call, checked, {
		channel: 'web',
		locale: 'th',
		enteredBy: null,
		consentText: '',
		requireOpen: true,
		photo: { kind: 'none' }
	});
	return stored.id;
}

const browser = (callId = fx.call.id) => supporterPseudonym(key, supporterId(key, newSupporterCookie(key))!, callId);

beforeEach(async () => {
	db = await freshDatabase();
	fx = await makeParticipationFixture(db, { kind: 'idea', reportThreshold: 2 });
});

describe('the light proof of one support per browser', () => {
	it('accepts only cookies it signed, and gives a browser a different pseudonym in every call', () => {
		const cookie = newSupporterCookie(key);
		const id = supporterId(key, cookie)!;
		expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(supporterId(key, `${id}.${'A'.repeat(43)}`)).toBeNull();
		expect(supporterId(new Uint8Array(randomBytes(32)), cookie)).toBeNull();
		expect(supporterId(key, undefined)).toBeNull();
		expect(supporterPseudonym(key, id, 'call-a')).not.toBe(supporterPseudonym(key, id, 'call-b'));
		expect(supporterPseudonym(key, id, 'call-a')).toBe(supporterPseudonym(key, id, 'call-a'));
	});

	it('asks a sum it can check in Arabic or Thai digits or in words, derived from the token alone', () => {
		for (const token of ['a', 'b', 'c', 'd', 'e', 'f']) {
			const { a, b, words } = humanCheck(key, token);
			expect(a).toBeGreaterThanOrEqual(1);
			expect(b).toBeLessThanOrEqual(9);
			expect(words.th[0].length).toBeGreaterThan(0);
			const sum = a + b;
			expect(checkAnswer(key, token, String(sum))).toBe(true);
			expect(checkAnswer(key, token, ` ${String(sum).replace(/\d/g, (d) => '๐๑๒๓๔๕๖๗๘๙'[Number(d)]!)} `)).toBe(true);
			expect(checkAnswer(key, token, String(sum + 1))).toBe(false);
			expect(checkAnswer(key, token, undefined)).toBe(false);
		}
		const token = 'x';
		const sum = humanCheck(key, token).a + humanCheck(key, token).b;
		const thai = [
			'',
			'',
			'สอง',
			'สาม',
			'สี่',
			'ห้า',
			'หก',
			'เจ็ด',
			'แปด',
			'เก้า',
			'สิบ',
			'สิบเอ็ด',
			'สิบสอง',
			'สิบสาม',
			'สิบสี่',
			'สิบห้า',
			'สิบหก',
			'สิบเจ็ด',
			'สิบแปด'
		];
		expect(checkAnswer(key, token, thai[sum])).toBe(true);
	});

	it('counts one support per browser per idea, and none for an idea not approved', async () => {
		const id = await propose('จอบอกเวลารอ');
		const first = browser();
		await expect(supportIdea(db, { call: fx.call, ideaId: id, supporter: first })).rejects.toThrow(/pt_idea_not_public/);
		await setEntryStatus(db, fx.call.id, [id], 'approved', fx.facilitator.id);
		expect(await supportIdea(db, { call: fx.call, ideaId: id, supporter: first })).toBe('supported');
		expect(await supportIdea(db, { call: fx.call, ideaId: id, supporter: first })).toBe('already');
		expect(await supportIdea(db, { call: fx.call, ideaId: id, supporter: browser() })).toBe('supported');
		expect((await groupSupportCounts(db, fx.call.id)).get(id)).toBe(2);
		expect((await browserActions(db, [id], first)).supported.has(id)).toBe(true);
	});

	it('takes no support once the call has closed', async () => {
		const id = await propose('จอบอกเวลารอ');
		await setEntryStatus(db, fx.call.id, [id], 'approved', fx.facilitator.id);
		await expect(supportIdea(db, { call: { ...fx.call, closesAt: Date.now() - 1 }, ideaId: id, supporter: browser() })).rejects.toThrow(
			/fb_round_closed/
		);
	});
});

describe('reports and moderation of ideas', () => {
	it('hides an approved idea once reports reach the call’s threshold, and a moderator restores it until as many new reports come', async () => {
		const id = await propose('ไอเดียที่ถูกรายงาน');
		await setEntryStatus(db, fx.call.id, [id], 'approved', fx.facilitator.id);
		const reporter = browser();
		expect(await reportIdea(db, { call: fx.call, ideaId: id, reporter, reason: 'spam' })).toEqual({ hidden: false });
		// The same browser twice is one report.
		expect(await reportIdea(db, { call: fx.call, ideaId: id, reporter, reason: 'spam' })).toEqual({ hidden: false });
		expect(await reportIdea(db, { call: fx.call, ideaId: id, reporter: browser(), reason: 'offensive' })).toEqual({ hidden: true });
		const [hidden] = (await listEntries(db, fx.call.id)).items;
		expect(hidden).toMatchObject({ status: 'hidden', hiddenByReports: true, openReports: 2 });
		expect(await findPublicIdea(db, fx.call, id)).toBeNull();

		await setEntryStatus(db, fx.call.id, [id], 'approved', fx.facilitator.id);
		const [restored] = (await listEntries(db, fx.call.id)).items;
		expect(restored).toMatchObject({ status: 'approved', hiddenByReports: false, openReports: 0 });
		expect(await reportIdea(db, { call: fx.call, ideaId: id, reporter: browser(), reason: 'spam' })).toEqual({ hidden: false });
		expect(await reportIdea(db, { call: fx.call, ideaId: id, reporter: browser(), reason: 'spam' })).toEqual({ hidden: true });
	});

	it('refuses a reason that is not one of the list', async () => {
		const id = await propose('ไอเดีย');
		await setEntryStatus(db, fx.call.id, [id], 'approved', fx.facilitator.id);
		await expect(reportIdea(db, { call: fx.call, ideaId: id, reporter: browser(), reason: 'because' })).rejects.toThrow(/invalid_choice/);
	});

	it('groups duplicates under one idea: the public sees them together and each supporter counts once', async () => {
		const leader = await propose('จอแสดงคิว');
		const twin = await propose('ป้ายไฟบอกคิว');
		const other = await propose('จองคิวทาง LINE');
		await setEntryStatus(db, fx.call.id, [leader, twin, other], 'approved', fx.facilitator.id);
		const both = browser();
		await supportIdea(db, { call: fx.call, ideaId: leader, supporter: both });
		await supportIdea(db, { call: fx.call, ideaId: twin, supporter: both });
		await supportIdea(db, { call: fx.call, ideaId: twin, supporter: browser() });
		expect(await groupDuplicates(db, fx.call.id, [twin], leader)).toBe(1);
		await expect(groupDuplicates(db, fx.call.id, [other], twin)).rejects.toThrow(/pt_leader_is_duplicate/);
		const counts = await groupSupportCounts(db, fx.call.id);
		expect(counts.get(leader)).toBe(2);
		const list = await listPublicIdeas(db, fx.call, { page: 1, sort: 'supports' });
		expect(list.ideas.map((i) => [i.title, i.supports, i.similar.map((s) => s.title)])).toEqual([
			['จอแสดงคิว', 2, ['ป้ายไฟบอกคิว']],
			['จองคิวทาง LINE', 0, []]
		]);
		expect((await findPublicIdea(db, fx.call, twin))?.similar.map((s) => s.title)).toEqual(['จอแสดงคิว']);
		// Ungrouped, each stands alone again.
		await groupDuplicates(db, fx.call.id, [twin], '');
		expect((await listPublicIdeas(db, fx.call, { page: 1, sort: 'new' })).total).toBe(3);
	});

	it('masks personal data in the ideas the public reads', async () => {
		const id = await propose('ไอเดียของสมชาย', 'โทรหาผมได้ที่ 081-234-5678 หรือ somchai@example.test');
		await setEntryStatus(db, fx.call.id, [id], 'approved', fx.facilitator.id);
		const idea = await findPublicIdea(db, fx.call, id);
		expect(idea?.body).not.toContain('081-234-5678');
		expect(idea?.body).not.toContain('somchai@example.test');
	});
});
