/**
 * Transactions that read, then write what they read, started together (as requests on a pool
 * of PostgreSQL connections arrive). On SQLite they take turns by construction; on PostgreSQL
 * they hold the row they depend on (src/lib/server/db/locks.ts). Run with DATABASE_URL set to a
 * postgres URL to see the second.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DB } from '../../src/lib/server/db/open.ts';
import { createProject } from '../../src/lib/server/projects/projects.ts';
import { addTeamMember, removeTeamMember, setTeamRole } from '../../src/lib/server/projects/team.ts';
import { changeStage, listStageChanges } from '../../src/lib/server/projects/stages.ts';
import { createPrototype } from '../../src/lib/server/prototypes/prototypes.ts';
import { addVersion, listVersions } from '../../src/lib/server/prototypes/versions.ts';
import { changeStatus, listStatusChanges } from '../../src/lib/server/prototypes/status.ts';
import { recordDecision } from '../../src/lib/server/prototypes/decisions.ts';
import { saveTestPlan } from '../../src/lib/server/prototypes/test-plans.ts';
import { addQuestion, listQuestions, moveQuestion } from '../../src/lib/server/feedback/questions.ts';
import { deleteRound, findRoundById } from '../../src/lib/server/feedback/rounds.ts';
import { checkSubmission, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { setTags } from '../../src/lib/server/feedback/moderation.ts';
import { currentJoinCode, endGuestAccess, openJoinCode, redeemJoinCode } from '../../src/lib/server/guests/join-codes.ts';
import { InputError } from '../../src/lib/server/validation.ts';
import { freshDatabase, makeUser } from '../helpers/db.ts';
import { makeFeedbackFixture, type FeedbackFixture } from '../unit/feedback-fixtures.ts';

const HOUR = 60 * 60 * 1000;

let db: DB;
let facilitator: Awaited<ReturnType<typeof makeUser>>;
let projectId: string;
let prototypeId: string;

beforeEach(async () => {
	db = await freshDatabase();
	facilitator = await makeUser(db, 'facilitator', 'สมหญิง');
	const project = await createProject(db, { title: 'ลดเวลารอคิว', challenge: 'ประชาชนรอคิวนานเกินไป', agency: 'สำนักงานเขต', tags: '' }, facilitator);
	projectId = project.id;
	const prototype = await createPrototype(
		db,
		projectId,
		{ title: 'จองคิวผ่าน LINE', summary: 'จองคิวล่วงหน้า', audience: 'คนวัยทำงาน', learningGoal: 'จองเองได้ไหม', owner: '', fidelity: 'paper', tags: '' },
		facilitator
	);
	prototypeId = prototype.id;
	// Eight connections open before the calls start, so they really run side by side on PostgreSQL.
	await Promise.all(Array.from({ length: 8 }, () => sql`select 1`.execute(db)));
});

afterEach(async () => {
	await db.destroy();
});

/** Starts `count` calls at once; how each one ended. */
async function settleTogether<T>(count: number, call: (i: number) => Promise<T>): Promise<PromiseSettledResult<T>[]> {
	return Promise.allSettled(Array.from({ length: count }, (_, i) => call(i)));
}

/**
 * Whether moves (from → to, the first from null) can be chained into one path ending at `end`:
 * every state is left as often as it is entered, but for the start (null) and the end. Two moves
 * that read the same "current" state and both left it break this. (Moves made in one millisecond
 * cannot be put in order by their times.)
 */
function isOnePath(moves: [string | null, string][], end: string): boolean {
	const balance = new Map<string | null, number>();
	for (const [from, to] of moves) {
		balance.set(from, (balance.get(from) ?? 0) + 1);
		balance.set(to, (balance.get(to) ?? 0) - 1);
	}
	balance.set(null, (balance.get(null) ?? 0) - 1);
	balance.set(end, (balance.get(end) ?? 0) + 1);
	return [...balance.values()].every((n) => n === 0) && moves.filter(([from]) => from === null).length === 1;
}

/** The refusal codes of the calls that were refused; any other failure is thrown. */
function refusals(results: PromiseSettledResult<unknown>[]): string[] {
	return results.flatMap((r) => {
		if (r.status === 'fulfilled') return [];
		if (r.reason instanceof InputError) return r.reason.issues.map((i) => i.code);
		throw r.reason;
	});
}

