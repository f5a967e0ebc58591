import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { addNote } from '../../src/lib/board/notes.ts';
import { openDatabase } from '../../src/lib/server/db/open.ts';
import { checkSubmission, fieldsFrom, storeResponse } from '../../src/lib/server/feedback/responses.ts';
import { makeFeedbackFixture, type FeedbackFixture } from '../unit/feedback-fixtures.ts';
import { test, expect, DEMO, screenshot, storageStateFor, firstSync } from './fixtures';

/**
 * Text with nowhere to break it (a pasted link, a serial number, a key held down) must wrap
 * inside the page, not widen it: on a 360 px phone no page where such text shows may scroll
 * sideways.
 */

const DATA_DIR = `tests/e2e/.data/${process.env.E2E_PORT ?? 4173}`;
const UNBROKEN = (length: number, letter = 'W') => letter.repeat(length);

let fx: FeedbackFixture;
let responseId: string;
let boardId: string;
let adminId: string;

test.use({ storageState: storageStateFor('admin'), viewport: { width: 360, height: 740 } });
// One worker, one set of pages to look at (and one writer into the app's database besides the app).
test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	// The app's own database (the server runs on it), filled the way its forms would fill it.
	const db = openDatabase(`${DATA_DIR}/e2e.db`);
	try {
		// A project of its own (not the demo facilitator's), which the admin opens.
		fx = await makeFeedbackFixture(db);
		await db
			.updateTable('projects')
			.set({ title: UNBROKEN(160, 'P'), challenge: UNBROKEN(4000, 'C') })
			.where('id', '=', fx.projectId)
			.execute();
		await db
			.updateTable('prototypes')
			.set({ title: UNBROKEN(160, 'T'), summary: UNBROKEN(4000, 'S') })
			.where('id', '=', fx.prototypeId)
			.execute();
		await db
			.updateTable('feedback_rounds')
			.set({ title_th: UNBROKEN(160, 'F'), purpose_th: UNBROKEN(2000, 'U') })
			.where('id', '=', fx.round.id)
			.execute();
		const form = new FormData();
		form.set(fx.field.rating, '4');
		form.set(fx.field.text, UNBROKEN(2000, 'R'));
		const checked = checkSubmission(fx.round, fx.questions, fieldsFrom(form));
		responseId = (
			await storeResponse(db, fx.round, checked, {
				channel: 'phone',
				locale: 'th',
				enteredBy: fx.facilitator.id,
				consentText: '',
				requireOpen: false
			})
		).id;
		adminId = (await db.selectFrom('users').select('id').where('email', '=', DEMO.admin.email).executeTakeFirstOrThrow()).id;
		boardId = (
			await db.selectFrom('boards').select('id').where('project_id', '=', fx.projectId).where('stage', '=', 'empathize').executeTakeFirstOrThrow()
		).id;
	} finally {
		await db.destroy();
	}
});

