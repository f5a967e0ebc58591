import type { Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, uniqueTitle } from './fixtures';
import { connected, note, openBoard, pageAs, projectWithTeam } from './board-helpers';

/**
 * A workshop's private parts in the browser: a private brainstorm then its reveal, a secret vote
 * then its results, and the done check, with the facilitator at a desk and a member on a phone
 * (in English).
 */

function facilitationBar(page: Page) {
	return page.getByRole('region', { name: /^(เครื่องมือนำเวิร์กช็อป|Workshop facilitation)$/ }).first();
}

async function openPanel(page: Page) {
	const toggle = page.getByRole('button', { name: 'นำกระบวนการ' });
	if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
	return page.locator('#facilitator-panel');
}

test('a private brainstorm, a secret vote and a done check between a facilitator and a member on a phone', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	const facilitator = await pageAs(browser, 'facilitator', { viewport: { width: 1280, height: 800 } });
	const member = await pageAs(browser, 'member', { viewport: { width: 360, height: 740 } });
	await member.context().addCookies([{ name: 'lang', value: 'en', url: test.info().project.use.baseURL! }]);
	const project = await projectWithTeam(facilitator, uniqueTitle('ส่วนตัว'));
	const board = await openBoard(facilitator, project, 'ระดมความคิด');
	await member.goto(`${board}?view=list`);
	await connected(member);

	// The facilitator makes the brainstorm private: the member is told, in their language.
	let panel = await openPanel(facilitator);
	await panel.getByLabel('ระดมความคิดแบบส่วนตัว', { exact: false }).check();
	await expect(facilitationBar(member)).toContainText('your new notes are private until the facilitator reveals them');

	// The member writes a note: they see it, the facilitator does not.
	const secretIdea = 'ตู้รับเอกสารนอกเวลา';
	await member.getByLabel('Add a note to Brainstorm').fill(secretIdea);
	await member
		.getByRole('region', { name: /^Brainstorm/ })
		.getByRole('button', { name: 'Add note' })
		.click();
	await expect(member.getByText(secretIdea, { exact: true })).toBeVisible();
	await expect(panel.getByText('มีโน้ตส่วนตัว 1 ใบรอเปิดเผย')).toBeVisible();
	await expect(note(facilitator, secretIdea)).toHaveCount(0);
	await expectNoSeriousA11yViolations(member);
	await screenshot(member, testInfo, 'private-member-360');
	await screenshot(facilitator, testInfo, 'private-facilitator-1280');

	// The reveal: now everyone has it.
	await panel.getByRole('button', { name: 'เปิดเผยโน้ตส่วนตัว' }).click();
	await expect(note(facilitator, secretIdea)).toHaveCount(1);
	await panel.getByLabel('ระดมความคิดแบบส่วนตัว', { exact: false }).uncheck();
	await expect(member.getByText('private until the facilitator reveals', { exact: false })).toHaveCount(0);
	await expect(member.getByText(secretIdea, { exact: true })).toHaveCount(1);

	// A secret vote: one dot each; nobody sees a count before the reveal.
	await panel.getByLabel('จำนวนจุดต่อคน').fill('1');
	await panel.getByLabel('ลับ: บัตรโหวตเก็บไว้ที่เซิร์ฟเวอร์', { exact: false }).check();
	await panel.getByRole('button', { name: 'เริ่มโหวต' }).click();
	await expect(facilitationBar(member)).toContainText('Secret vote');
	await member.getByRole('button', { name: `Add a dot: ${secretIdea}` }).click();
	await expect(facilitationBar(member)).toContainText('0 of 1 dots left');
	await expect(member.getByRole('button', { name: `Add a dot: ${secretIdea}` })).toBeDisabled();
	await expect(panel.getByText('โหวตลับ: ไม่มีใครเห็นคะแนนจนกว่าจะเปิดผล')).toBeVisible();
	await expect(facilitator.locator('[data-vote-total]')).toHaveCount(0);
	await expectNoSeriousA11yViolations(facilitator);
	await screenshot(member, testInfo, 'secret-vote-member-360');
	await panel.getByRole('button', { name: 'เปิดผลโหวต' }).click();
	await expect(facilitationBar(member)).toContainText('Voters: 1 · dots placed: 1');
	await expect(member.getByRole('region', { name: 'Voting results' }).getByRole('listitem')).toHaveText([new RegExp(`1 dot.*${secretIdea}`)]);
	await screenshot(member, testInfo, 'secret-vote-revealed-360');

	// The done check: the member says they are done; the facilitator sees the count.
	panel = await openPanel(facilitator);
	await panel.getByRole('button', { name: 'ถามว่าใครเสร็จแล้ว' }).click();
	await member.getByRole('button', { name: "I'm done with this step" }).click();
	await expect(facilitationBar(facilitator)).toContainText('ผู้เข้าร่วมเสร็จแล้ว 1 จาก 1 คน');
	await expect(member.getByRole('button', { name: 'Not done after all' })).toHaveAttribute('aria-pressed', 'true');
	await expectNoSeriousA11yViolations(member);
	await screenshot(facilitator, testInfo, 'done-facilitator-1280');
	await screenshot(member, testInfo, 'done-member-360');
});

