import type { Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, uniqueTitle } from './fixtures';
import { connected, note, openBoard, pageAs, projectWithTeam } from './board-helpers';

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } as const;
const IDEAS = ['จองคิวผ่าน LINE', 'ป้ายบอกเวลารอหน้าห้อง', 'ช่องด่วนผู้สูงอายุ', 'ส่ง SMS เมื่อใกล้ถึงคิว', 'เก้าอี้รอเพิ่มอีกแถว'];

/** Nothing wider than the screen: no sideways scrolling on a phone. */
async function expectNoHorizontalOverflow(page: Page): Promise<void> {
	const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
	expect(widths.page).toBeLessThanOrEqual(widths.screen);
}

function facilitationBar(page: Page) {
	return page.getByRole('region', { name: 'เครื่องมือนำเวิร์กช็อป' }).first();
}

test('a guest on a 360 px phone joins by the QR link, adds five notes and casts dots with big taps while the facilitator sees them live', async ({
	browser
}, testInfo) => {
	test.setTimeout(180_000);
	const facilitator = await pageAs(browser, 'facilitator');
	const project = await projectWithTeam(facilitator, uniqueTitle('มือถือแขก'));
	await openBoard(facilitator, project, 'ระดมความคิด');
	await facilitator.getByRole('button', { name: 'นำกระบวนการ' }).click();
	await facilitator.getByRole('button', { name: 'เปิดรหัสเข้าร่วม' }).click();
	const code = (await facilitator.locator('[data-join-code]').getAttribute('data-join-code'))!;
	await facilitator.locator('#facilitator-panel').getByRole('button', { name: 'เริ่มจับเวลา' }).click();

	// The QR code opens /join with the code filled in: the guest types only a name.
	const guest = await (await browser.newContext(PHONE)).newPage();
	await guest.goto(`/join?code=${code}`, { waitUntil: 'networkidle' });
	await guest.getByLabel('ชื่อของคุณ').fill('ลุงสมชาย');
	await guest.getByRole('button', { name: 'เข้าร่วม' }).click();
	await expect(guest).toHaveURL(/\/guest$/);
	await connected(guest);

	// A phone opens in the participant view: the section to write in, the box open at once, the timer.
	await expect(guest.getByRole('link', { name: 'เขียน' })).toHaveAttribute('aria-current', 'page');
	await expect(guest.getByText('ส่วน: ระดมไอเดีย')).toBeVisible();
	await expect(guest.locator('[data-timer-left]')).toBeVisible();
	const box = guest.getByLabel('โน้ตของคุณ');
	await expect(box).toBeVisible();
	const boxSize = (await box.boundingBox())!;
	expect(boxSize.width).toBeGreaterThan(300);
	// The header and the board's chrome are folded: the box and its button are on the first screen.
	const addSize = (await guest.getByRole('button', { name: 'เพิ่มโน้ต' }).boundingBox())!;
	expect(addSize.y + addSize.height).toBeLessThanOrEqual(740);
	expect(Math.min(addSize.width, addSize.height)).toBeGreaterThanOrEqual(48);
	await expectNoSeriousA11yViolations(guest);
	await expectNoHorizontalOverflow(guest);
	await screenshot(guest, testInfo, 'phone-write');

	// An empty tap adds nothing (and says why, in Thai).
	const add = guest.getByRole('button', { name: 'เพิ่มโน้ต' });
	await add.tap();
	await expect(guest.getByText('เขียนข้อความก่อน แล้วค่อยกดเพิ่มโน้ต')).toBeVisible();
	await expect(guest.getByRole('heading', { name: 'โน้ตของฉัน (0 ใบ)' })).toBeVisible();

	for (const idea of IDEAS) {
		await box.fill(idea);
		await add.tap();
		await expect(box).toHaveValue('');
	}
	await expect(guest.getByRole('heading', { name: 'โน้ตของฉัน (5 ใบ)' })).toBeVisible();
	for (const idea of IDEAS) await expect(note(facilitator, idea)).toContainText('ลุงสมชาย (แขก)');
	// Each went to Brainstorm, and no empty note was made anywhere.
	await expect(guest.getByText('ใน ระดมไอเดีย', { exact: true })).toHaveCount(5);
	await expect(facilitator.locator('[data-note-id]', { hasText: '(โน้ตว่าง)' })).toHaveCount(0);

	// My notes are mine to edit.
	await guest.getByRole('button', { name: `แก้ไข: ${IDEAS[4]}` }).tap();
	await guest.getByLabel('ข้อความโน้ต').fill('เก้าอี้รอเพิ่มอีกสองแถว');
	await guest.getByRole('button', { name: 'บันทึก' }).tap();
	await expect(note(facilitator, 'เก้าอี้รอเพิ่มอีกสองแถว')).toBeVisible();

	// The facilitator opens a round of three dots: the phone shows big − / + per note.
	const panel = facilitator.locator('#facilitator-panel');
	await panel.getByLabel('จำนวนจุดต่อคน').fill('3');
	await panel.getByRole('button', { name: 'เริ่มโหวต' }).click();
	await expect(guest.getByText('กำลังโหวต: เหลือ 3 จาก 3 จุด').first()).toBeVisible();
	const plus = guest.getByRole('button', { name: `เพิ่มจุด: ${IDEAS[0]}` });
	const plusSize = (await plus.boundingBox())!;
	expect(Math.min(plusSize.width, plusSize.height)).toBeGreaterThanOrEqual(48);
	await plus.tap();
	await plus.tap();
	await guest.getByRole('button', { name: `เพิ่มจุด: ${IDEAS[1]}` }).tap();
	await expect(guest.locator('[data-dots-left]')).toHaveAttribute('data-dots-left', '0');
	await expect(guest.getByRole('button', { name: `เพิ่มจุด: ${IDEAS[2]}` })).toBeDisabled();
	await guest.getByRole('button', { name: `ถอนจุด: ${IDEAS[0]}` }).tap();
	await expect(guest.locator('[data-dots-left]')).toHaveAttribute('data-dots-left', '1');
	await expect(panel.getByText('มี 1 คนวางแล้ว รวม 2 จุด')).toBeVisible();
	await expectNoSeriousA11yViolations(guest);
	await expectNoHorizontalOverflow(guest);
	await screenshot(guest, testInfo, 'phone-vote');

	// The canvas is one tap away, and comes back to the same place in the URL.
	await guest.getByRole('link', { name: 'กระดาน' }).tap();
	await expect(guest).toHaveURL(/\?view=canvas$/);
	await expect(guest.getByRole('region', { name: 'กระดานโน้ต' })).toBeVisible();
	// Notes are readable there, not blank boxes: a phone opens on the section to write in.
	await expect(note(guest, IDEAS[0]!)).toBeVisible();
	await expect(facilitationBar(guest)).toContainText('เหลือ 1 จาก 3 จุด');
	await expectNoHorizontalOverflow(guest);
	await screenshot(guest, testInfo, 'phone-canvas');

	// On the canvas "+ add note" opens the note's editor at once, whatever the zoom.
	const addOnCanvas = guest.getByRole('toolbar').getByRole('button', { name: 'เพิ่มโน้ต' });
	await addOnCanvas.tap();
	const editor = guest.getByLabel('ข้อความโน้ต');
	await expect(editor).toBeFocused();
	await editor.fill('ห้องให้นมลูก');
	await editor.press('Enter');
	await expect(note(facilitator, 'ห้องให้นมลูก')).toBeVisible();
	// An editor that closes empty leaves no note behind.
	await addOnCanvas.tap();
	await expect(editor).toBeFocused();
	await editor.press('Escape');
	await expect(editor).toHaveCount(0);
	// A tap selects a note; a second tap edits it.
	await note(guest, 'ห้องให้นมลูก').tap({ position: { x: 20, y: 12 } });
	await note(guest, 'ห้องให้นมลูก').tap({ position: { x: 20, y: 12 } });
	await expect(editor).toBeFocused();
	await editor.press('Escape');
	// The hints speak of taps on a touch screen.
	await guest.getByRole('button', { name: 'แป้นพิมพ์ลัด' }).tap();
	await expect(guest.getByText('แตะโน้ตเพื่อเลือก แตะอีกครั้งเพื่อแก้ไข', { exact: false })).toBeVisible();
	await guest.getByRole('link', { name: 'เขียน' }).tap();
	await expect(guest.getByRole('heading', { name: 'โน้ตของฉัน (6 ใบ)' })).toBeVisible();
	await expect(facilitator.locator('[data-note-id][aria-label^="(โน้ตว่าง)"]')).toHaveCount(0);
	await screenshot(facilitator, testInfo, 'desktop-after-phone');
});

