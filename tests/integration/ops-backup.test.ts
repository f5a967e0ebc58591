/**
 * `npm run backup` and `npm run restore` on SQLite against the real production server (the last build):
 * a backup taken while a client writes to a board and citizens submit feedback brings back, in a
 * fresh server, everything acknowledged before it began; and no backup holds what a citizen
 * withdrew before it, neither the response's words, its contact details, nor the note it had
 * become on a board.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { attachmentDirectory } from '../../src/lib/server/files/attachments.ts';
import { createFileBlobStore } from '../../src/lib/server/files/blob-store.ts';
import { addAttachments } from '../../src/lib/server/prototypes/versions.ts';
import { checkSubmission, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { findTestBoard } from '../../src/lib/server/feedback/to-board.ts';
import { listNotes } from '../../src/lib/board/index.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeFeedbackFixture } from '../unit/feedback-fixtures.ts';
import { connectClient, demoBoardSession, until, type Client } from './collab-harness.ts';
import { fillableTokens, postForm, receiptCookie } from './feedback-helpers.ts';
import { noteIds, runScript, writeNotes } from './ops-helpers.ts';

const servers: AppServer[] = [];
const clients: Client[] = [];
const dbs: DB[] = [];
const dirs: string[] = [];

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	for (const db of dbs.splice(0)) await db.destroy();
	for (const s of servers.splice(0)) {
		await s.stop();
		s.cleanup();
	}
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'prachalab-ops-'));
	dirs.push(dir);
	return dir;
}

/** A server on a SQLite file, whichever database the other tests use (ops-backup-postgres.test.ts has PostgreSQL's). */
async function start(databasePath = join(tempDir(), 'app.db')): Promise<AppServer> {
	const server = await startAppServer({ databasePath });
	servers.push(server);
	return server;
}

function join_(server: AppServer, boardId: string, cookie: string): Client {
	const client = connectClient(`ws://localhost:${server.port}/collab`, boardId, { cookie, origin: server.url });
	clients.push(client);
	return client;
}

async function backup(databasePath: string, into: string): Promise<string> {
	const run = await runScript('backup', [into], { DATABASE_URL: databasePath });
	expect(run.stderr).toBe('');
	expect(run.code).toBe(0);
	return run.stdout.trim().split('\n').at(-1)!;
}

