import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/open.ts';
import { createCollabHub, type CollabHub } from '../../src/lib/server/collab/hub.ts';
import { addNote, findSectionByKey, listNotes, updateNote } from '../../src/lib/board/notes.ts';
import { updateProject } from '../../src/lib/server/projects/projects.ts';
import { checkSubmission, deleteResponses, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { sendToTestBoard, findTestBoard } from '../../src/lib/server/feedback/to-board.ts';
import { setStatus } from '../../src/lib/server/feedback/moderation.ts';
import {
	approveFeedbackWording,
	listPublicBoards,
	previewPublication,
	publishBoard,
	readPublicBoard,
	revokeFeedbackWording,
	withdrawPublication
} from '../../src/lib/server/publication/publications.ts';
import { InputError } from '../../src/lib/server/validation.ts';
import { freshDatabase } from '../helpers/db.ts';
import { makeFeedbackFixture, type FeedbackFixture } from '../unit/feedback-fixtures.ts';

/**
 * Board publications over a real database and the real collab hub: a snapshot of what was
 * previewed, kept until it is updated or withdrawn; citizens' words only in approved wording,
 * gone with the response.
 */

let db: DB;
let hub: CollabHub;
let fx: FeedbackFixture;
let boardId: string;
let feedbackSection: string;
let workedSection: string;
const wording = { author: () => 'ประชาชน', summary: () => 'ให้คะแนน' };

async function respond(text: string): Promise<string> {
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
	const stored = await storeResponse(db, fx.round, checked, { channel: 'web', locale: 'th', enteredBy: null, consentText: '', requireOpen: true });
	return stored.id;
}

async function noteOf(responseId: string): Promise<string> {
	const link = await db.selectFrom('feedback_board_links').select('note_id').where('response_id', '=', responseId).executeTakeFirstOrThrow();
	return link.note_id;
}

const sections = () => ({ scope: 'sections' as const, sections: [feedbackSection, workedSection] });

async function publishNow(choice: Parameters<typeof previewPublication>[4] = sections()) {
	const preview = await previewPublication(db, hub, fx.projectId, boardId, choice);
	await publishBoard(db, hub, { projectId: fx.projectId, boardId, choice, digest: preview.digest, userId: fx.facilitator.id });
	return preview;
}

const publicTexts = async () => (await readPublicBoard(db, fx.projectId, boardId))?.view.notes.map((n) => n.text) ?? null;

beforeAll(async () => {
	db = await freshDatabase();
	hub = createCollabHub({ db, maxMessageBytes: 1 << 20 });
	fx = await makeFeedbackFixture(db);
	await updateProject(db, fx.projectId, {
		title: 'คิวสำนักงานเขต',
		challenge: 'ลดเวลารอคิวที่สำนักงานเขตให้สั้นลง',
		agency: 'สำนักงานเขตทดสอบ',
		tags: '',
		visibility: 'published'
	});
	boardId = (await findTestBoard(db, fx.projectId))!;
	await hub.changeBoard(boardId, (doc) => {
		workedSection = findSectionByKey(doc, 'test_worked')!.id;
		feedbackSection = findSectionByKey(doc, 'feedback')!.id;
		addNote(doc, { text: 'ป้ายบอกเวลารอช่วยได้', section: workedSection, author: fx.facilitator.id });
	});
});

afterAll(async () => {
	await hub?.close();
	await db?.destroy();
});

describe('publishing a board', () => {
	it('shows nothing of a board nobody published', async () => {
		expect(await readPublicBoard(db, fx.projectId, boardId)).toBeNull();
		expect(await listPublicBoards(db, fx.projectId)).toEqual([]);
	});

	it('publishes the preview as a snapshot: a note typed afterwards stays private until the next publication', async () => {
		await publishNow();
		expect(await publicTexts()).toEqual(['ป้ายบอกเวลารอช่วยได้']);
		await hub.changeBoard(boardId, (doc) => {
			addNote(doc, { text: 'ภายหลัง: ป้าพิมพ์ บ้านเลขที่ 12', section: workedSection, author: fx.facilitator.id });
		});
		expect(await publicTexts()).toEqual(['ป้ายบอกเวลารอช่วยได้']);
		expect(await listPublicBoards(db, fx.projectId)).toEqual([expect.objectContaining({ boardId, stage: 'test', scope: 'sections', sections: 2 })]);
	});

	it('refuses a confirmation when the board changed since the preview, and stores nothing', async () => {
		const before = await db.selectFrom('board_publications').selectAll().execute();
		const preview = await previewPublication(db, hub, fx.projectId, boardId, sections());
		await hub.changeBoard(boardId, (doc) => {
			addNote(doc, { text: 'อีกใบหนึ่ง', section: workedSection, author: fx.facilitator.id });
		});
		const attempt = publishBoard(db, hub, {
			projectId: fx.projectId,
			boardId,
			choice: sections(),
			digest: preview.digest,
			userId: fx.facilitator.id
		});
		await expect(attempt).rejects.toBeInstanceOf(InputError);
		await expect(attempt).rejects.toMatchObject({ issues: [{ code: 'pub_changed_since_preview' }] });
		expect(await db.selectFrom('board_publications').selectAll().execute()).toEqual(before);
	});

	it("withholds a citizen's words until a moderator approves that exact wording", async () => {
		const responseId = await respond('รอนานมาก ควรมีที่นั่งเพิ่ม');
		await sendToTestBoard(db, hub, { projectId: fx.projectId, roundId: fx.round.id, responseIds: [responseId], userId: fx.facilitator.id, wording });
		const noteId = await noteOf(responseId);
		const preview = await previewPublication(db, hub, fx.projectId, boardId, sections());
		expect(preview.withheld).toEqual([expect.objectContaining({ id: noteId, reason: 'feedback_not_approved' })]);
		await approveFeedbackWording(db, hub, { projectId: fx.projectId, boardId, noteId, userId: fx.facilitator.id });
		await publishNow();
		expect(await publicTexts()).toContain('รอนานมาก ควรมีที่นั่งเพิ่ม');
		// Edited on the board afterwards: the public keeps the approved words, and the next preview withholds the new ones.
		await hub.changeBoard(boardId, (doc) => {
			updateNote(doc, noteId, { text: 'รอนานมาก ควรมีที่นั่งเพิ่ม โทร 089 999 9999 คุณสมศรี' });
		});
		expect(await publicTexts()).toContain('รอนานมาก ควรมีที่นั่งเพิ่ม');
		expect((await publicTexts())!.join()).not.toContain('คุณสมศรี');
		const again = await previewPublication(db, hub, fx.projectId, boardId, sections());
		expect(again.withheld).toEqual([expect.objectContaining({ id: noteId, reason: 'feedback_changed' })]);
	});

	it('takes approved words out of the publication when the response is marked spam, and back when it is not', async () => {
		const responseId = await respond('ตัวหนังสือเล็กไป');
		await sendToTestBoard(db, hub, { projectId: fx.projectId, roundId: fx.round.id, responseIds: [responseId], userId: fx.facilitator.id, wording });
		const noteId = await noteOf(responseId);
		await approveFeedbackWording(db, hub, { projectId: fx.projectId, boardId, noteId, userId: fx.facilitator.id });
		await publishNow();
		expect(await publicTexts()).toContain('ตัวหนังสือเล็กไป');
		await setStatus(db, fx.round.id, [responseId], 'spam', fx.facilitator.id);
		expect(await publicTexts()).not.toContain('ตัวหนังสือเล็กไป');
		await expect(approveFeedbackWording(db, hub, { projectId: fx.projectId, boardId, noteId, userId: fx.facilitator.id })).rejects.toMatchObject({
			issues: [{ code: 'pub_feedback_hidden' }]
		});
		await setStatus(db, fx.round.id, [responseId], 'published', fx.facilitator.id);
		expect(await publicTexts()).toContain('ตัวหนังสือเล็กไป');
	});

	it('takes the words out at once when the approval is withdrawn', async () => {
		const responseId = await respond('อยากให้มีคิวออนไลน์');
		await sendToTestBoard(db, hub, { projectId: fx.projectId, roundId: fx.round.id, responseIds: [responseId], userId: fx.facilitator.id, wording });
		const noteId = await noteOf(responseId);
		await approveFeedbackWording(db, hub, { projectId: fx.projectId, boardId, noteId, userId: fx.facilitator.id });
		await publishNow();
		expect(await publicTexts()).toContain('อยากให้มีคิวออนไลน์');
		await revokeFeedbackWording(db, boardId, noteId);
		expect(await publicTexts()).not.toContain('อยากให้มีคิวออนไลน์');
	});

	it('forgets approved words with the response: withdrawn means gone from the publication and from its table', async () => {
		const responseId = await respond('ข้อความที่จะถอนภายหลัง');
		await sendToTestBoard(db, hub, { projectId: fx.projectId, roundId: fx.round.id, responseIds: [responseId], userId: fx.facilitator.id, wording });
		const noteId = await noteOf(responseId);
		await approveFeedbackWording(db, hub, { projectId: fx.projectId, boardId, noteId, userId: fx.facilitator.id });
		await publishNow();
		expect(await publicTexts()).toContain('ข้อความที่จะถอนภายหลัง');
		await deleteResponses(db, [responseId]);
		expect(await publicTexts()).not.toContain('ข้อความที่จะถอนภายหลัง');
		const stored = JSON.stringify([
			await db.selectFrom('board_publications').selectAll().execute(),
			await db.selectFrom('feedback_publication_approvals').selectAll().execute()
		]);
		expect(stored).not.toContain('ข้อความที่จะถอนภายหลัง');
	});

	it('refuses to approve a note of the team as if it were feedback', async () => {
		const noteId = await hub.readBoard(boardId, (doc) => listNotes(doc).find((n) => !n.source)!.id);
		await expect(approveFeedbackWording(db, hub, { projectId: fx.projectId, boardId, noteId, userId: fx.facilitator.id })).rejects.toMatchObject({
			issues: [{ code: 'pub_not_feedback' }]
		});
		expect(await db.selectFrom('feedback_publication_approvals').selectAll().where('note_id', '=', noteId).execute()).toEqual([]);
	});

	it('shows nothing while the project is private, and the same publication again once it is published', async () => {
		const publicNow = await publicTexts();
		await updateProject(db, fx.projectId, {
			title: 'คิวสำนักงานเขต',
			challenge: 'ลดเวลารอคิวที่สำนักงานเขตให้สั้นลง',
			agency: 'สำนักงานเขตทดสอบ',
			tags: '',
			visibility: 'private'
		});
		expect(await readPublicBoard(db, fx.projectId, boardId)).toBeNull();
		expect(await listPublicBoards(db, fx.projectId)).toEqual([]);
		await updateProject(db, fx.projectId, {
			title: 'คิวสำนักงานเขต',
			challenge: 'ลดเวลารอคิวที่สำนักงานเขตให้สั้นลง',
			agency: 'สำนักงานเขตทดสอบ',
			tags: '',
			visibility: 'published'
		});
		expect(await publicTexts()).toEqual(publicNow);
	});

	it('withdraws a publication', async () => {
		expect(await withdrawPublication(db, fx.projectId, boardId)).toBe(true);
		expect(await readPublicBoard(db, fx.projectId, boardId)).toBeNull();
		expect(await withdrawPublication(db, fx.projectId, boardId)).toBe(false);
	});
});
