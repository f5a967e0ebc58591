import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, uniqueTitle } from './fixtures';
import { connected, openBoard, pageAs, projectWithTeam } from './board-helpers';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } as const;
const NOTE = 'ผู้สูงอายุต้องรอคิวนานที่สำนักงานเขต';

/** Clicks an export link and returns the download with the file it saved. */
async function download(page: Page, name: string) {
	const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
	return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

test('a facilitator exports the board as CSV, PNG and PDF from the Export menu, the whole board or the section in view', async ({
	browser
}, testInfo) => {
	test.setTimeout(180_000);
	const page = await pageAs(browser, 'facilitator', { viewport: { width: 1280, height: 800 } });
	const project = await projectWithTeam(page, uniqueTitle('ส่งออกบอร์ด'));
	const board = await openBoard(page, project, 'เข้าใจปัญหา');

	// A note written in the write view, then back on the canvas.
	await page.goto(`${board}?view=write`);
	await connected(page);
	await page.getByLabel('โน้ตของคุณ').fill(NOTE);
	await page.getByRole('button', { name: 'เพิ่มโน้ต' }).click();
	await expect(page.getByText(NOTE)).toBeVisible();
	await page.goto(board);
	await connected(page);

	// Seen from far out nothing is "in view" but the board; close up, the section in the middle is.
	const toggle = page.getByRole('button', { name: 'ส่งออก', exact: true });
	await toggle.click();
	await expect(page.getByLabel('ส่วนที่จะส่งออก').locator('option', { hasText: 'ที่เห็นอยู่' })).toHaveCount(0);
	await toggle.click();
	for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'ขยาย' }).click();

	// Keyboard: the menu opens on the part to export, Escape closes it back onto its button.
	await toggle.focus();
	await page.keyboard.press('Enter');
	const part = page.getByLabel('ส่วนที่จะส่งออก');
	await expect(part).toBeFocused();
	const inView = part.locator('option', { hasText: 'ที่เห็นอยู่' });
	await expect(inView).toHaveCount(1);
	const sectionId = await inView.getAttribute('value');
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'export-menu-desktop');
	await page.keyboard.press('Escape');
	await expect(part).toBeHidden();
	await expect(toggle).toBeFocused();

	await toggle.click();
	const csv = await download(page, 'CSV: ตารางโน้ต');
	expect(csv.name).toMatch(/^board-empathize-\d{4}-\d{2}-\d{2}\.csv$/);
	expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	expect(csv.bytes.toString('utf8')).toContain(NOTE);
	const pdf = await download(page, 'PDF: เอกสาร A4');
	expect(pdf.name).toMatch(/^board-empathize-\d{4}-\d{2}-\d{2}\.pdf$/);
	expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

	// The section that was in view: the links carry it, and so do the files' names.
	await part.selectOption(sectionId!);
	const png = await download(page, 'PNG: ภาพบอร์ด');
	expect(png.name).toBe(`board-empathize-${sectionId}-${png.name.slice(-14, -4)}.png`);
	expect([...png.bytes.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
	// Each format is served with its content type.
	for (const [format, type] of [
		['csv', 'text/csv; charset=utf-8'],
		['png', 'image/png'],
		['pdf', 'application/pdf']
	] as const) {
		const href = (await page.locator(`[data-export="${format}"]`).getAttribute('href'))!;
		expect(href).toContain(`?section=${sectionId}`);
		const response = await page.request.get(href);
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe(type);
	}
});

test('on a 360 px phone the Export menu sits in the board menu, in English too, and never covers the canvas toolbar', async ({
	browser
}, testInfo) => {
	test.setTimeout(180_000);
	const desk = await pageAs(browser, 'facilitator');
	const project = await projectWithTeam(desk, uniqueTitle('ส่งออกมือถือ'));
	const board = await openBoard(desk, project, 'เข้าใจปัญหา');

	const phone = await pageAs(browser, 'member', PHONE);
	await phone.goto(`${board}?view=canvas`);
	await connected(phone);
	await phone.getByRole('button', { name: 'เมนูบอร์ด' }).click();
	await phone.getByRole('button', { name: 'ส่งออก', exact: true }).click();
	const panel = phone.locator('#board-export-panel');
	await expect(panel.getByRole('link', { name: 'PDF: เอกสาร A4' })).toBeVisible();
	const widths = await phone.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
	expect(widths.page).toBeLessThanOrEqual(widths.screen);
	const box = (await panel.boundingBox())!;
	const toolbar = (await phone.getByRole('toolbar').first().boundingBox())!;
	expect(box.y + box.height).toBeLessThanOrEqual(toolbar.y + 1);
	await expectNoSeriousA11yViolations(phone);
	await screenshot(phone, testInfo, 'export-menu-phone');

	// The same menu in English.
	await phone.context().addCookies([{ name: 'lang', value: 'en', url: new URL(phone.url()).origin }]);
	await phone.reload();
	await connected(phone);
	await phone.getByRole('button', { name: 'Board menu' }).click();
	await phone.getByRole('button', { name: 'Export', exact: true }).click();
	await expect(phone.getByRole('link', { name: 'CSV: notes as a table' })).toBeVisible();
	await expect(phone.getByLabel('What to export')).toHaveValue('');
	await screenshot(phone, testInfo, 'export-menu-phone-en');
});
