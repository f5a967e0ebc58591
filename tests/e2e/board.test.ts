import type { Page } from '@playwright/test';
import { test, expect, DEMO, expectNoSeriousA11yViolations, screenshot, uniqueTitle } from './fixtures';
import { connected, demoProject, note, openBoard, pageAs, projectWithTeam } from './board-helpers';

test('two people on one board: one adds and moves a note, the other sees it live', async ({ browser }, testInfo) => {
	const facilitator = await pageAs(browser, 'facilitator');
	const member = await pageAs(browser, 'member');
	const project = await projectWithTeam(facilitator, uniqueTitle('บอร์ดสด'));
	const board = await openBoard(facilitator, project, 'เข้าใจปัญหา');
	await member.goto(board);
	await connected(member);
	await expect(member.getByRole('list', { name: /คนบนบอร์ดนี้ตอนนี้ 2 คน/ })).toBeVisible();
	await expect(member.getByTitle(DEMO.facilitator.name)).toBeVisible();

	await facilitator.getByRole('button', { name: 'เพิ่มโน้ต' }).click();
	const editor = facilitator.getByLabel('ข้อความโน้ต');
	await expect(editor).toBeFocused();
	await editor.pressSequentially('ผู้สูงอายุต้องมาตั้งแต่ตีห้า');
	await editor.press('Enter');
	await expect(note(member, 'ผู้สูงอายุต้องมาตั้งแต่ตีห้า')).toBeVisible();

	// Drag it 120 px right and 60 px down.
	const mine = note(facilitator, 'ผู้สูงอายุต้องมาตั้งแต่ตีห้า');
	const before = Number(await mine.getAttribute('data-x'));
	const box = (await mine.boundingBox())!;
	await facilitator.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await facilitator.mouse.down();
	await facilitator.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2 + 30, { steps: 4 });
	await facilitator.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 60, { steps: 4 });
	await facilitator.mouse.up();
	await expect.poll(async () => Number(await mine.getAttribute('data-x'))).toBeGreaterThan(before);
	const after = await mine.getAttribute('data-x');
	await expect(note(member, 'ผู้สูงอายุต้องมาตั้งแต่ตีห้า')).toHaveAttribute('data-x', after!);
	// The member sees the facilitator's selection and cursor.
	await expect(note(member, 'ผู้สูงอายุต้องมาตั้งแต่ตีห้า')).toHaveClass(/peer-selected/);
	await expect(member.locator('.cursor', { hasText: DEMO.facilitator.name })).toBeVisible();

	await expectNoSeriousA11yViolations(member);
	await screenshot(facilitator, testInfo, 'board-facilitator');
	await screenshot(member, testInfo, 'board-member');
});

test('a viewer sees the board live but cannot change it', async ({ browser }, testInfo) => {
	// The demo official is a viewer on the demo project.
	const official = await pageAs(browser, 'official');
	await openBoard(official, await demoProject(official), 'ระดมความคิด');
	await expect(official.getByText('อ่านอย่างเดียว')).toBeVisible();
	await expect(official.getByRole('button', { name: 'เพิ่มโน้ต' })).toHaveCount(0);
	const notesBefore = await official.locator('[data-note-id]').count();
	expect(notesBefore).toBeGreaterThan(0);
	await official.getByRole('region', { name: 'กระดานโน้ต' }).focus();
	await official.keyboard.press('n');
	await official.locator('[data-note-id]').first().dblclick();
	await expect(official.getByLabel('ข้อความโน้ต')).toHaveCount(0);
	await official.keyboard.press('Delete');
	await expect(official.locator('[data-note-id]')).toHaveCount(notesBefore);
	await expectNoSeriousA11yViolations(official);
	await screenshot(official, testInfo, 'board-viewer');

	await official.getByRole('link', { name: 'รายการ' }).click();
	await expect(official.getByRole('heading', { name: /ระดมไอเดีย/ })).toBeVisible();
	await expect(official.getByRole('button', { name: /^แก้ไข/ })).toHaveCount(0);
	await expect(official.getByRole('button', { name: 'เพิ่มโน้ต' })).toHaveCount(0);
});

