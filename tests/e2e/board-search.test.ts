import type { Locator, Page } from '@playwright/test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { addNote } from '../../src/lib/board/notes.ts';
import { openDatabase } from '../../src/lib/server/db/open.ts';
import { test, expect, DEMO, expectNoSeriousA11yViolations, firstSync, screenshot, uniqueTitle } from './fixtures';
import { connected, note, openBoard, pageAs, projectWithTeam } from './board-helpers';

/** Search and filters on a board (issue 10): Thai words without spaces, the count, going to a result, filters. */

const DATA_DIR = `tests/e2e/.data/${process.env.E2E_PORT ?? 4173}`;
const DESKTOP = { viewport: { width: 1280, height: 800 } } as const;
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } as const;

type Writer = 'facilitator' | 'member';
// Spread out, so going to a result has to move the view. "คิว" is in the first three; reading
// order (top left first) ranks them SMS, elderly (far right), online booking.
const NOTES: { text: string; by: Writer; color: string; x: number; y: number }[] = [
	{ text: 'ส่ง SMS เมื่อใกล้ถึงคิว', by: 'member', color: 'pink', x: -1400, y: -400 },
	{ text: 'ผู้สูงอายุรอคิวนาน', by: 'facilitator', color: 'yellow', x: 3600, y: 0 },
	{ text: 'จองคิวออนไลน์ผ่าน LINE', by: 'facilitator', color: 'pink', x: -1400, y: 600 },
	{ text: 'เก้าอี้รอเพิ่มอีกแถว', by: 'member', color: 'blue', x: -1100, y: -400 },
	{ text: 'Queue number on the LINE app', by: 'facilitator', color: 'green', x: -1100, y: 600 }
];

async function userIds(): Promise<Record<Writer, string>> {
	const db = openDatabase(`${DATA_DIR}/e2e.db`);
	try {
		const rows = await db.selectFrom('users').select(['id', 'email']).where('email', 'in', [DEMO.facilitator.email, DEMO.member.email]).execute();
		const id = (email: string) => rows.find((r) => r.email === email)!.id;
		return { facilitator: id(DEMO.facilitator.email), member: id(DEMO.member.email) };
	} finally {
		await db.destroy();
	}
}

/** Writes notes through the collab socket under the page's own account, as its browser would. */
async function writeNotes(page: Page, author: string, notes: typeof NOTES): Promise<void> {
	const origin = new URL(page.url()).origin;
	const boardId = new URL(page.url()).pathname.split('/').pop()!;
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
		for (const n of notes) addNote(doc, { text: n.text, color: n.color, x: n.x, y: n.y, author });
		// The hub stores before it relays: once the page has them, they are on the board.
		for (const n of notes) await expect(note(page, n.text)).toHaveCount(1);
	} finally {
		provider.destroy();
		doc.destroy();
	}
}

/** The note is inside the canvas, near its middle. */
async function expectCentredInCanvas(page: Page, target: Locator): Promise<void> {
	const canvas = (await page.locator('.canvas').boundingBox())!;
	await expect(async () => {
		const box = (await target.boundingBox())!;
		expect(box.x).toBeGreaterThanOrEqual(canvas.x);
		expect(box.x + box.width).toBeLessThanOrEqual(canvas.x + canvas.width);
		expect(Math.abs(box.x + box.width / 2 - (canvas.x + canvas.width / 2))).toBeLessThan(30);
		expect(Math.abs(box.y + box.height / 2 - (canvas.y + canvas.height / 2))).toBeLessThan(30);
		// Readable: not the far-out drawing of a note.
		expect(box.width).toBeGreaterThanOrEqual(180 * 0.75 - 1);
	}).toPass();
}

