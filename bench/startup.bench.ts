/**
 * Start-up time of the production server on an empty database (migrations + demo seed + listen),
 * and on the same database once it exists. Needs `npm run build`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAppServer } from '../tests/helpers/app-server.ts';

const RUNS = 5;

async function timeStart(databasePath: string): Promise<number> {
	const started = performance.now();
	const server = await startAppServer({ databasePath });
	const res = await fetch(`${server.url}/login`);
	if (res.status !== 200) throw new Error(`login page answered ${res.status}`);
	const ms = performance.now() - started;
	await server.stop();
	return ms;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}

const empty: number[] = [];
const existing: number[] = [];
for (let i = 0; i < RUNS; i++) {
	const dir = mkdtempSync(join(tmpdir(), 'prachalab-bench-'));
	const db = join(dir, 'app.db');
	empty.push(await timeStart(db));
	existing.push(await timeStart(db));
	rmSync(dir, { recursive: true, force: true });
}
console.log(`process spawn → first page served, median of ${RUNS}:`);
console.log(`  empty database (migrate + demo seed): ${median(empty).toFixed(0)} ms`);
console.log(`  existing database:                    ${median(existing).toFixed(0)} ms`);
