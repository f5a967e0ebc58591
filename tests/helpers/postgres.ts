import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrations } from '../../migrations/index.ts';
import { isPostgresUrl, openDatabase } from '../../src/lib/server/db/open.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';

/**
 * Fresh PostgreSQL databases for tests, when `DATABASE_URL` is a postgres URL (it names the
 * maintenance database to connect to; the user must be allowed to create databases).
 *
 * Every migration runs once, into a template database named after the migrations' own source;
 * each test database is then a copy of it (`CREATE DATABASE … TEMPLATE`, ~30 ms), not a run of
 * forty DDL statements. Test databases are named `pltest_<run>_…`: the vitest global setup
 * (tests/helpers/postgres-setup.ts) drops a run's databases when it ends, and those of runs
 * that died more than six hours ago.
 */

export const TEST_DATABASE_PREFIX = 'pltest_';
const RUN_VARIABLE = 'PRACHALAB_TEST_RUN';

/** The PostgreSQL server tests use, or null to use SQLite. */
export function testPostgresUrl(): string | null {
	const url = process.env.DATABASE_URL;
	return url && isPostgresUrl(url) ? url : null;
}

/** A run id: when it started (base 36 seconds, so old runs can be recognised) and a random part. */
export function newRunId(): string {
	return `${Math.floor(Date.now() / 1000).toString(36)}_${randomBytes(3).toString('hex')}`;
}

function runId(): string {
	// The global setup sets it before the workers start; a script without it has a run of its own.
	process.env[RUN_VARIABLE] ??= newRunId();
	return process.env[RUN_VARIABLE];
}

export function setRunId(id: string): void {
	process.env[RUN_VARIABLE] = id;
}

/** The URL of database `name` on the server of `base`. */
export function databaseUrl(base: string, name: string): string {
	const url = new URL(base);
	url.pathname = `/${name}`;
	return url.toString();
}

/** Runs `work` with a plain client on the maintenance database (CREATE/DROP DATABASE live outside transactions). */
export async function withAdminClient<T>(base: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ connectionString: base });
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
}

function templateName(): string {
	const source = Object.entries(migrations)
		.map(([name, m]) => `${name}\n${m.up.toString()}\n${m.down?.toString() ?? ''}`)
		.join('\n');
	return `pltpl_${createHash('sha256').update(source).digest('hex').slice(0, 16)}`;
}

let template: Promise<string> | null = null;

/** The migrated template database, built once by whichever process gets there first. */
function ensureTemplate(base: string): Promise<string> {
	template ??= withAdminClient(base, async (client) => {
		const name = templateName();
		await client.query('select pg_advisory_lock(hashtextextended($1, 0))', ['prachalab test template']);
		try {
			const found = await client.query('select 1 from pg_database where datname = $1', [name]);
			if (found.rowCount === 0) {
				// Built under another name and renamed when complete: nobody copies a half-built one.
				const building = `${name}_b${randomBytes(3).toString('hex')}`;
				await client.query(`create database "${building}"`);
				const db = openDatabase(databaseUrl(base, building), { poolSize: 1 });
				try {
					await migrateToLatest(db);
				} finally {
					await db.destroy();
				}
				await client.query(`alter database "${building}" rename to "${name}"`);
			}
		} finally {
			await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', ['prachalab test template']);
		}
		return name;
	});
	template.catch(() => (template = null));
	return template;
}

let counter = 0;
const spares = new Map<string, Promise<string>[]>();

function newDatabaseName(): string {
	counter += 1;
	return `${TEST_DATABASE_PREFIX}${runId()}_${process.pid}_${counter}`;
}

async function createFromTemplate(base: string): Promise<string> {
	const source = await ensureTemplate(base);
	const name = newDatabaseName();
	await adminQuery(base, `create database "${name}" template "${source}"`);
	return databaseUrl(base, name);
}

/** A new database without any table (dropped with the run's others); returns its URL. */
export async function createEmptyTestDatabase(base: string): Promise<string> {
	const name = newDatabaseName();
	await adminQuery(base, `create database "${name}"`);
	return databaseUrl(base, name);
}

/**
 * A new, fully migrated database; returns its URL. The next one is made while the caller's
 * test runs (a copy takes ~30–100 ms, most tests longer), so a suite waits for few of them.
 */
export async function createTestDatabase(base: string): Promise<string> {
	let queue = spares.get(base);
	if (!queue) spares.set(base, (queue = []));
	const next = queue.shift() ?? createFromTemplate(base);
	const spare = createFromTemplate(base);
	// Failures surface when the spare is taken, not as an unhandled rejection now.
	spare.catch(() => {});
	queue.push(spare);
	return next;
}

const adminPools = new Map<string, pg.Pool>();

/** One statement on the maintenance database, over a small pool of this process's own. */
async function adminQuery(base: string, text: string): Promise<void> {
	let pool = adminPools.get(base);
	if (!pool) {
		pool = new pg.Pool({ connectionString: base, max: 2, idleTimeoutMillis: 2000, allowExitOnIdle: true });
		pool.on('error', () => {});
		adminPools.set(base, pool);
	}
	await pool.query(text);
}

/** Drops the databases of one run (`run`), or of every run that started before `olderThanSeconds` ago. */
export async function dropTestDatabases(base: string, which: { run: string } | { olderThanSeconds: number }): Promise<number> {
	return withAdminClient(base, async (client) => {
		const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datname like $1', [`${TEST_DATABASE_PREFIX}%`]);
		const now = Date.now() / 1000;
		const doomed = rows
			.map((r) => r.datname)
			.filter((name) => {
				if ('run' in which) return name.startsWith(`${TEST_DATABASE_PREFIX}${which.run}_`);
				const started = parseInt(name.slice(TEST_DATABASE_PREFIX.length).split('_')[0] ?? '', 36);
				return Number.isFinite(started) && now - started > which.olderThanSeconds;
			});
		for (const name of doomed) await client.query(`drop database if exists "${name}" with (force)`);
		return doomed.length;
	});
}
