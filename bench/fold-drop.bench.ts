/**
 * What a fold's write holds the event loop for (issue 14): a big board's snapshot written with
 * its folded log rows deleted in the same transaction (as before) against `BoardStore.snapshot`,
 * which writes the snapshot in one transaction and deletes the folded rows a chunk to a
 * transaction (`dropFolded`). SQLite is synchronous, so a transaction's time is time the hub
 * serves nobody. No build needed: `npm run bench -- fold-drop`.
 *
 * The log: FOLD_DROP_ROWS (40,000) rows of 300 bytes, about a 10,000-note board's log at the
 * fold threshold; the snapshot 12 MB. The longest turn is measured by an immediate that re-arms
 * itself while the write runs: the longest gap between two of its runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqlBoardStore } from '../src/lib/server/collab/board-store.ts';
import { createLocalBoardOwnership } from '../src/lib/server/collab/ownership.ts';
import { migrateToLatest } from '../src/lib/server/db/migrate.ts';
import { openDatabase } from '../src/lib/server/db/open.ts';
import { createProject, listBoards } from '../src/lib/server/projects/projects.ts';
import { createUser } from '../src/lib/server/auth/users.ts';

const ROWS = Number(process.env.FOLD_DROP_ROWS ?? 40_000);
const REPEATS = 3;

const dir = mkdtempSync(join(tmpdir(), 'prachalab-fold-'));
const db = openDatabase(join(dir, 'bench.db'));
await migrateToLatest(db);
const user = await createUser(db, { email: 'bench@example.test', name: 'bench', role: 'facilitator', password: 'a long bench passphrase 2569' });
const project = await createProject(db, { title: 'ทดสอบการพับ', challenge: 'การพับบันทึกของบอร์ดใหญ่', agency: 'ห้องทดลอง', tags: '' }, user);
const boardId = (await listBoards(db, project.id))[0]!.id;
const lease = await createLocalBoardOwnership(db).acquire(boardId);
const store = createSqlBoardStore(db);
const row = new Uint8Array(300).fill(7);
const snapshot = new Uint8Array(12_000_000).fill(3);

async function fillLog(): Promise<number> {
	let last = 0;
	for (let i = 0; i < ROWS; i += 500) {
		const rows = await db
			.insertInto('board_updates')
			.values(Array.from({ length: Math.min(500, ROWS - i) }, () => ({ board_id: boardId, data: row, created_at: Date.now(), epoch: lease.epoch })))
			.returning('seq')
			.execute();
		last = Number(rows.at(-1)!.seq);
	}
	return last;
}

/** Runs `write`; returns its time and the longest turn of the event loop meanwhile, in ms. */
async function measure(write: () => Promise<void>): Promise<{ total: number; longest: number }> {
	let longest = 0;
	let last = performance.now();
	let running = true;
	const tick = () => {
		const now = performance.now();
		longest = Math.max(longest, now - last);
		last = now;
		if (running) setImmediate(tick);
	};
	setImmediate(tick);
	const started = performance.now();
	await write();
	const total = performance.now() - started;
	running = false;
	longest = Math.max(longest, performance.now() - last);
	return { total, longest };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: Record<string, { total: number[]; longest: number[] }> = {
	'one transaction (before)': { total: [], longest: [] },
	'snapshot, then chunks': { total: [], longest: [] }
};
for (let i = 0; i < REPEATS; i++) {
	let lastSeq = await fillLog();
	const before = await measure(() =>
		db.transaction().execute(async (trx) => {
			await trx.updateTable('board_leases').set({ epoch: lease.epoch }).where('board_id', '=', boardId).where('epoch', '=', lease.epoch).execute();
			await trx
				.insertInto('board_snapshots')
				.values({ board_id: boardId, state: snapshot, last_seq: lastSeq, updated_at: Date.now() })
				.onConflict((oc) => oc.column('board_id').doUpdateSet({ state: snapshot, last_seq: lastSeq, updated_at: Date.now() }))
				.execute();
			await trx.deleteFrom('board_updates').where('board_id', '=', boardId).where('seq', '<=', lastSeq).where('epoch', '<=', lease.epoch).execute();
		})
	);
	results['one transaction (before)']!.total.push(before.total);
	results['one transaction (before)']!.longest.push(before.longest);
	lastSeq = await fillLog();
	const now = await measure(() => store.snapshot(boardId, lease.epoch, snapshot, lastSeq));
	results['snapshot, then chunks']!.total.push(now.total);
	results['snapshot, then chunks']!.longest.push(now.longest);
}

console.log(
	`a fold of ${ROWS.toLocaleString('en')} logged rows (300 bytes each) and a 12 MB snapshot, SQLite file in WAL, Node ${process.version}; medians of ${REPEATS}:`
);
for (const [name, r] of Object.entries(results)) {
	console.log(
		`  ${name.padEnd(26)} whole write ${median(r.total).toFixed(1)} ms   longest turn of the event loop ${median(r.longest).toFixed(1)} ms`
	);
}
await db.destroy();
rmSync(dir, { recursive: true, force: true });
