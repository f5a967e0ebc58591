/**
 * What fencing costs: an append to a board's log fenced by its lease epoch (board-store.ts: the
 * lease row held and the insert, in one transaction) against the bare insert it replaced, and a
 * fenced snapshot, on a SQLite file as the server has it. Then what group commit gives: appends
 * a second when each waits for the last (one transaction each) and when many wait together (one
 * transaction a batch), into one board and across 50, under `synchronous=NORMAL` (the server's)
 * and `FULL` (an fsync each commit). No build needed.
 */
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { addNote } from '../src/lib/board/index.ts';
import { createSqlBoardStore } from '../src/lib/server/collab/board-store.ts';
import { createLocalBoardOwnership } from '../src/lib/server/collab/ownership.ts';
import { migrateToLatest } from '../src/lib/server/db/migrate.ts';
import { isPostgresUrl, openDatabase } from '../src/lib/server/db/open.ts';
import { createProject, listBoards } from '../src/lib/server/projects/projects.ts';
import { createUser } from '../src/lib/server/auth/users.ts';

const N = 5000;

function percentiles(times: number[]): string {
	const sorted = [...times].sort((a, b) => a - b);
	const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!.toFixed(3);
	return `median ${at(0.5)} ms  p95 ${at(0.95)} ms  p99 ${at(0.99)} ms`;
}

async function timeEach(run: () => Promise<unknown>): Promise<number[]> {
	for (let i = 0; i < 500; i++) await run();
	const times: number[] = [];
	for (let i = 0; i < N; i++) {
		const started = performance.now();
		await run();
		times.push(performance.now() - started);
	}
	return times;
}

// BOARD_STORE_DATABASE_URL=postgres://… runs it on an empty PostgreSQL database instead (its
// settings as they are: a durable server has fsync and synchronous_commit on).
const postgresUrl = process.env.BOARD_STORE_DATABASE_URL;
const onPostgres = postgresUrl !== undefined && isPostgresUrl(postgresUrl);
const dir = mkdtempSync(join(tmpdir(), 'prachalab-bench-'));
const db = openDatabase(onPostgres ? postgresUrl : join(dir, 'bench.db'));
const setting = async (name: string) => Object.values((await sql<Record<string, string>>`show ${sql.raw(name)}`.execute(db)).rows[0]!)[0];
const where = onPostgres
	? `PostgreSQL ${await setting('server_version')} (synchronous_commit ${await setting('synchronous_commit')}, fsync ${await setting('fsync')})`
	: 'a SQLite file (WAL)';
await migrateToLatest(db);
const user = await createUser(db, { email: 'bench@example.test', name: 'bench', role: 'facilitator', password: 'a long bench passphrase 2569' });
const project = await createProject(db, { title: 'ทดสอบความเร็ว', challenge: 'บันทึกการแก้ไขบอร์ดเร็วแค่ไหน', agency: 'ห้องทดลอง', tags: '' }, user);
const [board] = await listBoards(db, project.id);
const boardId = board!.id;

// One typical update: a note added by a client.
const doc = new Y.Doc();
addNote(doc, { text: 'ลดเวลารอด้วยการนัดหมายล่วงหน้า', author: user.id });
const update = Y.encodeStateAsUpdate(doc);

const store = createSqlBoardStore(db);
const lease = await createLocalBoardOwnership(db).acquire(boardId);
const bare = await timeEach(() => db.insertInto('board_updates').values({ board_id: boardId, data: update, created_at: Date.now() }).execute());
const fenced = await timeEach(() => store.append(boardId, lease.epoch, update));
const state = Y.encodeStateAsUpdate(doc);
const snapshots = await timeEach(async () => store.snapshot(boardId, lease.epoch, state, await store.append(boardId, lease.epoch, update)));

console.log(`a ${update.byteLength}-byte update on ${where}, ${N} runs each (linux, Node ${process.version}):`);
console.log(`  bare insert (before fencing)       ${percentiles(bare)}`);
console.log(`  fenced append (lease row + insert) ${percentiles(fenced)}`);
console.log(`  fenced append + snapshot           ${percentiles(snapshots)}`);

// Group commit: 50 boards (13 projects of four), each leased.
const boards: string[] = [];
while (boards.length < 50) {
	const more = await createProject(db, { title: `กลุ่ม ${boards.length}`, challenge: 'บันทึกพร้อมกันหลายบอร์ด', agency: 'ห้องทดลอง', tags: '' }, user);
	boards.push(...(await listBoards(db, more.id)).map((b) => b.id));
}
boards.length = 50;
const ownership = createLocalBoardOwnership(db);
const epochs = new Map<string, number>();
for (const b of boards) epochs.set(b, (await ownership.acquire(b)).epoch);
// An fsync a commit is slow on a shared disk: fewer appends under FULL.
const GROUP_N = { NORMAL: 20_000, FULL: 2_000 };

/** Appends a second: `waiting` appends made together each time (1 = each waits for the last), spread over `spread` boards. */
async function appendsPerSecond(total: number, waiting: number, spread: number): Promise<number> {
	const started = performance.now();
	for (let done = 0; done < total; done += waiting) {
		const wave: Promise<number>[] = [];
		for (let i = 0; i < waiting; i++) {
			const b = boards[(done + i) % spread]!;
			wave.push(store.append(b, epochs.get(b)!, update));
		}
		await Promise.all(wave);
	}
	return total / ((performance.now() - started) / 1000);
}

console.log(`\ngroup commit: ${GROUP_N.NORMAL} appends (${GROUP_N.FULL} under FULL) of ${update.byteLength} bytes (appends a second; median of 3):`);
console.log('| synchronous | appends waiting together | one board | 50 boards |');
console.log('| --- | ---: | ---: | ---: |');
for (const synchronous of onPostgres ? (['NORMAL'] as const) : (['NORMAL', 'FULL'] as const)) {
	if (!onPostgres) await sql`pragma synchronous = ${sql.raw(synchronous)}`.execute(db);
	for (const waiting of [1, 10, 100, 1000]) {
		const one: number[] = [];
		const fifty: number[] = [];
		for (let r = 0; r < 3; r++) {
			one.push(await appendsPerSecond(GROUP_N[synchronous], waiting, 1));
			fifty.push(await appendsPerSecond(GROUP_N[synchronous], waiting, 50));
		}
		const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!.toFixed(0);
		console.log(`| ${onPostgres ? 'PostgreSQL' : synchronous} | ${waiting} | ${median(one)} | ${median(fifty)} |`);
	}
}
await db.destroy();
rmSync(dir, { recursive: true, force: true });
