import { test, expect, expectNoSeriousA11yViolations, screenshot, uniqueTitle } from './fixtures';
import { connected, pageAs, projectWithTeam } from './board-helpers';
import { planWorkshop } from './workshop-helpers';

/**
 * Running a workshop live: the facilitator starts a workshop whose steps are on two boards and
 * moves the room on; a guest on a phone who joined by the workshop's code follows to the other
 * board and sees the step's instructions and timer; the report reads in Thai and English.
 */

test('the facilitator moves the room to a step on another board; a guest on a phone follows there and sees its instructions and timer; the report reads in Thai and English', async ({
	browser
}, testInfo) => {
	test.setTimeout(180_000);
	const facilitator = await pageAs(browser, 'facilitator', { viewport: { width: 1280, height: 800 } });
	const project = await projectWithTeam(facilitator, uniqueTitle('เวิร์กช็อปสด'));
	const title = uniqueTitle('ฟังแล้วคิดต่อ');
	const workshop = await planWorkshop(facilitator, project, title);
	const steps = facilitator.locator('ol.agenda > li');
	await facilitator.locator('#add-method-empathy-map').click();
	await expect(steps).toHaveCount(1);
	await facilitator.locator('#add-method-brainstorm').click();
	await expect(steps).toHaveCount(2);

	// The workshop's join code, with its QR.
	await facilitator.getByRole('button', { name: 'เปิดรหัสใหม่' }).click();
	const code = (await facilitator.locator('[data-join-code]').getAttribute('data-join-code'))!;
	expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
	await expect(facilitator.getByRole('img', { name: `คิวอาร์โค้ดสำหรับเข้าร่วมด้วยรหัส ${code}` })).toBeVisible();

	await facilitator.getByRole('button', { name: 'เริ่มเวิร์กช็อป' }).click();
	await expect(facilitator.locator('[data-current-step]')).toContainText('ตอนนี้อยู่ที่ขั้นตอน 1 จาก 2');
	await expectNoSeriousA11yViolations(facilitator);
	await screenshot(facilitator, testInfo, 'live-workshop-desktop');

	// A guest on a 360 px phone joins by the workshop's code and lands on step 1's board.
	const guestContext = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
	const guest = await guestContext.newPage();
	await guest.goto('/join', { waitUntil: 'networkidle' });
	await guest.getByLabel('รหัสเข้าร่วม').fill(code.toLowerCase());
	await guest.getByLabel('ชื่อของคุณ').fill('ลุงสมชาย');
	await guest.getByRole('button', { name: 'เข้าร่วม' }).click();
	await expect(guest).toHaveURL(/\/guest$/);
	await connected(guest);
	const banner = guest.getByRole('region', { name: 'ขั้นตอนของเวิร์กช็อป' });
	await expect(banner).toContainText('ขั้นตอน 1 จาก 2');
	await expect(guest.getByRole('heading', { level: 1 })).toContainText('บอร์ดเข้าใจปัญหา');
	const firstBoard = guest.url();

	// The facilitator moves on: the guest is taken to the Ideate board, with the step and its timer.
	await facilitator.getByRole('button', { name: 'ขั้นตอนถัดไป' }).click();
	await expect(facilitator.locator('[data-current-step]')).toContainText('ตอนนี้อยู่ที่ขั้นตอน 2 จาก 2');
	await expect(guest).toHaveURL(/\/guest\?board=[a-z0-9]+$/);
	expect(guest.url()).not.toBe(firstBoard);
	await connected(guest);
	await expect(guest.getByRole('heading', { level: 1 })).toContainText('บอร์ดระดมความคิด');
	await expect(banner).toContainText('ขั้นตอน 2 จาก 2');
	await expect(banner.getByRole('heading', { level: 2 })).toBeVisible();
	await expect(guest.getByRole('timer')).toBeVisible();
	// The instructions fold to one line on a phone and unfold on a tap.
	await expect(banner.locator('.full')).toBeHidden();
	await screenshot(guest, testInfo, 'live-guest-phone-folded');
	await banner.getByText('ดูคำแนะนำ').click();
	await expect(banner.locator('.full')).toBeVisible();
	await expect(banner.locator('.full')).toContainText('1.');
	await expectNoSeriousA11yViolations(guest);
	await screenshot(guest, testInfo, 'live-guest-phone');

	// The facilitator's view of the board: the banner and "n done" for the step.
	await facilitator.getByRole('link', { name: /เปิดบอร์ดของขั้นตอนนี้/ }).click();
	await connected(facilitator);
	await expect(facilitator.getByRole('region', { name: 'ขั้นตอนของเวิร์กช็อป' })).toContainText('ขั้นตอน 2 จาก 2');
	await expect(facilitator.locator('[data-done-count]').first()).toBeVisible();
	await screenshot(facilitator, testInfo, 'live-board-desktop');

	// The report, in Thai and in English, on a desktop and a phone.
	await facilitator.goto(`${workshop}/report`);
	await expect(facilitator.getByRole('heading', { name: 'กำหนดการตามที่ดำเนินจริง' })).toBeVisible();
	await expect(facilitator.getByText('ลุงสมชาย')).toBeVisible();
	await expectNoSeriousA11yViolations(facilitator);
	await screenshot(facilitator, testInfo, 'report-th-desktop');
	await facilitator.context().addCookies([{ name: 'lang', value: 'en', url: new URL(facilitator.url()).origin }]);
	await facilitator.reload();
	await expect(facilitator.getByRole('heading', { name: 'The agenda as run' })).toBeVisible();
	await expect(facilitator.getByRole('columnheader', { name: 'Planned (min)' })).toBeVisible();
	await expectNoSeriousA11yViolations(facilitator);
	await facilitator.setViewportSize({ width: 360, height: 740 });
	await expectNoSeriousA11yViolations(facilitator);
	await screenshot(facilitator, testInfo, 'report-en-phone');
	await guestContext.close();
});