test('the list view works by keyboard alone, and announces what others change', async ({ browser }, testInfo) => {
	const facilitator = await pageAs(browser, 'facilitator');
	const member = await pageAs(browser, 'member');
	const project = await projectWithTeam(facilitator, uniqueTitle('รายการ'));
	const board = await openBoard(facilitator, project, 'ระดมความคิด');
	await member.goto(`${board}?view=list`);
	await connected(member);

	await facilitator.goto(`${board}?view=list`);
	await connected(facilitator);
	const page = facilitator;

	/** Presses Tab (or Shift+Tab, if it lies behind) until `target` has focus: keyboard only, as a user would. */
	async function tabTo(target: ReturnType<Page['getByRole']>, limit = 120) {
		const backwards = await target.evaluate((el) => {
			const active = document.activeElement;
			return !!active && active !== document.body && !!(el.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING);
		});
		for (let i = 0; i < limit; i++) {
			if (await target.evaluate((el) => el === document.activeElement)) return;
			await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
		}
		throw new Error('could not reach the element with Tab');
	}

	// Add a note to "How might we…?".
	await tabTo(page.getByLabel('เพิ่มโน้ตใน เราจะ…ได้อย่างไร'));
	await page.keyboard.type('เราจะบอกเวลารอให้ผู้มาติดต่อรู้ได้อย่างไร');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	const hmw = page.getByRole('region', { name: /เราจะ…ได้อย่างไร/ });
	await expect(hmw.getByText('เราจะบอกเวลารอให้ผู้มาติดต่อรู้ได้อย่างไร', { exact: true })).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'เพิ่มโน้ตใน เราจะ…ได้อย่างไร แล้ว' })).toHaveCount(1);
	// The member, in the list view, hears it (polite live region).
	await expect(
		member.locator('[aria-live="polite"]').filter({ hasText: 'มีคนเพิ่มโน้ตใน เราจะ…ได้อย่างไร: เราจะบอกเวลารอให้ผู้มาติดต่อรู้ได้อย่างไร' })
	).toHaveCount(1);

	// Edit it.
	await tabTo(page.getByRole('button', { name: 'แก้ไข: เราจะบอกเวลารอให้ผู้มาติดต่อรู้ได้อย่างไร' }));
	await page.keyboard.press('Enter');
	await expect(page.getByLabel('ข้อความโน้ต')).toBeFocused();
	await page.keyboard.press('ControlOrMeta+a');
	await page.keyboard.type('เราจะบอกเวลารอที่แม่นยำได้อย่างไร');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	await expect(hmw.getByText('เราจะบอกเวลารอที่แม่นยำได้อย่างไร', { exact: true })).toBeVisible();
	await expect(page.locator('article:focus')).toContainText('เราจะบอกเวลารอที่แม่นยำได้อย่างไร');

	// Move it to "Brainstorm".
	await tabTo(page.getByLabel('ย้ายโน้ต “เราจะบอกเวลารอที่แม่นยำได้อย่างไร” ไปที่ส่วน'));
	await page.keyboard.press('ArrowDown');
	await expect(page.getByLabel('ย้ายโน้ต “เราจะบอกเวลารอที่แม่นยำได้อย่างไร” ไปที่ส่วน')).toHaveValue(/.+/);
	const target = await page
		.getByLabel('ย้ายโน้ต “เราจะบอกเวลารอที่แม่นยำได้อย่างไร” ไปที่ส่วน')
		.evaluate((el: HTMLSelectElement) => el.selectedOptions[0]!.text);
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	const moved = page.getByRole('region', { name: new RegExp(target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
	await expect(moved.getByText('เราจะบอกเวลารอที่แม่นยำได้อย่างไร', { exact: true })).toBeVisible();
	await expect(hmw.getByText('เราจะบอกเวลารอที่แม่นยำได้อย่างไร', { exact: true })).toHaveCount(0);
	await expect(member.getByRole('region', { name: new RegExp(target) }).getByText('เราจะบอกเวลารอที่แม่นยำได้อย่างไร', { exact: true })).toBeVisible();

	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'board-list');

	// Delete it, then undo.
	await tabTo(page.getByRole('button', { name: 'ลบ: เราจะบอกเวลารอที่แม่นยำได้อย่างไร' }));
	await page.keyboard.press('Enter');
	await expect(page.getByText('เราจะบอกเวลารอที่แม่นยำได้อย่างไร', { exact: true })).toHaveCount(0);
	await expect(member.getByText('เราจะบอกเวลารอที่แม่นยำได้อย่างไร', { exact: true })).toHaveCount(0);
	await tabTo(page.getByRole('button', { name: 'เลิกทำ' }));
	await page.keyboard.press('Enter');
	await expect(moved.getByText('เราจะบอกเวลารอที่แม่นยำได้อย่างไร', { exact: true })).toBeVisible();
});

