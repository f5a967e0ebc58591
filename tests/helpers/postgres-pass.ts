/**
 * `npm run test:postgres`: the vitest suite again, on the PostgreSQL server of DATABASE_URL
 * (each test gets a database of its own, see tests/helpers/postgres.ts). Without a postgres
 * URL it says so and does nothing: `npm test` then runs on SQLite alone (CI always sets one).
 *
 * More workers than on SQLite: a test on PostgreSQL spends much of its time waiting for the
 * server, another test's work fills that wait.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { isPostgresUrl } from '../../src/lib/server/db/open.ts';

const url = process.env.DATABASE_URL ?? '';
if (!isPostgresUrl(url)) {
	console.log('vitest on PostgreSQL: not run, DATABASE_URL is not a postgres:// URL (.ci/run provides one)');
	process.exit(0);
}
const workers = process.env.VITEST_MAX_WORKERS ?? String(Math.max(2, availableParallelism()));
const result = spawnSync('npx', ['vitest', 'run', `--maxWorkers=${workers}`, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
