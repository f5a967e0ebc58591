/**
 * Participation's transactions that read, then write what they read, started together (as
 * requests on a pool of PostgreSQL connections arrive): reports counted toward hiding an idea,
 * tags and districts replaced, duplicates grouped, guided questions changed while a story
 * arrives. On SQLite they take turns by construction; on PostgreSQL they hold the row they
 * depend on (src/lib/server/db/locks.ts). Run with DATABASE_URL set to a postgres URL to see
 * the second.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '../../src/lib/server/db/open.ts';
import { fieldsFrom } from '../../src/lib/server/feedback/responses.ts';
import { checkEntry, storeEntry } from '../../src/lib/server/participation/entries.ts';
import { groupDuplicates, setEntryStatus, setEntryTags } from '../../src/lib/server/participation/moderation.ts';
import { newSupporterCookie, reportIdea, supporterId, supporterPseudonym } from '../../src/lib/server/participation/supports.ts';
import { listDistricts, setDistricts } from '../../src/lib/server/projects/districts.ts';
import { InputError } from '../../src/lib/server/validation.ts';
import { freshDatabase } from '../helpers/db.ts';
import { makeParticipationFixture, type ParticipationFixture } from '../unit/participation-fixtures.ts';

const key = new Uint8Array(randomBytes(32));
let db: DB;
let fx: ParticipationFixture;

async function propose(title: string): Promise<string> {
	const checked = checkEntry(
		fx.call,
		[],
		[],
		fieldsFrom(
			new URLSearchParams([
				['title', title],
				['body', 'รายละเอียดของไอเดียนี้ยาวพอสมควร']
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

const browser = () => supporterPseudonym(key, supporterId(key, newSupporterCookie(key))!, fx.call.id);

/** Starts `count` calls at once; how each one ended. */
function settleTogether<T>(count: number, call: (i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
	return Promise.allSettled(Array.from({ length: count }, (_, i) => call(i)));
}

/** The refusal codes of the calls that were refused; any other failure is thrown. */
function refusals(results: PromiseSettledResult<unknown>[]): string[] {
	return results.flatMap((r) => {
		if (r.status === 'fulfilled') return [];
		if (r.reason instanceof InputError) return r.reason.issues.map((i) => i.code);
		throw r.reason;
	});
}

beforeEach(async () => {
	db = await freshDatabase();
	fx = await makeParticipationFixture(db, { kind: 'idea' });
	// Eight connections open before the calls start, so they really run side by side on PostgreSQL.
	await Promise.all(Array.from({ length: 8 }, () => sql`select 1`.execute(db)));
});

afterEach(async () => {
	await db.destroy();
});

describe('participation under concurrent requests', () => {
	it('reports that reach the threshold together hide the idea, and exactly one of them says so', async () => {
		fx = await makeParticipationFixture(db, { kind: 'idea', reportThreshold: 8, facilitator: fx.facilitator, projectId: fx.projectId });
		const id = await propose('ป้ายบอกเวลารอ');
		await setEntryStatus(db, fx.call.id, [id], 'approved', fx.facilitator.id);
		const results = await settleTogether(8, () => reportIdea(db, { call: fx.call, ideaId: id, reporter: browser(), reason: 'spam' }));
		expect(refusals(results)).toEqual([]);
		const hid = results.filter((r) => r.status === 'fulfilled' && r.value.hidden);
		expect(hid).toHaveLength(1);
		const row = await db.selectFrom('participation_entries').select(['status', 'hidden_by_reports']).where('id', '=', id).executeTakeFirstOrThrow();
		expect(row).toEqual({ status: 'hidden', hidden_by_reports: 1 });
	});

	it('tags of one idea replaced together end as one of the sets asked for', async () => {
		const id = await propose('คิวออนไลน์');
		const sets = ['คิว, รอนาน', 'คิว, พนักงาน', 'ที่จอดรถ', 'คิว'];
		const results = await settleTogether(sets.length, (i) => setEntryTags(db, fx.call.id, id, sets[i]));
		expect(refusals(results)).toEqual([]);
		const tags = (await db.selectFrom('participation_tags').select('tag').where('entry_id', '=', id).orderBy('tag').execute()).map((t) => t.tag);
		const asked = results.map((r) => [...(r as PromiseFulfilledResult<string[]>).value].sort());
		expect(asked).toContainEqual(tags);
	});

	it('duplicates grouped together never make a group inside a group', async () => {
		const [a, b, c] = [await propose('ไอเดีย ก'), await propose('ไอเดีย ข'), await propose('ไอเดีย ค')];
		// A under B and B under C at once: one of them must see the other and refuse (or come second and move A).
		const results = await Promise.allSettled([groupDuplicates(db, fx.call.id, [a], b), groupDuplicates(db, fx.call.id, [b], c)]);
		refusals(results);
		const rows = await db.selectFrom('participation_entries').select(['id', 'duplicate_of']).where('call_id', '=', fx.call.id).execute();
		const leaderOf = new Map(rows.map((r) => [r.id, r.duplicate_of]));
		for (const row of rows) if (row.duplicate_of !== null) expect(leaderOf.get(row.duplicate_of)).toBeNull();
	});

	it("a project's districts replaced together end as one of the lists asked for", async () => {
		const lists = ['บางกอกน้อย\nบางพลัด', 'ตลิ่งชัน\nบางพลัด', 'บางกอกน้อย', 'บางพลัด\nตลิ่งชัน\nบางกอกน้อย'];
		const results = await settleTogether(lists.length, (i) => setDistricts(db, fx.projectId, lists[i]));
		expect(refusals(results)).toEqual([]);
		const names = (await listDistricts(db, fx.projectId)).map((d) => d.th);
		expect(lists.map((l) => l.split('\n'))).toContainEqual(names);
	});
});
