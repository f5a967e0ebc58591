/**
 * The officials' portfolio at scale: loadPortfolio (every query the page makes, feedback
 * trends included) and the CSV of its rows, on a file database filled with N prototypes across
 * N/10 projects of 20 agencies — each with its status history, two versions with test plans,
 * tags, and 20 feedback responses over ten weeks. `node bench/portfolio.bench.ts [N…]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../src/lib/server/db/open.ts';
import { migrateToLatest } from '../src/lib/server/db/migrate.ts';
import { loadPortfolio } from '../src/lib/server/portfolio/portfolio.ts';
import { toCsv } from '../src/lib/server/export/csv.ts';
import { STATUS_PATH } from '../src/lib/domain/prototype-lifecycle.ts';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 24, 5);
const RUNS = 7;
const sizes = process.argv
	.slice(2)
	.map(Number)
	.filter((n) => n > 0);

let seed = 42;
const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;

async function insertAll<T>(db: DB, table: string, rows: T[]) {
	// SQLite binds at most 32766 parameters per statement.
	const columns = rows.length ? Object.keys(rows[0] as object).length : 1;
	const size = Math.floor(30000 / columns);
	for (let i = 0; i < rows.length; i += size) {
		await db
			.insertInto(table as never)
			.values(rows.slice(i, i + size) as never)
			.execute();
	}
}

async function fill(db: DB, n: number) {
	const user = { id: 'u-bench', email: 'bench@example.test', name: 'ผู้ทดสอบ', role: 'facilitator', password_hash: null, created_at: NOW };
	await db.insertInto('users').values(user).execute();
	const projects = Array.from({ length: Math.max(1, n / 10) }, (_, i) => ({
		id: `p${i}`,
		title: `โครงการที่ ${i}`,
		challenge: 'โจทย์',
		agency: `หน่วยงานที่ ${i % 20}`,
		stage: pick(['empathize', 'ideate', 'prototype', 'test', 'implement']),
		created_by: user.id,
		created_at: NOW - 200 * DAY,
		updated_at: NOW - 10 * DAY
	}));
	await insertAll(db, 'projects', projects);
	const boards = projects.map((p) => ({ id: `b${p.id}`, project_id: p.id, stage: 'test', title: 'test', created_at: NOW }));
	await insertAll(db, 'boards', boards);
	const prototypes = [],
		tags = [],
		changes = [],
		versions = [],
		plans = [],
		rounds = [],
		responses = [];
	for (let i = 0; i < n; i++) {
		const reached = Math.floor(rand() * STATUS_PATH.length);
		const dropped = rand() < 0.15;
		const status = dropped ? 'dropped' : STATUS_PATH[reached]!;
		const updated = NOW - Math.floor(rand() * 60) * DAY;
		const id = `t${i}`;
		prototypes.push({
			id,
			project_id: `p${i % projects.length}`,
			title: `ต้นแบบ ${i}`,
			summary: 'คำอธิบาย',
			audience: 'ประชาชน',
			learning_goal: 'เรียนรู้',
			owner_id: user.id,
			fidelity: 'paper',
			status,
			status_changed_at: updated,
			created_by: user.id,
			created_at: NOW - 90 * DAY,
			updated_at: updated
		});
		tags.push({ prototype_id: id, tag: `แท็ก ${i % 30}` }, { prototype_id: id, tag: 'คิว' });
		for (let s = 0; s <= reached; s++)
			changes.push({
				id: `c${i}-${s}`,
				prototype_id: id,
				from_status: s ? STATUS_PATH[s - 1]! : null,
				to_status: STATUS_PATH[s]!,
				reason: 'ต่อไป',
				changed_by: user.id,
				changed_at: NOW - (80 - s * 10) * DAY
			});
		if (dropped)
			changes.push({
				id: `c${i}-d`,
				prototype_id: id,
				from_status: STATUS_PATH[reached]!,
				to_status: 'dropped',
				reason: 'ยุติ',
				changed_by: user.id,
				changed_at: updated
			});
		for (let v = 1; v <= 2; v++) {
			versions.push({
				id: `v${i}-${v}`,
				prototype_id: id,
				number: v,
				changes: 'เปลี่ยน',
				rationale: 'เพราะ',
				created_by: user.id,
				created_at: NOW - (70 - v * 20) * DAY
			});
			plans.push({
				id: `pl${i}-${v}`,
				version_id: `v${i}-${v}`,
				hypotheses: 'ส',
				success_criteria: 'ก',
				target_group: 'ก',
				method: 'ว',
				starts_on: '2026-10-01',
				ends_on: v === 2 && rand() < 0.3 ? '2026-11-01' : '2026-12-31',
				created_by: user.id,
				created_at: NOW - 30 * DAY,
				updated_at: NOW - 30 * DAY
			});
		}
		rounds.push({
			id: `r${i}`,
			prototype_id: id,
			version_id: `v${i}-2`,
			slug: `s${i}`,
			title_th: 'รอบที่ 1',
			purpose_th: 'ปรับปรุง',
			languages: 'th',
			opens_at: NOW - 70 * DAY,
			closes_at: NOW,
			contact_retention_days: 30,
			created_at: NOW - 70 * DAY,
			updated_at: NOW - 70 * DAY
		});
		for (let k = 0; k < 20; k++) {
			responses.push({
				id: `f${i}-${k}`,
				round_id: `r${i}`,
				receipt_hash: `h${i}-${k}`,
				channel: 'web',
				locale: 'th',
				status: k % 10 === 0 ? 'spam' : 'new',
				rating: 1 + Math.floor(rand() * 5),
				submitted_at: NOW - Math.floor(rand() * 70) * DAY
			});
		}
	}
	await insertAll(db, 'prototypes', prototypes);
	await insertAll(db, 'prototype_tags', tags);
	await insertAll(db, 'prototype_status_changes', changes);
	await insertAll(db, 'prototype_versions', versions);
	await insertAll(db, 'prototype_test_plans', plans);
	await insertAll(db, 'feedback_rounds', rounds);
	await insertAll(db, 'feedback_responses', responses);
	return { responses: responses.length };
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(work: () => Promise<unknown>): Promise<number> {
	await work(); // warm the page cache and the statement cache
	const runs: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const started = performance.now();
		await work();
		runs.push(performance.now() - started);
	}
	return median(runs);
}

console.log(`loadPortfolio on a file database (WAL), median of ${RUNS} after one warm-up:`);
for (const n of sizes.length ? sizes : [500, 2000, 5000]) {
	const dir = mkdtempSync(join(tmpdir(), 'prachalab-bench-'));
	const db = openDatabase(join(dir, 'bench.db'));
	await migrateToLatest(db);
	const { responses } = await fill(db, n);
	const all = await time(() => loadPortfolio(db, {}, { now: NOW }));
	const agency = await time(() => loadPortfolio(db, { agency: 'หน่วยงานที่ 3' }, { now: NOW }));
	const attention = await time(() => loadPortfolio(db, { attention: true }, { now: NOW }));
	const { items } = await loadPortfolio(db, {}, { now: NOW });
	const csv = await time(async () =>
		toCsv(
			[
				{ header: 'title', value: (i: (typeof items)[number]) => i.title },
				{ header: 'status', value: (i) => i.status },
				{ header: 'agency', value: (i) => i.agency },
				{ header: 'responses', value: (i) => i.feedbackResponses }
			],
			items
		)
	);
	console.log(
		`  ${String(n).padStart(5)} prototypes, ${String(responses).padStart(6)} responses: all ${all.toFixed(1)} ms · one agency ${agency.toFixed(1)} ms · needs attention ${attention.toFixed(1)} ms · CSV of all ${csv.toFixed(1)} ms`
	);
	await db.destroy();
	if (process.env.KEEP_BENCH_DB) console.log(`  kept ${join(dir, 'bench.db')}`);
	else rmSync(dir, { recursive: true, force: true });
}
