import { test, expect, DEMO, expectNoSeriousA11yViolations, screenshot, uniqueTitle } from './fixtures';
import { connected, note, openBoard, pageAs, projectWithTeam } from './board-helpers';

/**
 * Comments on notes and quick reactions (issue 10): two people live (the facilitator in Thai on
 * a desktop, the member in English on a phone), and a viewer who reads them but cannot write.
 */
test('comments and reactions: a mention, a reply and a reaction live; a viewer reads only', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	const facilitator = await pageAs(browser, 'facilitator', { viewport: { width: 1280, height: 800 } });
	const project = await projectWithTeam(facilitator, uniqueTitle('ความเห็น'));
	// The demo official joins the team as a viewer.
	await facilitator.goto(`${project}/team`, { waitUntil: 'networkidle' });
	await facilitator.getByLabel('อีเมล').fill(DEMO.official.email);
	await facilitator.getByLabel('บทบาท', { exact: true }).selectOption('viewer');
	await facilitator.getByRole('button', { name: 'เพิ่มในทีม' }).click();
	await expect(facilitator.getByRole('status')).toHaveText('เพิ่มในทีมแล้ว');
	const board = await openBoard(facilitator, project, 'เข้าใจปัญหา');

	await facilitator.getByRole('button', { name: 'เพิ่มโน้ต' }).click();
	const editor = facilitator.getByLabel('ข้อความโน้ต');
	await editor.pressSequentially('ป้ายรถเมล์ไม่มีหลังคา');
	await editor.press('Enter');
	const sticky = note(facilitator, 'ป้ายรถเมล์ไม่มีหลังคา');
	await sticky.focus();

	// The facilitator opens the note's comments and mentions the member.
	const openComments = facilitator.getByRole('button', { name: /^ความเห็นบน “ป้ายรถเมล์ไม่มีหลังคา”/ });
	await openComments.click();
	const panel = facilitator.getByRole('dialog', { name: 'ความเห็น' });
	const box = panel.getByLabel('เขียนความเห็น');
	await expect(box).toBeFocused();
	await box.pressSequentially('@วิชัย');
	await expect(panel.getByRole('option', { name: DEMO.member.name })).toBeVisible();
	await box.press('Enter');
	await expect(box).toHaveValue(`@${DEMO.member.name} `);
	await box.pressSequentially('ช่วยถามผู้โดยสารตอนฝนตก');
	await box.press('Shift+Enter');
	await box.pressSequentially('แล้วสรุปให้ทีม');
	await box.press('Enter');
	await expect(box).toHaveValue('');
	await expect(panel.getByText(`@${DEMO.member.name} ช่วยถามผู้โดยสารตอนฝนตก`)).toBeVisible();
	await expect(panel.locator('time').first()).toHaveText('เมื่อสักครู่');

	// The member, in English on a phone, sees the mention live and opens it.
	const member = await pageAs(browser, 'member', { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
	await member.context().addCookies([{ name: 'lang', value: 'en', url: testInfo.project.use.baseURL! }]);
	await member.goto(board);
	await connected(member);
	const mentions = member.getByRole('button', { name: '1 mention for you' });
	await expect(mentions).toBeVisible();
	await mentions.click();
	await screenshot(member, testInfo, 'comments-member-mention');
	await member.getByRole('button', { name: `${DEMO.facilitator.name} on “ป้ายรถเมล์ไม่มีหลังคา”` }).click();
	const sheet = member.getByRole('dialog', { name: 'Comments' });
	await expect(sheet.getByText('ช่วยถามผู้โดยสารตอนฝนตก')).toBeVisible();
	await expect(sheet.getByText('mentions you')).toBeVisible();
	await expect(sheet.getByLabel('Write a comment')).toBeFocused();
	// Opened, the mention no longer counts.
	await expect(mentions).toHaveCount(0);

	await sheet.getByRole('button', { name: 'Reply' }).click();
	const reply = sheet.getByLabel(`Reply to ${DEMO.facilitator.name}`);
	await expect(reply).toBeFocused();
	await reply.fill('ได้ครับ จะถามพรุ่งนี้');
	await reply.press('Enter');
	await expect(sheet.getByText('ได้ครับ จะถามพรุ่งนี้')).toBeVisible();
	// Only its author edits a comment.
	await expect(sheet.getByRole('button', { name: 'Edit' })).toHaveCount(1);
	await sheet.getByRole('button', { name: 'React with 👍 like' }).click();
	await expect(sheet.getByRole('button', { name: '👍 like: 1, including yours' })).toHaveAttribute('aria-pressed', 'true');
	await expectNoSeriousA11yViolations(member);
	await screenshot(member, testInfo, 'comments-member-phone');
	await member.keyboard.press('Escape');
	await expect(sheet).toHaveCount(0);

	// On the phone's Write view, my own notes open their comments too.
	await member.getByLabel('Your note').fill('ต้องมีที่นั่งรอ');
	await member.getByRole('button', { name: 'Add note' }).click();
	const mine = member.getByRole('button', { name: 'Comments on “ต้องมีที่นั่งรอ”: 0 comments' });
	await mine.click();
	await expect(sheet.getByText('No comments yet. Ask a question or build on the idea.')).toBeVisible();
	await expect(sheet.getByLabel('Write a comment')).toBeFocused();
	// Nothing to send: said, not sent.
	await sheet.getByLabel('Write a comment').press('Enter');
	await expect(sheet.getByRole('alert')).toHaveText('Write something before sending.');
	await sheet.getByRole('button', { name: 'Close comments' }).click();
	await expect(mine).toBeFocused();
	await screenshot(member, testInfo, 'comments-member-write-view');

	// The facilitator sees the reply and the reaction live, on the panel and on the note.
	await expect(panel.getByText('ได้ครับ จะถามพรุ่งนี้')).toBeVisible();
	await expect(panel.getByRole('button', { name: '👍 ถูกใจ: 1' })).toHaveAttribute('aria-pressed', 'false');
	await expect(sticky.getByRole('button', { name: '👍 ถูกใจ: 1' })).toBeVisible();
	await expect(sticky.getByRole('button', { name: /: 2 ความเห็น$/ })).toBeVisible();
	await expectNoSeriousA11yViolations(facilitator);
	await screenshot(facilitator, testInfo, 'comments-facilitator-desktop');
	// Escape closes the panel and gives focus back to what opened it.
	await facilitator.keyboard.press('Escape');
	await expect(panel).toHaveCount(0);
	await expect(openComments).toBeFocused();

	// A viewer reads the comments, in the list view, and has no way to write or react.
	const official = await pageAs(browser, 'official', { viewport: { width: 1280, height: 800 } });
	await official.goto(`${board}?view=list`);
	await connected(official);
	await official.getByRole('button', { name: /^ความเห็นบน “ป้ายรถเมล์ไม่มีหลังคา”: 2 ความเห็น/ }).click();
	const readOnly = official.getByRole('dialog', { name: 'ความเห็น' });
	await expect(readOnly.getByText('ได้ครับ จะถามพรุ่งนี้')).toBeVisible();
	await expect(readOnly.getByText('คุณอ่านความเห็นได้ แต่ผู้ชมเขียนที่นี่ไม่ได้')).toBeVisible();
	await expect(readOnly.getByRole('textbox')).toHaveCount(0);
	await expect(readOnly.getByRole('button', { name: /^(ตอบ|แก้ไข|ลบ)$/ })).toHaveCount(0);
	await expect(readOnly.getByRole('button', { name: '👍 ถูกใจ: 1' })).toBeDisabled();
	await expect(official.getByRole('img', { name: '👍 ถูกใจ: 1' })).toBeVisible();
	await expect(readOnly.getByRole('button', { name: 'ปิดความเห็น' })).toBeFocused();
	await expectNoSeriousA11yViolations(official);
	await screenshot(official, testInfo, 'comments-viewer-list');
});
