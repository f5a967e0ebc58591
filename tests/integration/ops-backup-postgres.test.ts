/**
 * `npm run backup` and `npm run restore` on PostgreSQL: pg_dump's one-snapshot dump and a restore
 * that replaces the tables in one transaction, against the real server of DATABASE_URL: this file
 * runs in the PostgreSQL pass of the tests (`npm run test:postgres`). The databases are made for
 * the test with psql and dropped after it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from './ops-helpers.ts';

const base = process.env.DATABASE_URL!;
const run = randomBytes(4).toString('hex');
const names = { live: `ops_backup_${run}_live`, restored: `ops_backup_${run}_restored` };
const dir = mkdtempSync(join(tmpdir(), 'prachalab-pg-backup-'));

function urlOf(database: string): string {
	const url = new URL(base);
	url.pathname = `/${database}`;
	return url.toString();
}

/** Runs SQL through psql (no pg driver needed); resolves with what it printed, unaligned. */
function psql(url: string, sql: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn('psql', ['--no-psqlrc', '--quiet', '--tuples-only', '--no-align', '--set=ON_ERROR_STOP=1', `--dbname=${url}`], {
			stdio: ['pipe', 'pipe', 'pipe']
		});
		let out = '';
		let err = '';
		child.stdout.on('data', (c: Buffer) => (out += c.toString()));
		child.stderr.on('data', (c: Buffer) => (err += c.toString()));
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`psql failed (${code}): ${err}`))));
		child.stdin.end(sql);
	});
}

/** A dump as SQL text (pg_restore to stdout), to look inside it. */
function dumpText(file: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn('pg_restore', ['--file=-', file], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (c: Buffer) => (out += c.toString()));
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`pg_restore failed (${code})`))));
	});
}

beforeAll(async () => {
	await psql(base, `create database ${names.live}; create database ${names.restored};`);
	await psql(
		urlOf(names.live),
		`create table feedback_responses (id text primary key, body text not null, data bytea);
		 insert into feedback_responses values ('kept', 'ความเห็นที่ยังอยู่', '\\x00ff10'), ('gone', 'ข้อความที่ถอนแล้ว withdrawn-${run}', null);
		 delete from feedback_responses where id = 'gone';`
	);
	// Something to be replaced: the restore must leave only the backup's rows.
	await psql(
		urlOf(names.restored),
		`create table feedback_responses (id text primary key, body text not null, data bytea); insert into feedback_responses values ('stale', 'เก่า', null);`
	);
});

afterAll(async () => {
	await psql(base, `drop database if exists ${names.live} with (force); drop database if exists ${names.restored} with (force);`);
	rmSync(dir, { recursive: true, force: true });
});

describe('backups on PostgreSQL', () => {
	it('dump the database and the attachments, without what was deleted before, and restore them in place of what was there', async () => {
		const attachments = join(dir, 'attachments');
		mkdirSync(attachments);
		writeFileSync(join(attachments, 'abc123.pdf'), '%PDF-1.4 storyboard');
		const made = await runScript('backup', [join(dir, 'backups')], { DATABASE_URL: urlOf(names.live), ATTACHMENTS_DIR: attachments });
		expect(made.stderr).toBe('');
		expect(made.code).toBe(0);
		const backup = made.stdout.trim().split('\n').at(-1)!;
		const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8'));
		expect(manifest).toMatchObject({ database: 'postgres', databaseFile: 'database.pgdump', attachments: 1 });
		const text = await dumpText(join(backup, 'database.pgdump'));
		expect(text).toContain('ความเห็นที่ยังอยู่');
		expect(text).not.toContain(`withdrawn-${run}`);

		const restoredFiles = join(dir, 'restored-attachments');
		const restored = await runScript('restore', [backup], { DATABASE_URL: urlOf(names.restored), ATTACHMENTS_DIR: restoredFiles });
		expect(restored.stderr).toBe('');
		expect(restored.code).toBe(0);
		expect(
			await psql(urlOf(names.restored), `select id || ' ' || body || ' ' || coalesce(encode(data, 'hex'), '-') from feedback_responses order by id`)
		).toBe('kept ความเห็นที่ยังอยู่ 00ff10');
		expect(readFileSync(join(restoredFiles, 'abc123.pdf'), 'utf8')).toBe('%PDF-1.4 storyboard');
	});

	it('refuses to restore a PostgreSQL backup into SQLite', async () => {
		const made = await runScript('backup', [join(dir, 'more')], { DATABASE_URL: urlOf(names.live), ATTACHMENTS_DIR: join(dir, 'none') });
		expect(made.code).toBe(0);
		const refused = await runScript('restore', [made.stdout.trim().split('\n').at(-1)!], { DATABASE_URL: join(dir, 'app.db') });
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/backup is of a postgres database/);
	});
});