test('a facilitator finds Thai words on a board, goes to a result and filters by colour and author, in Thai and English', async ({
	browser
}, testInfo) => {
	test.setTimeout(180_000);
	const ids = await userIds();
	const facilitator = await pageAs(browser, 'facilitator', DESKTOP);
	const project = await projectWithTeam(facilitator, uniqueTitle('ค้นหาบนบอร์ด'));
	const boardPath = await openBoard(facilitator, project, 'ระดมความคิด');
	const member = await pageAs(browser, 'member', DESKTOP);
	await member.goto(boardPath);
	await connected(member);
	await writeNotes(
		facilitator,
		ids.facilitator,
		NOTES.filter((n) => n.by === 'facilitator')
	);
	await writeNotes(
		member,
		ids.member,
		NOTES.filter((n) => n.by === 'member')
	);
	for (const n of NOTES) await expect(note(facilitator, n.text)).toHaveCount(1);

	// "/" on the canvas opens the find bar with the field focused.
	const canvas = facilitator.getByRole('region', { name: 'กระดานโน้ต' });
	await canvas.focus();
	await facilitator.keyboard.press('/');
	const field = facilitator.getByRole('searchbox', { name: 'ค้นหาบนบอร์ด' });
	await expect(field).toBeFocused();
	const count = facilitator.locator('[data-find-count]');

	// A Thai word inside words written without spaces: three notes; the best one comes into view.
	await field.pressSequentially('คิว');
	await expect(count).toHaveText('1 / 3');
	await expect(note(facilitator, NOTES[0]!.text)).toHaveAttribute('data-found', 'current');
	await expect(note(facilitator, NOTES[3]!.text)).toHaveAttribute('data-found', 'dim');
	await expect(facilitator.getByRole('search').locator('[aria-live]')).toHaveText(/ผลที่ 1 จาก 3/);
	await expect(field).toBeFocused();

	// Enter goes to the second: far to the right, now in the middle of the view, ringed and focused.
	await field.press('Enter');
	await expect(count).toHaveText('2 / 3');
	const elderly = note(facilitator, 'ผู้สูงอายุรอคิวนาน');
	await expect(elderly).toHaveAttribute('data-found', 'current');
	await expect(elderly).toBeFocused();
	await expectCentredInCanvas(facilitator, elderly);
	await expect(facilitator.locator('[data-found="current"]')).toHaveCount(1);

	// Shift+Enter (from the field again: "/") goes back; the arrows go on, wrapping around.
	await facilitator.keyboard.press('/');
	await expect(field).toBeFocused();
	await expect(field).toHaveValue('คิว');
	await field.press('Shift+Enter');
	await expect(count).toHaveText('1 / 3');
	await expect(note(facilitator, NOTES[0]!.text)).toBeFocused();
	await facilitator.getByRole('button', { name: 'ผลก่อนหน้า' }).click();
	await expect(count).toHaveText('3 / 3');
	await expect(note(facilitator, 'จองคิวออนไลน์ผ่าน LINE')).toBeFocused();

	// Filters: pink leaves two, the member's pink notes one; the count of filters shows.
	await facilitator.getByRole('button', { name: 'ตัวกรอง' }).click();
	await facilitator.getByLabel('สี', { exact: true }).selectOption({ label: 'ชมพู' });
	await expect(count).toHaveText('1 / 2');
	// The best pink one comes into view; the blue note beside it is dimmed.
	await expect(note(facilitator, NOTES[0]!.text)).toHaveAttribute('data-found', 'current');
	await expect(note(facilitator, NOTES[3]!.text)).toHaveAttribute('data-found', 'dim');
	await facilitator.getByLabel('ผู้เขียน').selectOption({ label: DEMO.member.name });
	await expect(count).toHaveText('1 / 1');
	await expect(note(facilitator, NOTES[0]!.text)).toHaveAttribute('data-found', 'current');
	await expect(facilitator.getByRole('button', { name: 'ตัวกรอง (2)' })).toBeVisible();
	// The author filter offers who wrote on this board, by the name the board shows.
	await expect(facilitator.getByLabel('ผู้เขียน').locator('option')).toHaveText(['ทั้งหมด', DEMO.member.name, DEMO.facilitator.name]);
	await expectNoSeriousA11yViolations(facilitator);
	await screenshot(facilitator, testInfo, 'search-desktop-th');

	// The List view shows only the matches.
	await facilitator.getByRole('link', { name: 'รายการ' }).click();
	await expect(facilitator.locator('.list-view article')).toHaveCount(1);
	await expect(facilitator.locator('.list-view')).toContainText('ส่ง SMS เมื่อใกล้ถึงคิว');
	await facilitator.getByRole('link', { name: 'กระดาน', exact: true }).click();
	await expect(count).toHaveText('1 / 1');

	// Clear all: every note as usual again; Escape in the field closes the bar.
	await facilitator.getByRole('button', { name: 'ล้างทั้งหมด' }).click();
	await expect(field).toHaveValue('');
	await expect(facilitator.locator('[data-found]')).toHaveCount(0);
	await expect(facilitator.getByRole('button', { name: 'ตัวกรอง', exact: true })).toBeVisible();

	// Dots: in an open round, "has dots" keeps the notes with dots this client sees.
	await facilitator.getByRole('button', { name: 'นำกระบวนการ' }).click();
	const panel = facilitator.locator('#facilitator-panel');
	await panel.getByLabel('จำนวนจุดต่อคน').fill('3');
	await panel.getByRole('button', { name: 'เริ่มโหวต' }).click();
	await facilitator.getByRole('button', { name: 'นำกระบวนการ' }).click();
	await note(facilitator, NOTES[0]!.text).focus();
	await facilitator.keyboard.press('v');
	await expect(note(facilitator, NOTES[0]!.text).locator('[data-my-votes]')).toHaveAttribute('data-my-votes', '1');
	await facilitator.getByLabel('จุดโหวต').selectOption({ label: 'มีจุด' });
	await expect(count).toHaveText('1 / 1');
	await expect(note(facilitator, NOTES[0]!.text)).toHaveAttribute('data-found', 'current');
	await expect(note(facilitator, NOTES[3]!.text)).toHaveAttribute('data-found', 'dim');
	await facilitator.getByRole('button', { name: 'ล้างทั้งหมด' }).click();
	await expect(facilitator.locator('[data-found]')).toHaveCount(0);
	await field.fill('เก้าอี้');
	await expect(count).toHaveText('1 / 1');
	await field.press('Escape');
	await expect(field).toBeHidden();
	await expect(facilitator.locator('[data-found]')).toHaveCount(0);

	// The same in English, with Ctrl+F and the arrow buttons.
	const english = await browser.newContext({ storageState: await facilitator.context().storageState(), ...DESKTOP });
	await english.addCookies([{ name: 'lang', value: 'en', url: new URL(facilitator.url()).origin }]);
	const en = await english.newPage();
	await en.goto(boardPath);
	await connected(en);
	await en.getByRole('region', { name: 'Note canvas' }).focus();
	await en.keyboard.press('Control+f');
	const enField = en.getByRole('searchbox', { name: 'Search the board' });
	await expect(enField).toBeFocused();
	await enField.pressSequentially('line');
	const enCount = en.locator('[data-find-count]');
	await expect(enCount).toHaveText('1 / 2');
	await en.getByRole('button', { name: 'Next result' }).click();
	await expect(enCount).toHaveText('2 / 2');
	const queue = note(en, 'Queue number on the LINE app');
	await expect(queue).toBeFocused();
	await expect(queue).toHaveAttribute('data-found', 'current');
	await expectCentredInCanvas(en, queue);
	await en.getByRole('button', { name: 'Filters' }).click();
	await en.getByLabel('Colour', { exact: true }).selectOption({ label: 'Green' });
	await expect(enCount).toHaveText('1 / 1');
	await en.getByLabel('Author').selectOption({ label: DEMO.member.name });
	await expect(enCount).toHaveText('No matches');
	await expect(en.getByRole('button', { name: 'Filters (2)' })).toBeVisible();
	await expect(en.getByRole('search').locator('[aria-live]')).toHaveText('No notes match');
	await en.getByLabel('Author').selectOption({ label: DEMO.facilitator.name });
	await expect(enCount).toHaveText('1 / 1');
	await expectNoSeriousA11yViolations(en);
	await screenshot(en, testInfo, 'search-desktop-en');
	await en.getByRole('button', { name: 'Clear all' }).click();
	await expect(en.locator('[data-found]')).toHaveCount(0);
	// Escape from a filter closes the bar too.
	await en.getByLabel('Colour', { exact: true }).focus();
	await en.keyboard.press('Escape');
	await expect(enField).toBeHidden();
	await english.close();

	// On a phone the board opens in Write view; Search goes to the List, where only matches show.
	const phone = await pageAs(browser, 'member', PHONE);
	await phone.goto(boardPath);
	await connected(phone);
	await expect(phone.getByRole('link', { name: 'เขียน' })).toHaveAttribute('aria-current', 'page');
	await phone.getByRole('button', { name: 'ค้นหา' }).tap();
	await expect(phone.getByRole('link', { name: 'รายการ' })).toHaveAttribute('aria-current', 'page');
	const phoneField = phone.getByRole('searchbox', { name: 'ค้นหาบนบอร์ด' });
	await expect(phoneField).toBeFocused();
	await phoneField.fill('สูงอายุ');
	await expect(phone.locator('[data-find-count]')).toHaveText('1 / 1');
	await expect(phone.locator('.list-view article')).toHaveCount(1);
	await expect(phone.locator('.list-view')).toContainText('ผู้สูงอายุรอคิวนาน');
	await phone.getByRole('button', { name: 'ตัวกรอง' }).tap();
	const widths = await phone.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
	expect(widths.page).toBeLessThanOrEqual(widths.screen);
	await expectNoSeriousA11yViolations(phone);
	await screenshot(phone, testInfo, 'search-phone-list');
	// The canvas a tap away: the match is in the middle of it (the filters folded first, for room).
	await phone.getByRole('button', { name: 'ตัวกรอง' }).tap();
	await expect(phone.getByLabel('ผู้เขียน')).toBeHidden();
	await phone.getByRole('link', { name: 'กระดาน', exact: true }).tap();
	await expect(note(phone, 'ผู้สูงอายุรอคิวนาน')).toHaveAttribute('data-found', 'current');
	await screenshot(phone, testInfo, 'search-phone-canvas');
	await phone.getByRole('button', { name: 'ปิดการค้นหา' }).tap();
	await expect(phoneField).toBeHidden();
	await expect(phone.locator('[data-found]')).toHaveCount(0);
});