test('the canvas works by keyboard: add, edit, move, group into a named cluster, undo', async ({ browser }, testInfo) => {
	const page = await pageAs(browser, 'facilitator');
	const project = await projectWithTeam(page, uniqueTitle('แป้นพิมพ์'));
	await openBoard(page, project, 'ทดสอบ');
	await page.getByRole('region', { name: 'กระดานโน้ต' }).focus();
	await page.keyboard.press('n');
	await expect(page.getByLabel('ข้อความโน้ต')).toBeFocused();
	await page.keyboard.type('ป้ายบอกเวลารอช่วยได้มาก');
	await page.keyboard.press('Enter');
	const card = note(page, 'ป้ายบอกเวลารอช่วยได้มาก');
	await expect(card).toBeFocused();
	const x = Number(await card.getAttribute('data-x'));
	await page.keyboard.press('ArrowRight');
	await page.keyboard.press('Shift+ArrowRight');
	await expect(card).toHaveAttribute('data-x', String(x + 60));
	await page.keyboard.press('g');
	await page.getByLabel('ชื่อกลุ่ม').fill('ป้ายและจอ');
	await page.getByRole('button', { name: 'สร้างกลุ่ม' }).click();
	await expect(page.getByRole('region', { name: 'ส่วน: ป้ายและจอ' })).toBeVisible();
	await page.keyboard.press('ControlOrMeta+z');
	await expect(page.getByRole('region', { name: 'ส่วน: ป้ายและจอ' })).toHaveCount(0);
	await page.keyboard.press('ControlOrMeta+Shift+z');
	await expect(page.getByRole('region', { name: 'ส่วน: ป้ายและจอ' })).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'board-cluster');
});

