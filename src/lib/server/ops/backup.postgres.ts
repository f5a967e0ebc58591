import { spawn } from 'node:child_process';

/**
 * The PostgreSQL half of backups (ops/backup.ts): the stock client tools, `pg_dump` and
 * `pg_restore` (Debian's postgresql-client, the server's major version or newer). A dump is
 * logical and taken in one snapshot: consistent while the app writes, and holding no row that
 * was deleted before it began.
 */

export { isPostgresUrl } from '../db/open.ts';

/** The URL without its password, and the password for PGPASSWORD: a command line is visible to every local user. */
function connection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
	const parsed = new URL(url);
	const password = decodeURIComponent(parsed.password);
	parsed.password = '';
	return { dbname: parsed.toString(), env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env } };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', (error) =>
			reject(new Error(`could not run ${command} (install PostgreSQL's client tools: apt-get install postgresql-client)`, { cause: error }))
		);
		child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed (${code}): ${stderr.trim()}`))));
	});
}

/** `pg_dump --format=custom` of the database at `url` into `out`. */
export async function backupPostgres(url: string, out: string): Promise<void> {
	const { dbname, env } = connection(url);
	await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${out}`, `--dbname=${dbname}`], env);
}

/** Replaces the tables of the database at `url` with the dump's, in one transaction (all or nothing). */
export async function restorePostgres(url: string, dump: string): Promise<void> {
	const { dbname, env } = connection(url);
	await run(
		'pg_restore',
		['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${dbname}`, dump],
		env
	);
}
