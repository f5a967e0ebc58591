import { test, expect, type Browser, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations, screenshot, storageStateFor } from './fixtures';

/**
 * A citizen on a phone, with JavaScript switched off: the public form works as plain HTML,
 * answers in Thai, gets a receipt, and withdraws the response with it.
 */

// The server's minimum fill time (MIN_FILL_MS in src/lib/server/feedback/runtime.ts): a form
// sent sooner is taken for a bot and silently dropped, so the citizen here takes as long.
const MIN_FILL_MS = 3000;
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** The public link of the demo's open round, as the facilitator's results page shows it. */
async function openRoundLink(browser: Browser): Promise<string> {
	const context = await browser.newContext({ storageState: storageStateFor('facilitator') });
	const page = await context.newPage();
	await page.goto('/projects');
	await page.getByRole('link', { name: 'ลดเวลารอคิวที่สำนักงานเขต' }).first().click();
	await page.getByRole('link', { name: 'ความคิดเห็นประชาชน', exact: true }).click();
	await page.getByRole('link', { name: /รุ่นที่ 2/ }).click();
	const link = await page.getByLabel('ลิงก์สาธารณะ').inputValue();
	await context.close();
	return new URL(link).pathname;
}

/** Waits, as a person reading the form would, until the form is old enough to be accepted. */
async function takeTimeToAnswer(page: Page): Promise<void> {
	const token = await page.locator('input[name="t"]').inputValue();
	const issuedAt = Number(token.split('.')[0]);
	await expect.poll(() => Date.now(), { timeout: MIN_FILL_MS + 5000 }).toBeGreaterThan(issuedAt + MIN_FILL_MS + 100);
}

test.describe('a citizen without JavaScript, on a phone', () => {
	test.use({ javaScriptEnabled: false, ...PHONE });

	test('answers in Thai, gets a receipt, sees what they sent, and withdraws it', async ({ page, browser }, testInfo) => {
		const path = await openRoundLink(browser);
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('ทดลองจองคิวผ่าน LINE');
		await screenshot(page, testInfo, 'citizen-form-phone');

		await page.getByRole('radio', { name: '4 ดี' }).check();
		await page.getByLabel('อะไรที่ใช้ได้ดีสำหรับท่าน').fill('การออกแบบบริการภาครัฐแบบนี้ช่วยให้ไม่ต้องลางานทั้งวัน');
		await page.getByLabel('อะไรที่เราควรเปลี่ยนหรือปรับปรุง').fill('อยากให้ยกเลิกนัดเองได้');
		await page.getByRole('group', { name: /จะแนะนำบริการนี้/ }).getByRole('radio', { name: 'ใช่', exact: true }).check();
		await page.getByRole('checkbox', { name: 'LINE' }).check();
		await takeTimeToAnswer(page);
		await page.getByRole('button', { name: 'ส่งความคิดเห็น' }).click();

		await expect(page.getByRole('heading', { level: 1 })).toHaveText('ขอบคุณสำหรับความคิดเห็น');
		const receipt = (await page.locator('[data-receipt]').textContent())!.trim();
		expect(receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		await screenshot(page, testInfo, 'citizen-thanks-phone');
		// The code is shown once: the next person on this phone cannot find it.
		await page.reload();
		await expect(page.locator('[data-receipt]')).toHaveCount(0);

		await page.goto('/f/receipt');
		await page.getByLabel('รหัสอ้างอิง').fill(receipt.toLowerCase());
		await page.getByRole('button', { name: 'ดูความคิดเห็นของฉัน' }).click();
		await expect(page.getByText('การออกแบบบริการภาครัฐแบบนี้ช่วยให้ไม่ต้องลางานทั้งวัน')).toBeVisible();
		await expect(page.getByText('4 ดี')).toBeVisible();
		await screenshot(page, testInfo, 'citizen-receipt-phone');

		await page.getByRole('button', { name: 'ลบความคิดเห็นของฉัน' }).click();
		await expect(page.getByRole('alert')).toContainText('กรุณาทำเครื่องหมายยืนยันก่อนลบ');
		await page.getByLabel('ข้าพเจ้าต้องการลบความคิดเห็นนี้ถาวร').check();
		await page.getByRole('button', { name: 'ลบความคิดเห็นของฉัน' }).click();
		await expect(page.getByRole('status')).toContainText('ลบความคิดเห็นของท่านแล้ว');

		await page.goto('/f/receipt');
		await page.getByLabel('รหัสอ้างอิง').fill(receipt);
		await page.getByRole('button', { name: 'ดูความคิดเห็นของฉัน' }).click();
		await expect(page.getByRole('alert')).toContainText('ไม่พบความคิดเห็นที่ใช้รหัสนี้');
	});

	test('switches to English and sees errors tied to the fields, with what they typed kept', async ({ page, browser }, testInfo) => {
		const path = await openRoundLink(browser);
		await page.goto(path);
		await page.getByRole('button', { name: 'English' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Booking a queue on LINE');
		await page.getByLabel('What should we change or improve?').fill('Bigger letters, please');
		await page.getByLabel('Phone number').fill('call me');
		await page.getByRole('button', { name: 'Send feedback' }).click();

		const summary = page.getByRole('alert');
		await expect(summary).toContainText('There is a problem');
		await expect(summary.getByRole('link', { name: 'Choose an answer' })).toBeVisible();
		await expect(page.getByLabel('What should we change or improve?')).toHaveValue('Bigger letters, please');
		await expect(page.getByLabel('Phone number')).toHaveValue('call me');
		await expect(page.getByLabel('Phone number')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel('Phone number')).toHaveAccessibleDescription(/Enter a phone number like/);
		await expect(page.getByRole('group', { name: /how satisfied/i })).toHaveAccessibleDescription(/Choose an answer/);
		await expect(page).toHaveTitle(/^Error:/);
		await screenshot(page, testInfo, 'citizen-errors-en-phone');
	});
});

test.describe('the public form', () => {
	test.use(PHONE);

	test('has no serious accessibility problem, in Thai and in its error state, and is keyboard reachable', async ({ page, browser }) => {
		const path = await openRoundLink(browser);
		await page.goto(path);
		await expectNoSeriousA11yViolations(page);
		await page.getByRole('button', { name: 'ส่งความคิดเห็น' }).click();
		await expect(page.getByRole('alert')).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		// The honeypot is never reached from the keyboard.
		const reached: string[] = [];
		for (let i = 0; i < 60; i++) {
			await page.keyboard.press('Tab');
			reached.push(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name || document.activeElement?.tagName || ''));
		}
		expect(reached).not.toContain('website');
		expect(reached).toContain('consent');
		await page.goto('/f/receipt');
		await expectNoSeriousA11yViolations(page);
	});
});