test('the canvas by pointer: shift-click and rubber-band selection, colour, resize, copy and paste, a cluster moved with its notes and renamed, wheel zoom', async ({
	browser
}, testInfo) => {
	const page = await pageAs(browser, 'facilitator');
	const project = await projectWithTeam(page, uniqueTitle('เมาส์'));
	await openBoard(page, project, 'สร้างต้นแบบ');
	const canvas = page.getByRole('region', { name: 'กระดานโน้ต' });
	const area = (await canvas.boundingBox())!;
	// Three notes by double-clicking empty space (below the template's sections).
	const spots = [
		[area.x + 120, area.y + area.height - 90],
		[area.x + 330, area.y + area.height - 90],
		[area.x + 540, area.y + area.height - 90]
	] as const;
	await page.getByRole('button', { name: 'ย่อ' }).click();
	for (const [i, [x, y]] of spots.entries()) {
		await page.mouse.dblclick(x, y);
		await page.keyboard.type(`ไอเดีย ${i + 1}`);
		await page.keyboard.press('Enter');
		await expect(note(page, `ไอเดีย ${i + 1}`)).toBeVisible();
	}
	// Double-click a note to edit it in place.
	await note(page, 'ไอเดีย 3').dblclick();
	await expect(page.getByLabel('ข้อความโน้ต')).toBeFocused();
	await page.keyboard.press('End');
	await page.keyboard.type(' (แก้)');
	await page.keyboard.press('Enter');
	await expect(note(page, 'ไอเดีย 3 (แก้)')).toBeVisible();
	await expect(page.locator('[data-note-id]')).toHaveCount(3);

	// Shift-click selects two.
	await note(page, 'ไอเดีย 1').click();
	await note(page, 'ไอเดีย 2').click({ modifiers: ['Shift'] });
	await expect(page.getByText('เลือกไว้ 2 ใบ')).toBeVisible();
	await page.getByRole('button', { name: 'ชมพู' }).click();
	await expect(note(page, 'ไอเดีย 1')).toHaveClass(/color-pink/);
	await expect(note(page, 'ไอเดีย 2')).toHaveClass(/color-pink/);
	await expect(note(page, 'ไอเดีย 3')).toHaveClass(/color-yellow/);

	// A rubber band around all three.
	const first = (await note(page, 'ไอเดีย 1').boundingBox())!;
	const third = (await note(page, 'ไอเดีย 3').boundingBox())!;
	await page.mouse.move(first.x - 15, first.y - 15);
	await page.mouse.down();
	await page.mouse.move(third.x + third.width + 15, third.y + third.height + 15, { steps: 6 });
	await page.mouse.up();
	await expect(page.getByText('เลือกไว้ 3 ใบ')).toBeVisible();

	// Resize the third by its corner.
	await note(page, 'ไอเดีย 3').click();
	const handle = (await note(page, 'ไอเดีย 3').locator('.resize').boundingBox())!;
	const widthBefore = (await note(page, 'ไอเดีย 3').boundingBox())!.width;
	await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
	await page.mouse.down();
	await page.mouse.move(handle.x + handle.width / 2 + 60, handle.y + handle.height / 2 + 40, { steps: 5 });
	await page.mouse.up();
	await expect.poll(async () => (await note(page, 'ไอเดีย 3').boundingBox())!.width).toBeGreaterThan(widthBefore + 30);

	// Copy and paste.
	await note(page, 'ไอเดีย 3').focus();
	await page.keyboard.press('ControlOrMeta+c');
	await page.keyboard.press('ControlOrMeta+v');
	await expect(note(page, 'ไอเดีย 3')).toHaveCount(2);

	// A cluster of two, moved by its title bar: its notes move with it; renamed by double-click.
	await note(page, 'ไอเดีย 1').click();
	await note(page, 'ไอเดีย 2').click({ modifiers: ['Shift'] });
	await page.getByRole('button', { name: 'จัดกลุ่ม' }).click();
	await page.getByLabel('ชื่อกลุ่ม').fill('โทรจอง');
	await page.keyboard.press('Enter');
	const cluster = page.getByRole('region', { name: 'ส่วน: โทรจอง' });
	await expect(cluster).toBeVisible();
	const x1 = Number(await note(page, 'ไอเดีย 1').getAttribute('data-x'));
	const x2 = Number(await note(page, 'ไอเดีย 2').getAttribute('data-x'));
	const bar = (await cluster.getByRole('heading', { name: 'โทรจอง' }).boundingBox())!;
	await page.mouse.move(bar.x + 10, bar.y + bar.height / 2);
	await page.mouse.down();
	await page.mouse.move(bar.x + 60, bar.y + bar.height / 2 + 10, { steps: 4 });
	await page.mouse.move(bar.x + 110, bar.y + bar.height / 2 + 20, { steps: 4 });
	await page.mouse.up();
	await expect.poll(async () => Number(await note(page, 'ไอเดีย 1').getAttribute('data-x'))).toBeGreaterThan(x1 + 50);
	const moved = Number(await note(page, 'ไอเดีย 1').getAttribute('data-x')) - x1;
	await expect(note(page, 'ไอเดีย 2')).toHaveAttribute('data-x', String(x2 + moved));
	await cluster.getByRole('heading', { name: 'โทรจอง' }).dblclick();
	await page.getByLabel('ชื่อส่วน').fill('โทรจองล่วงหน้า');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('region', { name: 'ส่วน: โทรจองล่วงหน้า' })).toBeVisible();

	// Ctrl+wheel (a trackpad pinch) zooms.
	const zoomText = page.getByRole('toolbar').getByText(/%$/);
	const zoomBefore = await zoomText.textContent();
	await page.mouse.move(area.x + area.width / 2, area.y + area.height / 2);
	await page.keyboard.down('Control');
	await page.mouse.wheel(0, -300);
	await page.keyboard.up('Control');
	await expect(zoomText).not.toHaveText(zoomBefore!);
	await screenshot(page, testInfo, 'board-pointer');
});

test('edits made offline are kept, survive a reload while offline, and merge on reconnect', async ({ browser }) => {
	const facilitator = await pageAs(browser, 'facilitator');
	const member = await pageAs(browser, 'member');
	const project = await projectWithTeam(facilitator, uniqueTitle('ออฟไลน์'));
	const board = await openBoard(facilitator, project, 'สร้างต้นแบบ');
	await member.goto(board);
	await connected(member);
	// On this first visit the page keeps itself, and the worker takes control: it can reload offline.
	await expect.poll(() => facilitator.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
	await expect.poll(() => facilitator.evaluate(async (path) => !!(await caches.match(path)), board)).toBe(true);

	await facilitator.context().setOffline(true);
	await expect(facilitator.locator('[data-status]')).toHaveAttribute('data-status', 'offline');
	await facilitator.getByRole('region', { name: 'กระดานโน้ต' }).focus();
	await facilitator.keyboard.press('n');
	await facilitator.keyboard.type('เขียนตอนไม่มีเน็ต');
	await facilitator.keyboard.press('Enter');
	await expect(facilitator.getByText('เก็บไว้ในเครื่องนี้')).toBeVisible();

	await facilitator.reload();
	await expect(note(facilitator, 'เขียนตอนไม่มีเน็ต')).toBeVisible();
	await expect(note(member, 'เขียนตอนไม่มีเน็ต')).toHaveCount(0);

	await facilitator.context().setOffline(false);
	await connected(facilitator);
	await expect(note(member, 'เขียนตอนไม่มีเน็ต')).toBeVisible();
});

test('logging out clears the offline copies of boards', async ({ browser }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel(/อีเมล/).fill(DEMO.member.email);
	await page.getByLabel(/รหัสผ่าน/).fill(DEMO.member.password);
	await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
	await expect(page).toHaveURL(/\/$/);
	await openBoard(page, await demoProject(page), 'เข้าใจปัญหา');
	const copies = () => page.evaluate(async () => (await indexedDB.databases()).filter((d) => d.name?.startsWith('prachalab-board:')).length);
	// The board's document and the outbox of private notes waiting for the hub (workshop-outbox.ts).
	await expect.poll(copies).toBe(2);
	await expect.poll(() => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('prachalab-boards-')).length)).toBe(1);
	await page.getByRole('button', { name: 'ออกจากระบบ' }).click();
	await expect(page).toHaveURL(/logged_out/);
	await expect.poll(copies).toBe(0);
	expect(await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('prachalab-boards-')))).toEqual([]);
});

