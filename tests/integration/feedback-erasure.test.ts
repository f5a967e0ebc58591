import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createUser } from '../../src/lib/server/auth/users.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { checkSubmission, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { words as segmentWords } from '../../src/lib/server/feedback/thai-text.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeFeedbackFixture } from '../unit/feedback-fixtures.ts';
import { fillableToken, postForm, receiptCookie } from './feedback-helpers.ts';

/**
 * "Withdrawn" and "deleted after retention" mean gone from the files, not only from the
 * queries: the raw database file and its write-ahead log are read byte by byte, looking for
 * what a citizen wrote (whole, and word by word as the search index stores it) and for their
 * contact details, while the server that deleted them is still running.
 */

const DAY = 24 * 60 * 60 * 1000;
const dir = mkdtempSync(join(tmpdir(), 'prachalab-erasure-'));
const servers: AppServer[] = [];

afterAll(async () => {
	for (const server of servers) await server.stop();
	rmSync(dir, { recursive: true, force: true });
});

/** How many times each needle occurs in the database file and in its -wal file, as UTF-8 bytes. */
function occurrences(databasePath: string, needles: readonly string[]): Record<string, number> {
	const files = [databasePath, `${databasePath}-wal`].filter((path) => existsSync(path)).map((path) => readFileSync(path));
	const found: Record<string, number> = {};
	for (const needle of needles) {
		const bytes = Buffer.from(needle, 'utf8');
		let count = 0;
		for (const file of files) for (let at = file.indexOf(bytes); at >= 0; at = file.indexOf(bytes, at + 1)) count += 1;
		found[needle] = count;
	}
	return found;
}

const nothing = (needles: readonly string[]) => Object.fromEntries(needles.map((n) => [n, 0]));

/** A database with an account (so the server seeds no demo) and a round that takes contact details. */
async function prepare(name: string, options: Parameters<typeof makeFeedbackFixture>[1]) {
	const path = join(dir, `${name}.db`);
	const db = openDatabase(path);
	await migrateToLatest(db);
	await createUser(db, { email: `admin-${name}@example.test`, name: 'Admin', role: 'admin', password: 'bootstrap passphrase' });
	const fx = await makeFeedbackFixture(db, { collectContact: true, ...options });
	return { path, db, fx };
}

describe('erasure from the database files', () => {
	it('leaves none of a withdrawn response’s words or contact details in the database file or its log, nor of its note on the Test board', async () => {
		const { path, db, fx } = await prepare('withdrawn', {});
		const staff = `session=${(await createSession(db, fx.facilitator.id)).token}`;
		await db.destroy();
		const server = await startAppServer({ databasePath: path });
		servers.push(server);

		const words = 'ม้าลายสีชมพูกระโดดข้ามรั้วโรงเรียน zebrafjordquux';
		const contact = { name: 'ทองคำ ลับสุดยอด', phone: '0861234567', email: 'secret.person@example.org' };
		const needles = [words, ...segmentWords(words).filter((w) => w.length >= 4), contact.name, contact.phone, contact.email];
		const sent = await postForm(
			server,
			`/f/${fx.round.slug}`,
			[
				['t', await fillableToken(server, fx.round.slug)],
				[fx.field.rating, '2'],
				[fx.field.text, words],
				['contact_name', contact.name],
				['contact_phone', contact.phone],
				['contact_email', contact.email],
				['consent', 'yes']
			],
			{ from: '127.0.1.1' }
		);
		const receipt = receiptCookie(sent);
		expect(receipt).not.toBeNull();
		// The team sends it to the Test board, where it becomes a note (in the board's stored updates).
		const watcher = openDatabase(path);
		const responseId = (await watcher.selectFrom('feedback_responses').select('id').executeTakeFirstOrThrow()).id;
		await watcher.destroy();
		const onBoard = await postForm(server, `/projects/${fx.projectId}/feedback/${fx.round.id}/responses?/board`, [['ids', responseId]], {
			headers: { cookie: staff }
		});
		expect(onBoard.status).toBe(200);
		// Before: the words are there (so this scan can find them).
		const before = occurrences(path, needles);
		expect(before[words]).toBeGreaterThan(0);
		expect(before[contact.phone]).toBeGreaterThan(0);

		const withdrawn = await postForm(
			server,
			'/f/receipt?/withdraw',
			[
				['code', receipt!],
				['confirm', 'yes']
			],
			{ from: '127.0.1.1' }
		);
		expect(withdrawn.status).toBe(200);
		expect(occurrences(path, needles)).toEqual(nothing(needles));
	});

	it('leaves no expired contact details in the database file or its log once the retention job has run', async () => {
		const { path, db, fx } = await prepare('retention', { opensInDays: -60, closesInDays: -40 });
		const contact = { name: 'เพชรา หมดอายุ', phone: '0897654321', email: 'expired.person@example.org' };
		const needles = [contact.name, contact.phone, contact.email];
		const form = new URLSearchParams([
			[fx.field.rating, '4'],
			['contact_name', contact.name],
			['contact_phone', contact.phone],
			['contact_email', contact.email],
			['consent', 'yes']
		]);
		// Given while the round was open and its retention had not yet ended.
		await storeResponse(db, fx.round, checkSubmission(fx.round, fx.questions, fieldsFrom(form)), {
			channel: 'web',
			locale: 'th',
			enteredBy: null,
			consentText: 'ยินยอม',
			requireOpen: false,
			now: fx.round.opensAt + DAY
		});
		expect(occurrences(path, needles)[contact.phone]).toBeGreaterThan(0);
		await db.destroy();

		// The retention job runs as the server starts.
		const server = await startAppServer({ databasePath: path });
		servers.push(server);
		const watcher: DB = openDatabase(path);
		try {
			let left = 1;
			for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
				left = (await watcher.selectFrom('feedback_contacts').select('response_id').execute()).length;
				if (left === 0 && Object.values(occurrences(path, needles)).every((n) => n === 0)) break;
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
			expect(left).toBe(0);
			expect(occurrences(path, needles)).toEqual(nothing(needles));
			// What they said stays; only who they are is gone.
			expect((await watcher.selectFrom('feedback_answers').select('number').execute()).map((a) => a.number)).toEqual([4]);
		} finally {
			await watcher.destroy();
		}
	});
});
