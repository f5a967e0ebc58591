import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { checkSubmission, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { findTestBoard } from '../../src/lib/server/feedback/to-board.ts';
import { listNotes } from '../../src/lib/board/notes.ts';
import { findSectionByKey } from '../../src/lib/board/sections.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeFeedbackFixture, type FeedbackFixture } from '../unit/feedback-fixtures.ts';
import { connectClient, until, type Client } from './collab-harness.ts';
import { postForm } from './feedback-helpers.ts';

/**
 * Feedback flows back into the work: responses sent to the project's Test board appear as notes
 * in a connected y-websocket client at once, linked to the response; a withdrawn response takes
 * its note with it.
 */

let server: AppServer;
let db: DB;
let fx: FeedbackFixture;
let cookie: string;
let boardId: string;
let client: Client;
const responses: { id: string; receipt: string; text: string }[] = [];

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);
	fx = await makeFeedbackFixture(db);
	cookie = `session=${(await createSession(db, fx.facilitator.id)).token}`;
	boardId = (await findTestBoard(db, fx.projectId))!;
	for (const text of ['อยากให้มีที่นั่งรอมากกว่านี้', 'จองคิวง่าย โทรหาผม 081 234 5678', 'ตัวหนังสือเล็กไป']) {
		const checked = checkSubmission(
			fx.round,
			fx.questions,
			fieldsFrom(
				new URLSearchParams([
					[fx.field.rating, '4'],
					[fx.field.text, text]
				])
			)
		);
		const stored = await storeResponse(db, fx.round, checked, { channel: 'qr', locale: 'th', enteredBy: null, consentText: '', requireOpen: true });
		responses.push({ id: stored.id, receipt: stored.receipt, text });
	}
	client = connectClient(`ws://127.0.0.1:${server.port}/collab`, boardId, { cookie, origin: `http://127.0.0.1:${server.port}` });
	await client.synced();
});

afterAll(async () => {
	client?.destroy();
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

const feedbackNotes = () => listNotes(client.doc).filter((n) => n.source?.kind === 'feedback');

describe('sending feedback to the Test board', () => {
	it('makes three notes appear in a connected client, in the feedback section, linked to their responses', async () => {
		expect(feedbackNotes()).toEqual([]);
		const sent = await postForm(
			server,
			`/projects/${fx.projectId}/feedback/${fx.round.id}/responses?/board`,
			responses.map((r): [string, string] => ['ids', r.id]),
			{ headers: { cookie } }
		);
		expect(sent.status).toBe(200);
		await until(() => feedbackNotes().length === 3, 'three feedback notes reach the client');
		const notes = feedbackNotes();
		expect(notes.map((n) => n.source?.id).sort()).toEqual(responses.map((r) => r.id).sort());
		expect(notes.map((n) => n.text).sort()).toEqual(['จองคิวง่าย โทรหาผม […]', 'ตัวหนังสือเล็กไป', 'อยากให้มีที่นั่งรอมากกว่านี้'].sort());
		const section = findSectionByKey(client.doc, 'feedback');
		expect(section).not.toBeNull();
		expect(notes.every((n) => n.section === section!.id)).toBe(true);
		const links = await db.selectFrom('feedback_board_links').selectAll().where('board_id', '=', boardId).execute();
		expect(links.map((l) => l.note_id).sort()).toEqual(notes.map((n) => n.id).sort());
	});

	it('does not send a response twice', async () => {
		const again = await postForm(server, `/projects/${fx.projectId}/feedback/${fx.round.id}/responses?/board`, [['ids', responses[0]!.id]], {
			headers: { cookie }
		});
		expect(again.status).toBe(409);
		expect(feedbackNotes()).toHaveLength(3);
	});

	it('removes the note from the board when its author withdraws the response', async () => {
		const withdrawn = await postForm(server, '/f/receipt?/withdraw', [
			['code', responses[1]!.receipt],
			['confirm', 'yes']
		]);
		expect(withdrawn.status).toBe(200);
		await until(() => feedbackNotes().length === 2, 'the withdrawn note leaves the client');
		expect(feedbackNotes().some((n) => n.source?.id === responses[1]!.id)).toBe(false);
	});
});