test('on the canvas a private note is written, edited and revealed, and an anonymous note names nobody', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	const facilitator = await pageAs(browser, 'facilitator', { viewport: { width: 1280, height: 800 } });
	const member = await pageAs(browser, 'member', { viewport: { width: 1280, height: 800 } });
	const project = await projectWithTeam(facilitator, uniqueTitle('นิรนาม'));
	const board = await openBoard(facilitator, project, 'เข้าใจปัญหา');
	await member.goto(board);
	await connected(member);
	const panel = await openPanel(facilitator);
	await panel.getByLabel('ระดมความคิดแบบส่วนตัว', { exact: false }).check();
	await expect(facilitationBar(member)).toContainText('โน้ตใหม่ของคุณเป็นส่วนตัวจนกว่าผู้นำกระบวนการจะเปิดเผย');

	await member.getByRole('button', { name: 'เพิ่มโน้ต' }).click();
	let editor = member.getByLabel('ข้อความโน้ต');
	await expect(editor).toBeFocused();
	await editor.pressSequentially('ต้องถ่ายเอกสารเอง');
	await editor.press('Enter');
	await expect(note(member, 'ต้องถ่ายเอกสารเอง')).toBeVisible();
	// Edited again, by its author only.
	await note(member, 'ต้องถ่ายเอกสารเอง').dblclick();
	editor = member.getByLabel('ข้อความโน้ต');
	await editor.press('End');
	await editor.pressSequentially(' หลายชุด');
	await editor.press('Enter');
	await expect(note(member, 'ต้องถ่ายเอกสารเอง หลายชุด')).toBeVisible();
	await expect(panel.getByText('มีโน้ตส่วนตัว 1 ใบรอเปิดเผย')).toBeVisible();
	await expect(note(facilitator, 'ต้องถ่ายเอกสาร')).toHaveCount(0);
	await expectNoSeriousA11yViolations(member);
	await screenshot(member, testInfo, 'private-canvas-member-1280');

	// Ending the private brainstorm reveals it.
	await panel.getByLabel('ระดมความคิดแบบส่วนตัว', { exact: false }).uncheck();
	await expect(note(facilitator, 'ต้องถ่ายเอกสารเอง หลายชุด')).toBeVisible();

	// Anonymous: the member's next note reaches everyone with no name on it.
	await panel.getByLabel('โน้ตไม่ระบุชื่อ', { exact: false }).check();
	await expect(facilitationBar(member)).toContainText('โน้ตใหม่ของคุณไม่มีชื่อผู้เขียน');
	await member.getByRole('button', { name: 'เพิ่มโน้ต' }).click();
	editor = member.getByLabel('ข้อความโน้ต');
	await editor.pressSequentially('เจ้าหน้าที่พูดเร็วเกินไป');
	await editor.press('Enter');
	await expect(note(facilitator, 'เจ้าหน้าที่พูดเร็วเกินไป')).toBeVisible();
	await facilitator.goto(`${board}?view=list`);
	await connected(facilitator);
	const anonymous = facilitator.locator('article', { hasText: 'เจ้าหน้าที่พูดเร็วเกินไป' });
	await expect(anonymous).toBeVisible();
	await expect(anonymous).not.toContainText('วิชัย');
	await expect(facilitator.locator('article', { hasText: 'ต้องถ่ายเอกสารเอง หลายชุด' })).toContainText('วิชัย');
	await screenshot(facilitator, testInfo, 'anonymous-facilitator-list-1280');
});