/** Every file under `dir`, as bytes. */
function filesUnder(dir: string): Buffer[] {
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.map((name) => join(dir, name))
		.filter((path) => statSync(path).isFile())
		.map((path) => readFileSync(path));
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('npm run backup and npm run restore', () => {
	it('back up while a board is written and citizens submit; a restore into a fresh server has everything acknowledged before', async () => {
		const live = await start();
		const db = openDatabase(live.databasePath);
		dbs.push(db);
		const fx = await makeFeedbackFixture(db);
		// An attachment, in the directory beside the database.
		const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(4096)]);
		await addAttachments(
			db,
			fx.prototypeId,
			fx.versionId,
			[
				{
					name: 'storyboard.pdf',
					size: pdf.byteLength,
					arrayBuffer: async () => pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.byteLength) as ArrayBuffer
				}
			],
			{
				blobs: createFileBlobStore(attachmentDirectory(live.databasePath)),
				userId: fx.facilitator.id
			}
		);
		const { cookie, boardId, userId } = await demoBoardSession(live.databasePath, 'facilitator@prachalab.test', 'ideate');
		const writer = join_(live, boardId, cookie);
		const watcher = join_(live, boardId, cookie);
		await Promise.all([writer.synced(), watcher.synced()]);
		// Each form is taken once: forms are served ahead, each sent once a person could have filled it in.
		const forms = await fillableTokens(live, fx.round.slug, 400);

		// Citizens keep submitting, each from an address of their own; a 303 with a receipt is the acknowledgement.
		const receipts: string[] = [];
		let submitting = true;
		const citizens = (async () => {
			for (let n = 0; submitting && n < forms.length; n++) {
				const sent = await postForm(
					live,
					`/f/${fx.round.slug}`,
					[
						['t', forms[n]!],
						['via', 'web'],
						['website', ''],
						[fx.field.rating, String((n % 5) + 1)],
						[fx.field.text, `ความเห็นที่ ${n}`]
					],
					{ from: `127.0.${10 + Math.floor(n / 200)}.${(n % 200) + 1}` }
				);
				expect(sent.status).toBe(303);
				receipts.push(receiptCookie(sent)!);
			}
		})();
		const notes = writeNotes(writer, 'online-backup', userId);
		await until(() => noteIds(watcher.doc, 'online-backup').size >= 100 && receipts.length >= 5, 'writing and submitting are under way');

		// Acknowledged before the backup begins: relayed to another client, or answered with a receipt.
		const acknowledgedNotes = noteIds(watcher.doc, 'online-backup');
		const acknowledgedReceipts = [...receipts];
		const backupsDir = tempDir();
		const dir = await backup(live.databasePath, backupsDir);
		// It really ran alongside: writes went on while it did.
		const writtenDuring = noteIds(watcher.doc, 'online-backup').size - acknowledgedNotes.size;
		submitting = false;
		await citizens;
		await notes.stop();
		expect(writtenDuring).toBeGreaterThan(0);
		expect(readdirSync(backupsDir)).toEqual([dir.split('/').at(-1)]);
		const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
		expect(manifest).toMatchObject({ app: 'prachalab', database: 'sqlite', attachments: 1, missingAttachments: [] });

		// Restore into a new place, as the README says, and serve it.
		const fresh = join(tempDir(), 'restored.db');
		const restore = await runScript('restore', [dir], { DATABASE_URL: fresh });
		expect(restore.stderr).toBe('');
		expect(restore.code).toBe(0);
		const restored = await start(fresh);
		const reader = join_(restored, boardId, cookie);
		await reader.synced();
		const recovered = noteIds(reader.doc, 'online-backup');
		expect([...acknowledgedNotes].filter((id) => !recovered.has(id))).toEqual([]);
		for (const [i, receipt] of acknowledgedReceipts.entries()) {
			const shown = await postForm(restored, '/f/receipt?/show', [['code', receipt]], { from: `127.0.9.${i + 1}` });
			expect(shown.status, `receipt ${receipt}`).toBe(200);
		}
		const restoredDb = openDatabase(fresh);
		dbs.push(restoredDb);
		const attachment = await restoredDb.selectFrom('prototype_attachments').select(['storage_name', 'sha256']).executeTakeFirstOrThrow();
		const bytes = readFileSync(join(attachmentDirectory(fresh), attachment.storage_name));
		expect(sha256(bytes)).toBe(sha256(pdf));
		expect(attachment.sha256).toBe(sha256(pdf));
	}, 180_000);

	it('holds nothing a citizen withdrew before it: not the words, not the contact details, not the note on the board', async () => {
		const live = await start();
		const db = openDatabase(live.databasePath);
		dbs.push(db);
		const fx = await makeFeedbackFixture(db, { collectContact: true });
		const staff = `session=${(await createSession(db, fx.facilitator.id)).token}`;
		const tag = randomBytes(4).toString('hex');
		const kept = { text: `คำชมที่ยังอยู่ keptword${tag}` };
		const gone = {
			text: `ข้อร้องเรียนที่ถอนแล้ว gonephrase${tag}`,
			email: `withdrawn-${tag}@example.test`,
			phone: `089${tag.slice(0, 7).replace(/\D/g, '7').padEnd(7, '7')}`
		};
		const store = async (pairs: [string, string][]) => {
			const checked = checkSubmission(fx.round, fx.questions, fieldsFrom(new URLSearchParams(pairs)));
			return storeResponse(db, fx.round, checked, { channel: 'web', locale: 'th', enteredBy: null, consentText: 'ยินยอม', requireOpen: true });
		};
		const keptResponse = await store([
			[fx.field.rating, '5'],
			[fx.field.text, kept.text]
		]);
		const goneResponse = await store([
			[fx.field.rating, '1'],
			[fx.field.text, gone.text],
			['contact_name', 'ผู้ถอน'],
			['contact_email', gone.email],
			['contact_phone', gone.phone],
			['consent', 'yes']
		]);
		// Both become notes on the Test board, and the board is open in a client meanwhile.
		const boardId = (await findTestBoard(db, fx.projectId))!;
		const client = join_(live, boardId, staff);
		await client.synced();
		const toBoard = await postForm(
			live,
			`/projects/${fx.projectId}/feedback/${fx.round.id}/responses?/board`,
			[
				['ids', keptResponse.id],
				['ids', goneResponse.id]
			],
			{ headers: { cookie: staff } }
		);
		expect(toBoard.status).toBe(200);
		await until(() => listNotes(client.doc).filter((n) => n.source?.kind === 'feedback').length === 2, 'both notes are on the board');

		const withdrawn = await postForm(live, '/f/receipt?/withdraw', [
			['code', goneResponse.receipt],
			['confirm', 'yes']
		]);
		expect(withdrawn.status).toBe(200);
		await until(() => listNotes(client.doc).filter((n) => n.source?.kind === 'feedback').length === 1, 'the withdrawn note leaves the board');

		const dir = await backup(live.databasePath, tempDir());
		// A page copy through SQLite's backup API, as `sqlite3 .backup` would make it.
		const pageCopy = join(tempDir(), 'page-copy.db');
		const source = new SQLite(live.databasePath);
		await source.backup(pageCopy);
		source.close();

		for (const [what, files] of [
			['npm run backup', filesUnder(dir)],
			['a page copy', [readFileSync(pageCopy)]]
		] as const) {
			const has = (text: string) => files.some((bytes) => bytes.includes(Buffer.from(text, 'utf8')));
			// The scan finds what is still there...
			expect(has(`keptword${tag}`), `${what} holds the kept response`).toBe(true);
			// ...and nothing of what was withdrawn.
			for (const secret of [`gonephrase${tag}`, 'ข้อร้องเรียนที่ถอนแล้ว', gone.email, gone.phone]) {
				expect(has(secret), `${what} holds "${secret}"`).toBe(false);
			}
		}
	}, 180_000);

	it('refuses a directory that is not a backup, and a backup of the other kind of database', async () => {
		const notBackup = tempDir();
		const refused = await runScript('restore', [notBackup], { DATABASE_URL: join(tempDir(), 'x.db') });
		expect(refused.code).toBe(1);
		expect(refused.stderr).toMatch(/not a Prachalab backup/);
		const missing = await runScript('backup', [tempDir()], { DATABASE_URL: join(tempDir(), 'nothing-here.db') });
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/no database/);
	});
});