test('a member on a phone: the site header and the board bar fold into menus, and open them again', async ({ browser }, testInfo) => {
	const facilitator = await pageAs(browser, 'facilitator');
	const project = await projectWithTeam(facilitator, uniqueTitle('มือถือสมาชิก'));
	const board = await openBoard(facilitator, project, 'ระดมความคิด');
	const phone = await pageAs(browser, 'member', PHONE);
	await phone.goto(board);
	await connected(phone);
	const siteNav = phone.getByRole('navigation', { name: 'เมนูหลัก' });
	await expect(siteNav).toBeHidden();
	await expect(phone.getByRole('navigation', { name: 'บอร์ดของขั้นอื่น' })).toBeHidden();
	// The title, the views and the connection stay in sight.
	await expect(phone.getByRole('heading', { level: 1 })).toBeVisible();
	await expect(phone.getByRole('link', { name: 'กระดาน' })).toBeVisible();
	await expect(phone.locator('[data-status]')).toBeVisible();
	await phone.getByRole('button', { name: 'เมนู', exact: true }).tap();
	await expect(siteNav).toBeVisible();
	await phone.getByRole('button', { name: 'เมนูบอร์ด' }).tap();
	await expect(phone.getByRole('navigation', { name: 'บอร์ดของขั้นอื่น' })).toBeVisible();
	await expectNoSeriousA11yViolations(phone);
	await expectNoHorizontalOverflow(phone);
	await screenshot(phone, testInfo, 'phone-menus-open');
});