test('a facilitator on a phone turns a private brainstorm on and asks who is done, in English', async ({ browser }, testInfo) => {
	const facilitator = await pageAs(browser, 'facilitator', { viewport: { width: 360, height: 740 } });
	const project = await projectWithTeam(facilitator, uniqueTitle('โทรศัพท์'));
	const board = await openBoard(facilitator, project, 'ระดมความคิด');
	await facilitator.context().addCookies([{ name: 'lang', value: 'en', url: test.info().project.use.baseURL! }]);
	await facilitator.goto(board);
	await connected(facilitator);
	await facilitator.getByRole('button', { name: 'Facilitate' }).click();
	const panel = facilitator.locator('#facilitator-panel');
	const privateBrainstorm = panel.getByLabel('Private brainstorm', { exact: false });
	await privateBrainstorm.scrollIntoViewIfNeeded();
	await privateBrainstorm.check();
	await expect(facilitationBar(facilitator)).toContainText("participants' new notes reach the board when you reveal them");
	await panel.getByRole('button', { name: 'Ask who is done' }).click();
	await expect(panel.getByText('0 of 0 participants are done')).toBeVisible();
	// Nothing sticks out sideways at 360 px.
	expect(await facilitator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
	await expectNoSeriousA11yViolations(facilitator);
	await panel.getByRole('button', { name: 'Reveal private notes' }).scrollIntoViewIfNeeded();
	await facilitator.screenshot({ path: testInfo.outputPath('privacy-panel-360.png') });
});

test('a private note written offline outlives its page, and reaches the hub when the participant is back', async ({ browser }) => {
	test.setTimeout(180_000);
	const facilitator = await pageAs(browser, 'facilitator', { viewport: { width: 1280, height: 800 } });
	const member = await pageAs(browser, 'member', { viewport: { width: 1280, height: 800 } });
	await member.context().addCookies([{ name: 'lang', value: 'en', url: test.info().project.use.baseURL! }]);
	const project = await projectWithTeam(facilitator, uniqueTitle('ออฟไลน์ส่วนตัว'));
	const board = await openBoard(facilitator, project, 'ระดมความคิด');
	await member.goto(`${board}?view=list`);
	await connected(member);
	const panel = await openPanel(facilitator);
	await panel.getByLabel('ระดมความคิดแบบส่วนตัว', { exact: false }).check();
	await expect(facilitationBar(member)).toContainText('your new notes are private until the facilitator reveals them');

	// Offline, with no socket at all (the page reloaded from the service worker's copy): the note
	// is the member's alone, kept in this browser though no document holds it.
	await expect.poll(() => member.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
	await expect.poll(() => member.evaluate(async (path) => !!(await caches.match(path)), board)).toBe(true);
	await member.context().setOffline(true);
	await member.reload();
	await expect(member.locator('[data-status]')).toHaveAttribute('data-status', 'offline');
	const idea = 'รถบริการเคลื่อนที่ไปหมู่บ้าน';
	await member.getByLabel('Add a note to Brainstorm').fill(idea);
	await member
		.getByRole('region', { name: /^Brainstorm/ })
		.getByRole('button', { name: 'Add note' })
		.click();
	await expect(member.getByText(idea, { exact: true })).toBeVisible();
	// The page is closed before the network is back.
	const browserOfMember = member.context();
	await member.close();
	await expect(panel.getByText('มีโน้ตส่วนตัว 1 ใบรอเปิดเผย')).toHaveCount(0);

	// Next time the board is open, the note goes to the hub: private still, and waiting.
	await browserOfMember.setOffline(false);
	const again = await browserOfMember.newPage();
	await again.goto(`${board}?view=list`);
	await connected(again);
	await expect(panel.getByText('มีโน้ตส่วนตัว 1 ใบรอเปิดเผย')).toBeVisible();
	await expect(again.getByText(idea, { exact: true })).toBeVisible();
	await expect(note(facilitator, idea)).toHaveCount(0);
	await panel.getByRole('button', { name: 'เปิดเผยโน้ตส่วนตัว' }).click();
	await expect(note(facilitator, idea)).toHaveCount(1);
	await expect(again.getByText(idea, { exact: true })).toHaveCount(1);
});
