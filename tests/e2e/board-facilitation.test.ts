import type { Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, uniqueTitle } from './fixtures';
import { connected, note, openBoard, pageAs, projectWithTeam } from './board-helpers';

const IDEAS = ['จองคิวผ่าน LINE', 'ป้ายบอกเวลารอหน้าห้อง', 'ช่องด่วนผู้สูงอายุ'];

/** Adds notes to the Ideate board's brainstorm section from the list view, then goes back to the canvas. */
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

function facilitationBar(page: Page) {
	return page.getByRole('region', { name: 'เครื่องมือนำเวิร์กช็อป' }).first();
}

async function openPanel(page: Page) {
	const toggle = page.getByRole('button', { name: 'นำกระบวนการ' });
	if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
	return page.locator('#facilitator-panel');
}

test('a dot vote: the facilitator opens a round on one section, members vote by pointer, keyboard and list within their dots, results revealed, sorted and taken out', async ({
	browser
}, testInfo) => {
	const facilitator = await pageAs(browser, 'facilitator');
	await facilitator.context().grantPermissions(['clipboard-read', 'clipboard-write']);
	const member = await pageAs(browser, 'member');
	const project = await projectWithTeam(facilitator, uniqueTitle('โหวต'));
	const board = await openBoard(facilitator, project, 'ระดมความคิด');
	await addIdeas(facilitator, board);
	await facilitator.goto(board);
	await connected(facilitator);
	await member.goto(board);
	await connected(member);
	// Nothing to show a member before the facilitator starts something.
	await expect(facilitationBar(member)).toHaveCount(0);

	const panel = await openPanel(facilitator);
	await panel.getByLabel('จำนวนจุดต่อคน').fill('2');
	await panel.getByLabel('โน้ตที่รับจุดได้').selectOption({ label: 'ระดมไอเดีย' });
	await panel.getByRole('button', { name: 'เริ่มโหวต' }).click();
	await expect(facilitationBar(member)).toContainText('กำลังโหวต: เหลือ 2 จาก 2 จุด');
	await expect(facilitationBar(member)).toContainText('เฉพาะโน้ตใน ระดมไอเดีย');

	// By pointer, then by keyboard (V on a focused note).
	await member.getByRole('button', { name: `เพิ่มจุด: ${IDEAS[0]}` }).click();
	await expect(facilitationBar(member)).toContainText('เหลือ 1 จาก 2 จุด');
	await note(member, IDEAS[1]!).focus();
	await member.keyboard.press('v');
	await expect(facilitationBar(member)).toContainText('เหลือ 0 จาก 2 จุด');
	await expect(member.getByRole('status').filter({ hasText: `วางจุดที่ “${IDEAS[1]}” แล้ว เหลือ 0 จุด` })).toHaveCount(1);
	// No dots left: the buttons say so and do nothing.
	await expect(member.getByRole('button', { name: `เพิ่มจุด: ${IDEAS[2]}` })).toBeDisabled();
	await note(member, IDEAS[2]!).focus();
	await member.keyboard.press('v');
	await expect(note(member, IDEAS[2]!).locator('[data-my-votes]')).toHaveAttribute('data-my-votes', '0');
	// Changing one's mind: a dot taken back, placed elsewhere.
	await member.getByRole('button', { name: `ถอนจุด: ${IDEAS[0]}` }).click();
	await member.getByRole('button', { name: `เพิ่มจุด: ${IDEAS[1]}` }).click();
	await expect(note(member, IDEAS[1]!).locator('[data-my-votes]')).toHaveAttribute('data-my-votes', '2');
	// Others' dots are not shown while voting is open.
	await expect(member.locator('[data-vote-total]')).toHaveCount(0);
	await expectNoSeriousA11yViolations(member);
	await screenshot(member, testInfo, 'vote-member-open');

	// The facilitator votes from the list view, by keyboard.
	await facilitator.goto(`${board}?view=list`);
	await connected(facilitator);
	const add = facilitator.getByRole('button', { name: `เพิ่มจุด: ${IDEAS[2]}` });
	await add.focus();
	await facilitator.keyboard.press('Enter');
	await expect(facilitator.getByRole('status').filter({ hasText: `วางจุดที่ “${IDEAS[2]}” แล้ว เหลือ 1 จุด` })).toHaveCount(1);
	const panelInList = await openPanel(facilitator);
	await expect(panelInList.getByText('มี 2 คนวางแล้ว รวม 3 จุด')).toBeVisible();
	await expectNoSeriousA11yViolations(facilitator);
	await screenshot(facilitator, testInfo, 'vote-facilitator-list');

	// Ending: the facilitator sees the results first, the member waits.
	await panelInList.getByRole('button', { name: 'ปิดโหวต' }).click();
	await expect(facilitationBar(member)).toContainText('ปิดโหวตแล้ว รอเปิดผล');
	await expect(member.getByRole('button', { name: /^เพิ่มจุด:/ })).toHaveCount(0);
	await expect(member.locator('[data-vote-total]')).toHaveCount(0);
	await facilitator.getByRole('button', { name: 'ผลโหวต', exact: true }).click();
	await expect(facilitator.getByRole('region', { name: 'ผลโหวต' }).getByRole('listitem')).toHaveCount(2);

	await panelInList.getByRole('button', { name: 'เปิดผลโหวต' }).click();
	const results = member.getByRole('region', { name: 'ผลโหวต' });
	await expect(results.getByRole('listitem')).toHaveText([
		new RegExp(`^\\s*2 จุด\\s*${IDEAS[1]}\\s*โดย วิชัย รักงาน ×2\\s*$`),
		new RegExp(`^\\s*1 จุด\\s*${IDEAS[2]}\\s*โดย สมหญิง ใจดี\\s*$`)
	]);
	await expect(note(member, IDEAS[1]!).locator('[data-vote-total]')).toHaveAttribute('data-vote-total', '2');
	// The list view puts the most voted first.
	const brainstorm = facilitator.getByRole('region', { name: /^ระดมไอเดีย/ });
	await expect(brainstorm.locator('article .text')).toHaveText([IDEAS[1]!, IDEAS[2]!, IDEAS[0]!]);
	await screenshot(member, testInfo, 'vote-member-revealed');

	// Taking the results out: as text, and as the notes' order on the canvas.
	await facilitator.getByRole('region', { name: 'ผลโหวต' }).getByRole('button', { name: 'คัดลอกผลโหวต' }).click();
	await expect
		.poll(() => facilitator.evaluate(() => navigator.clipboard.readText()))
		.toBe(`2 · ${IDEAS[1]} (วิชัย รักงาน ×2)\n1 · ${IDEAS[2]} (สมหญิง ใจดี)`);
	await facilitator.getByRole('button', { name: 'เรียงโน้ตตามคะแนนโหวต' }).click();
	// Both positions are read on every poll: the sort reaches the member's screen at its own pace.
	const xs = async () => Promise.all(IDEAS.map(async (idea) => Number(await note(member, idea).getAttribute('data-x'))));
	await expect
		.poll(async () => {
			const [x0, x1, x2] = await xs();
			return x1! < x2! && x2! < x0!;
		})
		.toBe(true);
	await expectNoSeriousA11yViolations(member);
});