/** Writes a note through the collab socket, as a participant's browser does, and waits for the page to show it. */
async function writeNote(page: Page, text: string): Promise<void> {
	const origin = new URL(page.url()).origin;
	const cookie = (await page.context().cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${origin.replace(/^http/, 'ws')}/collab`, boardId, doc, {
		WebSocketPolyfill: class extends WebSocket {
			constructor(url: string | URL, protocols?: string | string[]) {
				super(url, protocols ?? [], { headers: { cookie, origin } });
			}
		} as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	try {
		await firstSync(provider);
		// Under the writer's own id: the hub undoes a note written under anyone else's name.
		addNote(doc, { text, author: adminId });
		// The hub stores a note before relaying it: once the page shows it, it is on the board.
		await expect(page.getByText(text.slice(0, 50)).first()).toBeVisible();
	} finally {
		provider.destroy();
		doc.destroy();
	}
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
	const widths = await page.evaluate(() => ({
		page: document.documentElement.scrollWidth,
		body: document.body.scrollWidth,
		view: window.innerWidth
	}));
	expect(widths.page, `page width on ${page.url()}`).toBeLessThanOrEqual(widths.view);
	expect(widths.body, `body width on ${page.url()}`).toBeLessThanOrEqual(widths.view);
}

test.describe('text with nowhere to break on a 360 px phone', () => {
	test('wraps on the project page', async ({ page }, testInfo) => {
		await page.goto(`/projects/${fx.projectId}`);
		await expect(page.getByText(UNBROKEN(50, 'C')).first()).toBeVisible();
		await expectNoSidewaysScroll(page);
		await screenshot(page, testInfo, 'long-words-project');
	});

	test('wraps on the prototype page and in the prototype list', async ({ page }, testInfo) => {
		await page.goto(`/projects/${fx.projectId}/prototypes/${fx.prototypeId}`);
		await expect(page.getByText(UNBROKEN(50, 'S')).first()).toBeVisible();
		await expectNoSidewaysScroll(page);
		await screenshot(page, testInfo, 'long-words-prototype');
		await page.goto(`/projects/${fx.projectId}/prototypes`);
		await expectNoSidewaysScroll(page);
	});

	test('wraps in the tables of feedback rounds and of the portfolio, and on the public form', async ({ page, browser }, testInfo) => {
		await page.goto(`/projects/${fx.projectId}/feedback`);
		await expect(page.getByText(UNBROKEN(50, 'F')).first()).toBeVisible();
		await expectNoSidewaysScroll(page);
		// The round's title wraps within the screen, not only within its table's scrolling box.
		const title = await page.getByText(UNBROKEN(50, 'F')).first().boundingBox();
		expect(title!.x + title!.width).toBeLessThanOrEqual(360);
		await screenshot(page, testInfo, 'long-words-rounds');
		await page.goto(`/f/${fx.round.slug}`);
		await expect(page.getByText(UNBROKEN(50, 'U')).first()).toBeVisible();
		await expectNoSidewaysScroll(page);
		const official = await browser.newContext({ storageState: storageStateFor('official'), viewport: { width: 360, height: 740 } });
		const portfolio = await official.newPage();
		await portfolio.goto('/portfolio');
		await expect(portfolio.getByText(UNBROKEN(50, 'T')).first()).toBeVisible();
		await expectNoSidewaysScroll(portfolio);
		await screenshot(portfolio, testInfo, 'long-words-portfolio');
		await official.close();
	});

	test('wraps on a feedback response and in the list of responses', async ({ page }, testInfo) => {
		const round = `/projects/${fx.projectId}/feedback/${fx.round.id}`;
		await page.goto(`${round}/responses/${responseId}`);
		await expect(page.getByText(UNBROKEN(50, 'R')).first()).toBeVisible();
		await expectNoSidewaysScroll(page);
		await screenshot(page, testInfo, 'long-words-response');
		await page.goto(`${round}/responses`);
		await expect(page.getByText(UNBROKEN(50, 'R')).first()).toBeVisible();
		await expectNoSidewaysScroll(page);
	});

	test('wraps in the board’s list view', async ({ page }, testInfo) => {
		await page.goto(`/projects/${fx.projectId}/boards/${boardId}?view=list`);
		await writeNote(page, UNBROKEN(4000, 'N'));
		await expectNoSidewaysScroll(page);
		await screenshot(page, testInfo, 'long-words-board-list');
	});

	test('wraps on a wide screen too, each table cell within its own width', async ({ browser }, testInfo) => {
		const official = await browser.newContext({ storageState: storageStateFor('official'), viewport: { width: 1280, height: 800 } });
		const page = await official.newPage();
		await page.goto('/portfolio');
		await expect(page.getByText(UNBROKEN(50, 'T')).first()).toBeVisible();
		await expectNoSidewaysScroll(page);
		const widest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('td, th')].map((cell) => cell.getBoundingClientRect().width)));
		expect(widest).toBeLessThanOrEqual(30 * 17 + 1);
		await page.getByText(UNBROKEN(50, 'T')).first().scrollIntoViewIfNeeded();
		await page.screenshot({ path: testInfo.outputPath('long-words-portfolio-1280.png') });
		await official.close();
	});
});