test('the board fits a phone: touch-sized tools, the board in view, no serious axe violation', async ({ browser }, testInfo) => {
	const page = await pageAs(browser, 'member', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	await openBoard(page, await demoProject(page), 'เข้าใจปัญหา');
	// A phone opens on the participant view; the canvas is one tap away.
	await expect(page.getByRole('link', { name: 'เขียน' })).toHaveAttribute('aria-current', 'page');
	await page.getByRole('link', { name: 'กระดาน' }).tap();
	await expect(page.locator('[data-note-id]').first()).toBeVisible();
	const canvas = (await page.getByRole('region', { name: 'กระดานโน้ต' }).boundingBox())!;
	expect(canvas.height).toBeGreaterThan(450);
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'board-phone');

	// Two fingers spreading apart zoom in; one finger on empty space pans.
	const zoomText = page.getByRole('toolbar').getByText(/%$/);
	const before = Number((await zoomText.textContent())!.replace('%', ''));
	const cdp = await page.context().newCDPSession(page);
	const cx = canvas.x + canvas.width / 2;
	const cy = canvas.y + canvas.height / 2;
	const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', spread: number) =>
		cdp.send('Input.dispatchTouchEvent', {
			type,
			touchPoints:
				type === 'touchEnd'
					? []
					: [
							{ x: cx - spread, y: cy, id: 1 },
							{ x: cx + spread, y: cy, id: 2 }
						]
		});
	await touch('touchStart', 30);
	for (let spread = 40; spread <= 120; spread += 20) await touch('touchMove', spread);
	await touch('touchEnd', 0);
	await expect.poll(async () => Number((await zoomText.textContent())!.replace('%', ''))).toBeGreaterThan(before * 2);
	await page.getByRole('link', { name: 'รายการ' }).click();
	await expect(page.getByRole('heading', { name: /พูด/ })).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'board-phone-list');
});

test('the board reads in English too', async ({ browser }, testInfo) => {
	const page = await pageAs(browser, 'facilitator');
	await page.goto('/projects');
	await page.getByRole('button', { name: 'English' }).click();
	await page.getByRole('link', { name: 'ลดเวลารอคิวที่สำนักงานเขต' }).click();
	await page.getByRole('navigation', { name: 'Project sections' }).getByRole('link', { name: 'Boards' }).click();
	await page.getByRole('link', { name: 'Ideate board' }).click();
	await expect(page.locator('[data-status]')).toHaveAttribute('data-status', 'connected');
	await expect(page.getByRole('button', { name: 'Add note' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Section: Brainstorm' })).toBeVisible();
	// The facilitator's tools read in English too.
	await page.getByRole('button', { name: 'Facilitate' }).click();
	const panel = page.getByRole('region', { name: 'Workshop facilitation' }).last();
	await expect(panel.getByRole('button', { name: 'Start timer' })).toBeVisible();
	await expect(panel.getByLabel('Dots per person')).toHaveValue('5');
	await expect(panel.getByRole('button', { name: 'Bring everyone here: follow my view' })).toBeVisible();
	await expect(panel.getByRole('button', { name: 'Lock the board' })).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'board-en');
	await page.getByRole('button', { name: 'Close' }).click();
	await page.getByRole('button', { name: 'ไทย' }).click();
	await expect(page.getByRole('button', { name: 'เพิ่มโน้ต' })).toBeVisible();
});