test('the facilitator’s timer counts down on every screen and says when time is up; a locked board keeps members’ hands off; everyone follows the facilitator’s view until they stop', async ({
	browser
}, testInfo) => {
	const facilitator = await pageAs(browser, 'facilitator');
	const member = await pageAs(browser, 'member');
	await member.clock.install();
	const project = await projectWithTeam(facilitator, uniqueTitle('เวลา'));
	const board = await openBoard(facilitator, project, 'เข้าใจปัญหา');
	await member.goto(board);
	await connected(member);

	const panel = await openPanel(facilitator);
	await panel.getByLabel('นาที').fill('0.5');
	await panel.getByRole('button', { name: 'เริ่มจับเวลา' }).click();
	const memberTimer = member.locator('[data-timer-left]');
	await expect(memberTimer).toBeVisible();
	await expect.poll(async () => Number(await memberTimer.getAttribute('data-timer-left'))).toBeGreaterThan(25);
	await panel.getByRole('button', { name: 'หยุดชั่วคราว' }).click();
	await expect(memberTimer).toContainText('หยุดอยู่');
	// Paused, both screens show the same time left.
	await expect
		.poll(async () => await memberTimer.getAttribute('data-timer-left'))
		.toBe(await facilitator.locator('[data-timer-left]').getAttribute('data-timer-left'));
	await panel.getByRole('button', { name: 'เดินต่อ' }).click();
	await expect(memberTimer).not.toContainText('หยุดอยู่');
	await expect(member.locator('[aria-live="polite"]').filter({ hasText: /^เริ่มจับเวลา: 0:[0-3]\d$/ })).toHaveCount(1);
	// The member's clock runs ahead to the end: an alert says so.
	await member.clock.fastForward('00:45');
	await expect(member.getByRole('alert').filter({ hasText: 'หมดเวลาแล้ว' })).toHaveCount(1);
	await expect(memberTimer).toHaveAttribute('data-timer-left', '0');
	await screenshot(member, testInfo, 'timer-ended');

	// Locked: the member's tools are gone and the board stays as it is.
	await panel.getByRole('button', { name: 'ล็อกบอร์ด' }).click();
	await expect(facilitationBar(member)).toContainText('ผู้นำกระบวนการล็อกบอร์ดไว้');
	await expect(member.getByRole('button', { name: 'เพิ่มโน้ต' })).toHaveCount(0);
	await member.getByRole('region', { name: 'กระดานโน้ต' }).focus();
	await member.keyboard.press('n');
	await expect(member.getByLabel('ข้อความโน้ต')).toHaveCount(0);
	await expectNoSeriousA11yViolations(member);
	await panel.getByRole('button', { name: 'ปลดล็อกบอร์ด' }).click();
	await expect(member.getByRole('button', { name: 'เพิ่มโน้ต' })).toBeVisible();

	// Follow me: the member's canvas moves with the facilitator's.
	await panel.getByRole('button', { name: 'พาทุกคนมาที่นี่: ให้ตามมุมมองของฉัน' }).click();
	await expect(facilitationBar(member)).toContainText('กำลังตามมุมมองของ สมหญิง ใจดี');
	await expect(facilitationBar(facilitator)).toContainText('คนที่กำลังตามมุมมองของคุณ: 1');
	const zoom = (page: Page) => page.getByRole('toolbar').getByText(/%$/);
	const percent = async (page: Page) => Number((await zoom(page).textContent())!.replace('%', ''));
	for (let i = 0; i < 3; i++) await facilitator.getByRole('button', { name: 'ขยาย' }).click();
	const target = await percent(facilitator);
	// The same board area on a screen of (almost) the same size: the same zoom, give or take.
	await expect.poll(async () => Math.abs((await percent(member)) - target)).toBeLessThanOrEqual(3);
	await expectNoSeriousA11yViolations(member);
	await screenshot(member, testInfo, 'following');
	await member.getByRole('button', { name: 'เลิกตาม' }).click();
	await expect(facilitationBar(facilitator)).toContainText('คนที่กำลังตามมุมมองของคุณ: 0');
	const mine = await zoom(member).textContent();
	await facilitator.getByRole('button', { name: 'ย่อ' }).click();
	await expect(zoom(facilitator)).not.toHaveText(mine!);
	await expect(zoom(member)).toHaveText(mine!);
	await expect(facilitationBar(member)).toContainText('สมหญิง ใจดี ขอให้ทุกคนตามมุมมอง');
	await screenshot(facilitator, testInfo, 'facilitator-panel');
});