/** Whether two boxes overlap. */
function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('a room of forty at "fit" on 1280×800: notes read, a dot is cast on the first click, popups stay off the toolbar, English says "1 dot"', async ({
	browser
}, testInfo) => {
	test.setTimeout(180_000);
	const DESKTOP = { viewport: { width: 1280, height: 800 } };
	const facilitator = await pageAs(browser, 'facilitator', DESKTOP);
	const project = await projectWithTeam(facilitator, uniqueTitle('พอดีจอ'));
	const board = await openBoard(facilitator, project, 'ระดมความคิด');
	await facilitator.goto(`${board}?view=list`);
	await connected(facilitator);
	const brainstorm = facilitator.getByRole('region', { name: /^ระดมไอเดีย/ });
	for (const idea of IDEAS.slice(0, 3)) {
		await facilitator.getByLabel('เพิ่มโน้ตใน ระดมไอเดีย').fill(idea);
		await brainstorm.getByRole('button', { name: 'เพิ่มโน้ต' }).click();
		await expect(brainstorm.getByText(idea, { exact: true })).toBeVisible();
	}
	await facilitator.goto(board);
	await connected(facilitator);
	const toggle = facilitator.getByRole('button', { name: 'นำกระบวนการ' });
	await toggle.click();
	const panel = facilitator.locator('#facilitator-panel');
	await panel.getByRole('button', { name: 'เริ่มโหวต' }).click();

	const member = await pageAs(browser, 'member', DESKTOP);
	await member.goto(board);
	await connected(member);
	await member.getByRole('button', { name: 'พอดีจอ' }).click();
	const zoom = Number((await member.getByRole('toolbar').getByText(/%$/).textContent())!.replace('%', ''));
	expect(zoom).toBeLessThan(60);
	// Far out a note shows its first words, drawn large enough to read (at least 12 px on screen).
	const first = note(member, IDEAS[0]!);
	await expect(first.locator('.far-text')).toHaveText(IDEAS[0]!);
	const screenText = await first.locator('.far-text').evaluate((el) => {
		const size = parseFloat(getComputedStyle(el).fontSize);
		const scale = el.getBoundingClientRect().width / (el as HTMLElement).offsetWidth;
		return size * scale;
	});
	expect(screenText).toBeGreaterThanOrEqual(11.5);
	// Sections say what they are and how many notes they hold.
	await expect(member.getByRole('region', { name: 'ส่วน: ระดมไอเดีย' }).locator('[data-section-count]')).toHaveText('3 ใบ');

	// The dot button is at least 24 × 24 on screen, and the first click casts a dot (nothing selected).
	const plus = member.getByRole('button', { name: `เพิ่มจุด: ${IDEAS[0]}` });
	const plusBox = (await plus.boundingBox())!;
	expect(Math.min(plusBox.width, plusBox.height)).toBeGreaterThanOrEqual(24);
	await plus.click();
	await expect(facilitationBar(member)).toContainText('เหลือ 4 จาก 5 จุด');
	await expect(first).not.toHaveClass(/\bselected\b/);
	await expectNoSeriousA11yViolations(member);
	await screenshot(member, testInfo, 'desktop-fit-voting');

	// "+ add note" far out opens the editor at once (the view comes to the note).
	await member.getByRole('toolbar').getByRole('button', { name: 'เพิ่มโน้ต' }).click();
	await expect(member.getByLabel('ข้อความโน้ต')).toBeFocused();
	await member.getByLabel('ข้อความโน้ต').press('Escape');
	await expect(member.locator('[data-note-id][aria-label^="(โน้ตว่าง)"]')).toHaveCount(0);

	// The facilitator's panel and the results open below the toolbar: the zoom stays in reach.
	const toolbar = (await facilitator.getByRole('toolbar').boundingBox())!;
	const zoomGroup = (await facilitator.getByRole('group', { name: 'ย่อขยาย' }).boundingBox())!;
	const panelBox = (await panel.boundingBox())!;
	expect(panelBox.y).toBeGreaterThanOrEqual(toolbar.y + toolbar.height);
	expect(overlaps(panelBox, zoomGroup)).toBe(false);
	await panel.getByRole('button', { name: 'ปิดโหวต' }).click();
	await panel.getByRole('button', { name: 'เปิดผลโหวต' }).click();
	const results = member.getByRole('region', { name: 'ผลโหวต' });
	await expect(results.getByRole('listitem')).toHaveCount(1);
	const resultsBox = (await results.boundingBox())!;
	const memberToolbar = (await member.getByRole('toolbar').boundingBox())!;
	expect(resultsBox.y).toBeGreaterThanOrEqual(memberToolbar.y + memberToolbar.height);
	await screenshot(facilitator, testInfo, 'desktop-fit-facilitator');

	// English counts its dots: "1 dot", not "1 dots".
	await member.getByRole('button', { name: 'English' }).click();
	await connected(member);
	await expect(member.getByRole('region', { name: 'Voting results' }).getByRole('listitem')).toHaveText([new RegExp(`^\\s*1 dot\\s*${IDEAS[0]}`)]);
	await expectNoSeriousA11yViolations(member);
	await screenshot(member, testInfo, 'desktop-fit-results-en');
});