describe('read-then-write transactions started together', () => {
	it('8 concurrent addVersion calls give 8 versions, numbered 1 to 8', async () => {
		const results = await settleTogether(8, (i) =>
			addVersion(db, prototypeId, { changes: `รุ่นที่ ${i}`, rationale: 'ทดสอบพร้อมกัน' }, [], { userId: facilitator.id })
		);
		expect(refusals(results)).toEqual([]);
		const numbers = (await listVersions(db, prototypeId)).map((v) => v.number).sort((a, b) => a - b);
		expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});

	it('facilitators stepping down together leave one of them facilitating', async () => {
		const others = [await makeUser(db, 'member', 'สมชาย'), await makeUser(db, 'member', 'สมศรี')];
		for (const other of others) await addTeamMember(db, projectId, { email: other.email, role: 'facilitator' }, facilitator.id);
		const everyone = [facilitator, ...others];
		const results = await settleTogether(everyone.length, (i) => setTeamRole(db, projectId, everyone[i]!.id, 'member'));
		expect(refusals(results)).toEqual(['last_facilitator']);
		const facilitators = await db
			.selectFrom('project_members')
			.select('user_id')
			.where('project_id', '=', projectId)
			.where('role', '=', 'facilitator')
			.execute();
		expect(facilitators).toHaveLength(1);
	});

	it('facilitators leaving together leave one of them on the team', async () => {
		const others = [await makeUser(db, 'member', 'สมชาย'), await makeUser(db, 'member', 'สมศรี')];
		for (const other of others) await addTeamMember(db, projectId, { email: other.email, role: 'facilitator' }, facilitator.id);
		const everyone = [facilitator, ...others];
		const results = await settleTogether(everyone.length, (i) => removeTeamMember(db, projectId, everyone[i]!.id));
		expect(refusals(results)).toEqual(['last_facilitator']);
		const members = await db.selectFrom('project_members').select('role').where('project_id', '=', projectId).execute();
		expect(members).toEqual([{ role: 'facilitator' }]);
	});

	it('refuses to make the last facilitator a member by adding them again', async () => {
		await expect(addTeamMember(db, projectId, { email: facilitator.email, role: 'member' }, facilitator.id)).rejects.toThrow(InputError);
		const row = await db.selectFrom('project_members').select('role').where('user_id', '=', facilitator.id).executeTakeFirstOrThrow();
		expect(row.role).toBe('facilitator');
	});

	it('stage moves started together each record the stage it really left', async () => {
		const targets = ['ideate', 'prototype', 'test', 'ideate', 'prototype', 'test'] as const;
		const results = await settleTogether(targets.length, (i) =>
			changeStage(db, projectId, { to: targets[i], reason: `ย้ายครั้งที่ ${i}` }, facilitator.id)
		);
		// A move to the stage the project is already in is refused; the others form one path.
		expect(refusals(results).every((code) => code === 'stage_unchanged')).toBe(true);
		const history = await listStageChanges(db, projectId);
		expect(history).toHaveLength(results.filter((r) => r.status === 'fulfilled').length + 1);
		const project = await db.selectFrom('projects').select('stage').where('id', '=', projectId).executeTakeFirstOrThrow();
		expect(
			isOnePath(
				history.map((c) => [c.fromStage, c.toStage]),
				project.stage
			)
		).toBe(true);
	});

	it('status moves and decisions started together keep a history where each move starts where one ended', async () => {
		const decision = {
			outcome: 'iterate',
			versionId: '',
			rationale: 'ทำต่ออีกรอบหนึ่งก่อนตัดสินใจ',
			moveStatus: true,
			figures: [],
			links: [],
			rounds: [],
			sections: []
		};
		const results = await settleTogether<unknown>(6, (i) =>
			i % 2 === 0
				? changeStatus(db, prototypeId, { to: i === 0 ? 'building' : i === 2 ? 'testing' : 'dropped', reason: 'พร้อมกัน' }, facilitator.id)
				: recordDecision(db, prototypeId, decision, facilitator.id)
		);
		expect(refusals(results).every((code) => code.startsWith('prototype_status_'))).toBe(true);
		const history = await listStatusChanges(db, prototypeId);
		const prototype = await db.selectFrom('prototypes').select('status').where('id', '=', prototypeId).executeTakeFirstOrThrow();
		expect(
			isOnePath(
				history.map((c) => [c.fromStatus, c.toStatus]),
				prototype.status
			)
		).toBe(true);
	});

	it('first saves of a test plan started together make one plan', async () => {
		const version = await addVersion(db, prototypeId, { changes: 'รุ่นแรก', rationale: 'เริ่ม' }, [], { userId: facilitator.id });
		const plan = (i: number) => ({
			hypotheses: `ผู้สูงอายุจองได้เอง ${i}`,
			successCriteria: '8 ใน 10 คน',
			targetGroup: 'ผู้สูงอายุ',
			method: 'สังเกตการใช้งาน',
			startsOn: '2026-07-01',
			endsOn: '2026-07-15'
		});
		const results = await settleTogether(4, (i) => saveTestPlan(db, prototypeId, version.id, plan(i), facilitator.id));
		expect(refusals(results)).toEqual([]);
		const ids = new Set(results.map((r) => (r as PromiseFulfilledResult<{ id: string }>).value.id));
		expect(ids.size).toBe(1);
		expect(await db.selectFrom('prototype_test_plans').select('id').where('version_id', '=', version.id).execute()).toHaveLength(1);
	});
});