test('facilitation fits a phone: the bar wraps, dots are big enough to tap, the list view votes', async ({ browser }, testInfo) => {
	const facilitator = await pageAs(browser, 'facilitator');
	const phone = await pageAs(browser, 'member', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const project = await projectWithTeam(facilitator, uniqueTitle('มือถือ'));
	const board = await openBoard(facilitator, project, 'ระดมความคิด');
	await addIdeas(facilitator, board);
	const panel = await openPanel(facilitator);
	await panel.getByRole('button', { name: 'เริ่มจับเวลา' }).click();
	await panel.getByLabel('ไม่เปิดเผยชื่อ: ไม่มีใครเห็นว่าใครวางจุดไหน').check();
	await panel.getByRole('button', { name: 'เริ่มโหวต' }).click();
	await phone.goto(`${board}?view=canvas`);
	await connected(phone);
	await expect(facilitationBar(phone)).toContainText('กำลังโหวต: เหลือ 5 จาก 5 จุด');
	await expectNoSeriousA11yViolations(phone);
	await screenshot(phone, testInfo, 'phone-voting-canvas');
	await phone.getByRole('link', { name: 'รายการ' }).click();
	const vote = phone.getByRole('button', { name: `เพิ่มจุด: ${IDEAS[0]}` });
	const box = (await vote.boundingBox())!;
	expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(32);
	await vote.tap();
	await expect(facilitationBar(phone)).toContainText('เหลือ 4 จาก 5 จุด');
	await expectNoSeriousA11yViolations(phone);
	await screenshot(phone, testInfo, 'phone-voting-list');
	// An anonymous round names nobody, even to the facilitator.
	await panel.getByRole('button', { name: 'ปิดโหวต' }).click();
	await panel.getByRole('button', { name: 'เปิดผลโหวต' }).click();
	const results = phone.getByRole('region', { name: 'ผลโหวต' });
	await expect(results.getByRole('listitem')).toHaveText([new RegExp(`^\\s*1 จุด\\s*${IDEAS[0]}\\s*$`)]);
	await expect(facilitator.getByRole('region', { name: 'ผลโหวต' }).getByRole('listitem')).toHaveText([new RegExp(`^\\s*1 จุด\\s*${IDEAS[0]}\\s*$`)]);
	await screenshot(phone, testInfo, 'phone-results');
});
