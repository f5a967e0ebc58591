import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeDatabase, isPostgresUrl, openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { storageFault } from '../../src/lib/server/db/storage-faults.ts';
import { dialectOf } from '../../src/lib/server/db/dialect.ts';
import { withDatabaseLock } from '../../src/lib/server/db/locks.ts';
import { createProject } from '../../src/lib/server/projects/projects.ts';
import { freshDatabase, makeUser, testDialect } from '../helpers/db.ts';
import { makeFeedbackFixture } from '../unit/feedback-fixtures.ts';
import { createTestDatabase, testPostgresUrl, withAdminClient } from '../helpers/postgres.ts';

let db: DB;
let boardId: string;

beforeEach(async () => {
	db = await freshDatabase();
	const facilitator = await makeUser(db, 'facilitator');
	const project = await createProject(db, { title: 'ค่าในฐานข้อมูล', challenge: 'ค่าที่อ่านกลับมาต้องเหมือนที่เขียน', agency: 'ทดสอบ', tags: '' }, facilitator);
	const board = await db.selectFrom('boards').select('id').where('project_id', '=', project.id).executeTakeFirstOrThrow();
	boardId = board.id;
});

afterEach(async () => {
	await db.destroy();
});

describe(`values read back from the database (${testDialect})`, () => {
	it('runs on the database the tests were asked for', () => {
		expect(dialectOf(db)).toBe(testDialect);
	});

	it('gives numbers for bigint columns, generated keys and counts, and the bytes that were stored', async () => {
		const bytes = new Uint8Array([0, 1, 2, 250, 255]);
		const at = Date.UTC(2026, 5, 1, 3, 4, 5, 678);
		const { seq } = await db
			.insertInto('board_updates')
			.values({ board_id: boardId, data: bytes, created_at: at })
			.returning('seq')
			.executeTakeFirstOrThrow();
		expect(typeof seq).toBe('number');
		const row = await db.selectFrom('board_updates').select(['seq', 'data', 'created_at']).where('seq', '=', seq).executeTakeFirstOrThrow();
		expect(row.created_at).toBe(at);
		expect(row.seq).toBe(seq);
		expect(new Uint8Array(row.data)).toEqual(bytes);
		const count = await db
			.selectFrom('board_updates')
			.select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('created_at').as('total'), eb.fn.max<number>('created_at').as('latest')])
			.executeTakeFirstOrThrow();
		expect(count).toEqual({ n: 1, total: at, latest: at });
	});

	it('keeps a real number to the last digit, and averages it as a number', async () => {
		const fx = await makeFeedbackFixture(db);
		const rating = 11 / 3;
		await db
			.insertInto('feedback_responses')
			.values({ id: 'r1', round_id: fx.round.id, receipt_hash: 'h1', channel: 'web', locale: 'th', rating, submitted_at: 1 })
			.execute();
		const row = await db
			.selectFrom('feedback_responses')
			.select((eb) => ['rating', eb.fn.avg<number>('rating').over().as('average')])
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ rating, average: rating });
	});

	it('lets one holder of a named database lock work at a time', async () => {
		const events: string[] = [];
		const work = (name: string) =>
			withDatabaseLock(db, 'test lock', async () => {
				events.push(`${name} in`);
				await sql`select 1`.execute(db);
				await new Promise<void>((resolve) => setImmediate(resolve));
				events.push(`${name} out`);
			});
		await Promise.all([work('a'), work('b'), work('c')]);
		for (let i = 0; i < events.length; i += 2) expect(events[i + 1]).toBe(events[i]!.replace(' in', ' out'));
	});
});

describe('database locations', () => {
	it('tells a PostgreSQL URL from a SQLite path, and never shows a password', () => {
		expect(isPostgresUrl('postgres://lab@db/prachalab')).toBe(true);
		expect(isPostgresUrl('postgresql://lab@db/prachalab')).toBe(true);
		expect(isPostgresUrl('data/prachalab.db')).toBe(false);
		expect(describeDatabase('postgres://lab:s3cret@db.example:5432/prachalab')).toBe('postgres://lab:***@db.example:5432/prachalab');
		expect(describeDatabase('data/prachalab.db')).toBe('data/prachalab.db');
	});
});

if (testDialect === 'postgres') {
	describe('PostgreSQL storage faults', () => {
		it('reports a database turned read-only as one, from the error PostgreSQL really gives', async () => {
			const url = await createTestDatabase(testPostgresUrl()!);
			const name = new URL(url).pathname.slice(1);
			await withAdminClient(testPostgresUrl()!, (client) => client.query(`alter database "${name}" set default_transaction_read_only = on`));
			const readOnly = openDatabase(url);
			const error = await readOnly
				.insertInto('server_keys')
				.values({ name: 'k', key: new Uint8Array(1), created_at: 1 })
				.execute()
				.then(
					() => null,
					(e: unknown) => e
				);
			expect((error as { code?: string }).code).toBe('25006');
			expect(storageFault(error)).toBe('read_only');
			await readOnly.destroy();
		});
	});

	describe('PostgreSQL integers', () => {
		it('refuses an integer that a JavaScript number would round, rather than rounding it', async () => {
			await expect(sql`select 9007199254740993::bigint as n`.execute(db)).rejects.toThrow(/2\^53/);
			expect((await sql<{ n: number }>`select 9007199254740991::bigint as n`.execute(db)).rows[0]!.n).toBe(Number.MAX_SAFE_INTEGER);
		});
	});
}
