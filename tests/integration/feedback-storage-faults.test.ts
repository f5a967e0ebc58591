import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import type { StorageOrder } from '../helpers/storage-faults.preload.ts';
import { makeFeedbackFixture, type FeedbackFixture } from '../unit/feedback-fixtures.ts';
import { feedbackRows, fillableTokens, postForm, receiptCookie } from './feedback-helpers.ts';

/**
 * When the storage refuses to write — a full disk, a database turned read-only — the citizen
 * is told so plainly, in their language, with every answer still in the form (plain HTML, no
 * script), and nothing half-written is stored; the same form goes through once the storage
 * is back. The server's own connection is put into the fault by a preloaded module
 * (tests/helpers/storage-faults.preload.ts: SQLite's page limit for a full disk, `query_only`
 * for read-only). And a server started on a database on a read-only file system says what is
 * wrong in one line, not a stack trace.
 */

let server: AppServer;
let db: DB;
let fx: FeedbackFixture;
let tokens: string[];
let orders = 0;

/** Puts the server's database into `order`'s state, and waits until it is. */
function storage(order: StorageOrder): Promise<void> {
	const id = ++orders;
	return new Promise((resolve, reject) => {
		const onMessage = (message: { id: number; ok: boolean; error?: string }) => {
			if (message.id !== id) return;
			server.child.off('message', onMessage);
			if (message.ok) resolve();
			else reject(new Error(message.error));
		};
		server.child.on('message', onMessage);
		server.child.send({ id, order });
	});
}

// The faults are SQLite's (see above): a server on a SQLite file, also in the PostgreSQL pass.
const databaseDir = mkdtempSync(join(tmpdir(), 'prachalab-faults-'));

beforeAll(async () => {
	server = await startAppServer({
		databasePath: join(databaseDir, 'app.db'),
		env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' },
		preload: './tests/helpers/storage-faults.preload.ts'
	});
	db = openDatabase(server.databasePath);
	fx = await makeFeedbackFixture(db, { english: true });
	tokens = await fillableTokens(server, fx.round.slug, 3);
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
	rmSync(databaseDir, { recursive: true, force: true });
});

// A long complaint, as people write them (near the 2,000-character limit, 5.6 KB in UTF-8): it
// takes more than a page of the database, so it needs pages a full disk does not have.
const complaint = `รอคิวตั้งแต่หกโมงเช้า ${'เจ้าหน้าที่ไม่พอ ต้องรอนานมาก '.repeat(62)}`.trim();

const answers = (token: string): [string, string][] => [
	['t', token],
	['via', 'web'],
	['website', ''],
	[fx.field.rating, '2'],
	[fx.field.text, complaint]
];

describe('the public form when the storage refuses to write', () => {
	it('tells a citizen the storage is full, in Thai and in English, keeps every answer in the form, and takes it once there is room', async () => {
		const before = await feedbackRows(db);
		await storage('full');
		try {
			const thai = await postForm(server, `/f/${fx.round.slug}`, answers(tokens[0]!), { from: '127.0.2.1' });
			expect(thai.status).toBe(503);
			expect(thai.body).toContain('พื้นที่จัดเก็บข้อมูลของเราเต็ม');
			expect(thai.body).not.toMatch(/<script/i);
			expect(thai.body).toContain(complaint.slice(0, 60));
			expect(thai.body).toMatch(/value="2"[^>]*checked|checked[^>]*value="2"/);
			expect(thai.body).toContain(`name="t" value="${tokens[0]}"`);
			const english = await postForm(server, `/f/${fx.round.slug}`, answers(tokens[0]!), { from: '127.0.2.1', headers: { cookie: 'lang=en' } });
			expect(english.status).toBe(503);
			expect(english.body).toContain('our storage is full');
			expect(english.body).toContain(complaint.slice(0, 60));
			expect(receiptCookie(thai)).toBeNull();
		} finally {
			await storage('heal');
		}
		expect(await feedbackRows(db)).toEqual(before);
		const again = await postForm(server, `/f/${fx.round.slug}`, answers(tokens[0]!), { from: '127.0.2.1' });
		expect(again.status).toBe(303);
		expect(receiptCookie(again)).not.toBeNull();
		expect((await feedbackRows(db)).responses).toBe(before.responses + 1);
	});

	it('tells a citizen the database is read-only, keeps their answers, and does not pretend a withdrawal worked', async () => {
		const stored = await postForm(server, `/f/${fx.round.slug}`, answers(tokens[1]!), { from: '127.0.2.2' });
		const receipt = receiptCookie(stored)!;
		const before = await feedbackRows(db);
		await storage('read-only');
		try {
			const sent = await postForm(server, `/f/${fx.round.slug}`, answers(tokens[2]!), { from: '127.0.2.2' });
			expect(sent.status).toBe(503);
			expect(sent.body).toContain('ฐานข้อมูลของเราเปิดให้อ่านได้อย่างเดียว');
			expect(sent.body).toContain(complaint.slice(0, 60));
			const withdraw = await postForm(
				server,
				'/f/receipt?/withdraw',
				[
					['code', receipt],
					['confirm', 'yes']
				],
				{ from: '127.0.2.2' }
			);
			expect(withdraw.status).toBe(503);
			expect(withdraw.body).toContain('ขณะนี้ลบความคิดเห็นไม่ได้');
		} finally {
			await storage('heal');
		}
		expect(await feedbackRows(db)).toEqual(before);
	});
});

describe('starting on a database that cannot be written', () => {
	it('says what is wrong in one line when the database is on a read-only file system', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'prachalab-ro-'));
		try {
			const path = join(dir, 'app.db');
			const seed = openDatabase(path);
			await migrateToLatest(seed);
			await seed.destroy();
			// As root, file permissions stop nothing: the folder is bind-mounted read-only in a
			// mount namespace of the server's own (unshare), which is what a read-only volume is.
			const child = spawn(
				'unshare',
				['--user', '--map-root-user', '--mount', 'sh', '-c', 'mount --bind -o ro "$DIR" "$DIR" && exec "$NODE" server/index.ts'],
				{
					env: { ...process.env, DIR: dir, NODE: process.execPath, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: path, PRACHALAB_QUIET: '1' },
					stdio: ['ignore', 'pipe', 'pipe']
				}
			);
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
			child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
			expect(code).toBe(1);
			expect(stdout).not.toMatch(/listening/);
			const lines = stderr.trim().split('\n');
			expect(lines).toHaveLength(1);
			expect(lines[0]).toContain(path);
			expect(lines[0]).toContain('read-only file system');
			expect(lines[0]).not.toMatch(/\bat .+:\d+:\d+/);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
