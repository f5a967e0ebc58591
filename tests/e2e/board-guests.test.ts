import { test, expect, expectNoSeriousA11yViolations, screenshot, uniqueTitle } from './fixtures';
import { connected, note, openBoard, pageAs, projectWithTeam } from './board-helpers';

test('a guest joins one board with a code and a name, writes there, reaches nothing else, and is let go when the facilitator ends guest access', async ({
	browser
}, testInfo) => {
	const facilitator = await pageAs(browser, 'facilitator');
	const project = await projectWithTeam(facilitator, uniqueTitle('แขก'));
	const board = await openBoard(facilitator, project, 'ระดมความคิด');
	await facilitator.getByRole('button', { name: 'นำกระบวนการ' }).click();
	await facilitator.getByRole('button', { name: 'เปิดรหัสเข้าร่วม' }).click();
	const code = (await facilitator.locator('[data-join-code]').getAttribute('data-join-code'))!;
	expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
	await expect(facilitator.getByRole('img', { name: 'คิวอาร์โค้ดเปิดหน้าเข้าร่วมพร้อมรหัส' })).toBeVisible();
	await expectNoSeriousA11yViolations(facilitator);
	await screenshot(facilitator, testInfo, 'guest-code');

	// A phone with no account: a wrong code first, then the right one (typed in lower case).
	const guestContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const guest = await guestContext.newPage();
	await guest.goto('/join', { waitUntil: 'networkidle' });
	await guest.getByLabel('รหัสเข้าร่วม').fill('ABCD-EFGH');
	await guest.getByLabel('ชื่อของคุณ').fill('ป้าแดง');
	await guest.getByRole('button', { name: 'เข้าร่วม' }).click();
	await expect(guest.getByRole('alert')).toHaveText('รหัสนี้ไม่ได้เปิดอยู่ ลองตรวจกับผู้นำกระบวนการ');
	await expectNoSeriousA11yViolations(guest);
	await screenshot(guest, testInfo, 'guest-join-error');
	await guest.getByLabel('รหัสเข้าร่วม').fill(code.toLowerCase());
	await guest.getByRole('button', { name: 'เข้าร่วม' }).click();
	await expect(guest).toHaveURL(/\/guest$/);
	await connected(guest);
	// On a phone who I am, the people here and "leave" are in the board's menu.
	await guest.getByRole('button', { name: 'เมนูบอร์ด' }).click();
	await expect(guest.getByText(/คุณเข้าร่วมในฐานะแขกชื่อ ป้าแดง/)).toBeVisible();

	// From the list view (a phone), a note in Brainstorm; the facilitator sees who wrote it.
	await guest.getByRole('link', { name: 'รายการ' }).click();
	await guest.getByLabel('เพิ่มโน้ตใน ระดมไอเดีย').fill('อยากให้มีที่นั่งรอมากกว่านี้');
	await guest
		.getByRole('region', { name: /^ระดมไอเดีย/ })
		.getByRole('button', { name: 'เพิ่มโน้ต' })
		.click();
	await expect(note(facilitator, 'อยากให้มีที่นั่งรอมากกว่านี้')).toContainText('ป้าแดง (แขก)');
	await expect(facilitator.getByTitle('ป้าแดง (แขก)')).toBeVisible();
	await expectNoSeriousA11yViolations(guest);
	await screenshot(guest, testInfo, 'guest-board');

	// Nothing else of the app: not the project, not the members' board page, no other page.
	for (const path of [project, board, '/projects', '/portfolio']) {
		await guest.goto(path);
		await expect(guest, path).toHaveURL(/\/login/);
	}
	await guest.goto('/guest');
	await connected(guest);

	// Ending guest access disconnects them, and the cookie opens nothing any more.
	await facilitator.getByRole('button', { name: 'ปิดการเข้าร่วมของแขก' }).click();
	await expect(facilitator.getByText('ปิดการเข้าร่วมแล้ว: ปิดรหัสและตัดการเชื่อมต่อแขกทั้งหมด')).toBeVisible();
	await expect(guest.locator('[data-status]')).toHaveAttribute('data-status', 'ended');
	await expect(guest.locator('[data-status]')).toHaveText(/สิ้นสุดการเข้าร่วมของแขกแล้ว/);
	await guest.goto('/guest');
	await expect(guest).toHaveURL(/\/join$/);
});
