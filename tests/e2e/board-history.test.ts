import type { Locator, Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, uniqueTitle } from './fixtures';
import { connected, note, openBoard, pageAs, projectWithTeam } from './board-helpers';

const IDEAS = ['จองคิวผ่าน LINE', 'ป้ายบอกเวลารอหน้าห้อง', 'ช่องด่วนผู้สูงอายุ', 'เอกสารตัวอย่างหน้าห้อง', 'นัดล่วงหน้าทางโทรศัพท์', 'ที่นั่งรอเพิ่ม'];

async function addIdeas(page: Page, board: string): Promise<void> {
	await page.goto(`${board}?view=list`);
	await connected(page);
	const brainstorm = page.getByRole('region', { name: /^ระดมไอเดีย/ });
	for (const idea of IDEAS) {
		await page.getByLabel('เพิ่มโน้ตใน ระดมไอเดีย').fill(idea);
		await brainstorm.getByRole('button', { name: 'เพิ่มโน้ต' }).click();
		await expect(brainstorm.getByText(idea, { exact: true })).toBeVisible();
	}
}

test('a member deletes every note; the facilitator previews the version from before and restores it, and another person sees the notes return', async ({
	browser
}, testInfo) => {
	const facilitator = await pageAs(browser, 'facilitator');
	const member = await pageAs(browser, 'member');
	const watcher = await pageAs(browser, 'member');
	const project = await projectWithTeam(facilitator, uniqueTitle('ประวัติ'));
	const board = await openBoard(facilitator, project, 'ระดมความคิด');
	await addIdeas(facilitator, board);

	await watcher.goto(`${board}?view=list`);
	await connected(watcher);
	for (const idea of IDEAS) await expect(watcher.getByText(idea, { exact: true })).toBeVisible();

	// The member selects everything on the canvas and deletes it in one go.
	await member.goto(board);
	await connected(member);
	await expect(note(member, IDEAS[0]!)).toBeVisible();
	await member.locator('.canvas').first().focus();
	await member.keyboard.press('Control+a');
	await member.keyboard.press('Delete');
	for (const idea of IDEAS) await expect(watcher.getByText(idea, { exact: true })).toHaveCount(0);

	// The facilitator opens the board's history: a version from before the deletion, by the member.
	await facilitator.goto(board);
	await connected(facilitator);
	await facilitator.getByRole('button', { name: 'ประวัติ', exact: true }).click();
	const history = facilitator.getByRole('region', { name: 'ประวัติและโน้ตที่ถูกลบ' });
	const before = history.locator('[data-version-reason="before-deletion"]');
	await expect(before).toContainText('ก่อนที่ วิชัย รักงาน ลบจำนวนมาก');
	await expect(before).toContainText('โน้ต 6 ใบ');
	// The deleted notes are in the trash, with who deleted them.
	await expect(history.getByText(`ลบโดย วิชัย รักงาน`).first()).toBeVisible();
	await expect(history.getByRole('checkbox')).toHaveCount(6);
	await expectNoSeriousA11yViolations(facilitator);

	// Preview first (read-only), then restore.
	await before.getByRole('button', { name: /ดูตัวอย่าง/ }).click();
	await expect(history.getByRole('heading', { name: /บอร์ดเมื่อ .* \(ดูอย่างเดียว\)/ })).toBeVisible();
	await expect(history).toContainText('ถ้ากู้คืน: โน้ตกลับมา 6 ใบ ถูกลบ 0 ใบ');
	for (const idea of IDEAS) await expect(history.getByText(idea, { exact: true })).toBeVisible();
	await expect(watcher.getByText(IDEAS[0]!, { exact: true })).toHaveCount(0);
	await expectNoSeriousA11yViolations(facilitator);
	await screenshot(facilitator, testInfo, 'history-preview-1280');

	await history.getByRole('button', { name: 'กู้คืนฉบับนี้' }).click();
	await expect(history.getByRole('status')).toContainText('กู้คืนแล้ว: โน้ตกลับมา 6 ใบ');
	for (const idea of IDEAS) await expect(watcher.getByText(idea, { exact: true })).toBeVisible();
	await expect(note(member, IDEAS[0]!)).toBeVisible();
	await expect(history.locator('[data-version-reason="before-restore"]')).toHaveCount(1);
	await screenshot(facilitator, testInfo, 'history-restored-1280');

	// On a phone: the panel fits, the versions and the trash read top to bottom.
	await facilitator.setViewportSize({ width: 360, height: 740 });
	await expect(history).toBeVisible();
	const box = await history.boundingBox();
	expect(box!.width).toBeLessThanOrEqual(360);
	expect(await facilitator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await expectTouchTargets(history);
	await screenshot(facilitator, testInfo, 'history-360');

	// The preview on a phone: the restore button stays at the bottom of the sheet, where a thumb is.
	await history
		.locator('[data-version-reason="before-deletion"]')
		.getByRole('button', { name: /ดูตัวอย่าง/ })
		.click();
	const restore = history.getByRole('button', { name: 'กู้คืนฉบับนี้' });
	await expect(restore).toBeInViewport();
	const restoreBox = (await restore.boundingBox())!;
	expect(restoreBox.y + restoreBox.height).toBeGreaterThan(740 - 120);
	expect(restoreBox.y + restoreBox.height).toBeLessThanOrEqual(740);
	await expectTouchTargets(history);
	expect(await facilitator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await expectNoSeriousA11yViolations(facilitator);
	await screenshot(facilitator, testInfo, 'history-preview-360');
});

/** Every visible button and checkbox of the history takes a 44 × 44 px finger (WCAG 2.5.5). */
async function expectTouchTargets(history: Locator): Promise<void> {
	const sizes = await history.locator('button:visible, input[type="checkbox"]:visible').evaluateAll((els) =>
		els.map((el) => {
			// A checkbox is ticked from its whole row (its label beside it).
			const target = el instanceof HTMLInputElement ? el.closest('li')! : el;
			const box = target.getBoundingClientRect();
			return { name: el.textContent?.trim() || el.getAttribute('aria-label') || el.id, w: Math.round(box.width), h: Math.round(box.height) };
		})
	);
	expect(sizes.length).toBeGreaterThan(0);
	expect(sizes.filter((s) => s.w < 44 || s.h < 44)).toEqual([]);
}

test('a guest may change only their own notes, until the facilitator lets guests change everyone’s', async ({ browser }, testInfo) => {
	const facilitator = await pageAs(browser, 'facilitator');
	const project = await projectWithTeam(facilitator, uniqueTitle('แขก'));
	const board = await openBoard(facilitator, project, 'ระดมความคิด');
	await addIdeas(facilitator, board);
	await facilitator.goto(board);
	await connected(facilitator);
	await facilitator.getByRole('button', { name: 'นำกระบวนการ' }).click();
	await facilitator.getByRole('button', { name: 'เปิดรหัสเข้าร่วม' }).click();
	const code = (await facilitator.locator('[data-join-code]').getAttribute('data-join-code'))!;
	const allow = facilitator.getByLabel('ให้แขกแก้ไขและลบโน้ตของทุกคนได้');
	await expect(allow).not.toBeChecked();

	const guest = await (await browser.newContext()).newPage();
	await guest.goto('/join', { waitUntil: 'networkidle' });
	await guest.getByLabel('รหัสเข้าร่วม').fill(code);
	await guest.getByLabel('ชื่อของคุณ').fill('ป้าแดง');
	await guest.getByRole('button', { name: 'เข้าร่วม' }).click();
	await expect(guest).toHaveURL(/\/guest$/);
	await guest.getByRole('link', { name: 'รายการ' }).click();
	await connected(guest);
	await guest.getByLabel('เพิ่มโน้ตใน ระดมไอเดีย').fill('ของป้าแดงเอง');
	await guest
		.getByRole('region', { name: /^ระดมไอเดีย/ })
		.getByRole('button', { name: 'เพิ่มโน้ต' })
		.click();
	const edit = (text: string) => guest.getByRole('button', { name: new RegExp(`แก้ไข.*${text}`) });
	await expect(edit('ของป้าแดงเอง')).toBeVisible();
	await expect(guest.getByText(IDEAS[0]!, { exact: true })).toBeVisible();
	await expect(edit(IDEAS[0]!)).toHaveCount(0);

	await allow.check();
	await expect(edit(IDEAS[0]!)).toBeVisible();
	await expectNoSeriousA11yViolations(guest);
	await screenshot(guest, testInfo, 'guest-list-1280');
});