describe('a round being edited, answered and deleted at once', () => {
	let fx: FeedbackFixture;
	const base = { helpTh: '', helpEn: '', optionsTh: '', optionsEn: '', labelEn: '', required: '' };

	beforeEach(async () => {
		fx = await makeFeedbackFixture(db, { facilitator });
	});

	async function respond(): Promise<string> {
		const checked = checkSubmission(fx.round, fx.questions, fieldsFrom(new URLSearchParams([[fx.field.rating, '4']])));
		const { id } = await storeResponse(db, fx.round, checked, { channel: 'web', locale: 'th', enteredBy: null, consentText: '', requireOpen: true });
		return id;
	}

	it('questions added together get positions one after another', async () => {
		const round = await makeFeedbackFixture(db, { facilitator });
		await db.deleteFrom('feedback_questions').where('round_id', '=', round.round.id).execute();
		const results = await settleTogether(8, (i) => addQuestion(db, round.round.id, { ...base, kind: 'text', labelTh: `คำถามข้อ ${i}` }));
		expect(refusals(results)).toEqual([]);
		expect((await listQuestions(db, round.round.id)).map((q) => q.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});

	it('questions moved together keep every position distinct', async () => {
		for (let attempt = 0; attempt < 3; attempt++) {
			const before = await listQuestions(db, fx.round.id);
			const results = await settleTogether(before.length - 1, (i) => moveQuestion(db, fx.round.id, before[i + 1]!.id, -1));
			expect(refusals(results)).toEqual([]);
			const positions = (await listQuestions(db, fx.round.id)).map((q) => q.position);
			expect(new Set(positions).size).toBe(before.length);
		}
	});

	it('a round deleted while a citizen answers either keeps the answer or refuses to be deleted', async () => {
		for (let attempt = 0; attempt < 5; attempt++) {
			const fresh = await makeFeedbackFixture(db, { facilitator });
			fx = fresh;
			const [stored, deleted] = await Promise.allSettled([respond(), deleteRound(db, fresh.round.id)]);
			if (stored.status === 'fulfilled') {
				// The citizen was given a receipt: their response must exist, so the round too.
				expect(await db.selectFrom('feedback_responses').select('id').where('id', '=', stored.value).executeTakeFirst()).toBeDefined();
				expect(deleted.status).toBe('rejected');
			} else {
				expect(deleted.status).toBe('fulfilled');
				expect(await findRoundById(db, fresh.round.id)).toBeNull();
			}
		}
	});

	it('tags of one response replaced together end as one of the sets asked for', async () => {
		const responseId = await respond();
		const sets = ['คิว, รอนาน', 'คิว, พนักงาน', 'ที่จอดรถ', 'คิว'];
		const results = await settleTogether(sets.length, (i) => setTags(db, fx.round.id, responseId, sets[i]));
		expect(refusals(results)).toEqual([]);
		const tags = (await db.selectFrom('feedback_tags').select('tag').where('response_id', '=', responseId).orderBy('tag').execute()).map(
			(t) => t.tag
		);
		const asked = results.map((r) => [...(r as PromiseFulfilledResult<string[]>).value].sort());
		expect(asked).toContainEqual(tags);
	});
});

describe('join codes opened, redeemed and ended at once', () => {
	let boardId: string;

	beforeEach(async () => {
		const board = await db
			.selectFrom('boards')
			.select('id')
			.where('project_id', '=', projectId)
			.where('stage', '=', 'ideate')
			.executeTakeFirstOrThrow();
		boardId = board.id;
	});

	it('codes opened together leave exactly one open', async () => {
		const results = await settleTogether(6, () => openJoinCode(db, boardId, facilitator.id, HOUR));
		expect(refusals(results)).toEqual([]);
		const open = await db.selectFrom('board_join_codes').select('id').where('board_id', '=', boardId).where('closed_at', 'is', null).execute();
		expect(open).toHaveLength(1);
		expect(await currentJoinCode(db, boardId)).not.toBeNull();
	});

	it('guests who join while access ends are ended too', async () => {
		for (let attempt = 0; attempt < 5; attempt++) {
			const { code } = await openJoinCode(db, boardId, facilitator.id, HOUR);
			await Promise.all([
				...Array.from({ length: 3 }, (_, i) => redeemJoinCode(db, { code, name: `แขก ${i}` })),
				endGuestAccess(db, boardId),
				...Array.from({ length: 3 }, (_, i) => redeemJoinCode(db, { code, name: `แขกหลัง ${i}` }))
			]);
			const active = await db.selectFrom('board_guests').select('id').where('board_id', '=', boardId).where('ended_at', 'is', null).execute();
			expect(active).toEqual([]);
		}
	});
});
