import { test, expect, expectNoSeriousA11yViolations, screenshot } from './fixtures';

test('the public reads a published project and downloads its open data, without an account', async ({ page }, testInfo) => {
	await page.goto('/open');
	await expectNoSeriousA11yViolations(page);
	await page.getByRole('link', { name: 'ลดเวลารอคิวที่สำนักงานเขต' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('ลดเวลารอคิวที่สำนักงานเขต');
	await expect(page.getByRole('heading', { name: 'ดาวน์โหลดข้อมูลเปิด' })).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'open-project');

	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: /CSV · ต้นแบบและสถานะ/ }).click();
	const file = await (await download).path();
	const { readFileSync } = await import('node:fs');
	const bytes = readFileSync(file);
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	expect(bytes.toString('utf8')).toContain('prototype_id,title');
});

test('the open project page works on a phone in English', async ({ browser }, testInfo) => {
	const context = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
	await context.addCookies([{ name: 'lang', value: 'en', url: test.info().project.use.baseURL! }]);
	const page = await context.newPage();
	await page.goto('/open');
	await page.getByRole('link', { name: 'ลดเวลารอคิวที่สำนักงานเขต' }).click();
	await expect(page.getByRole('heading', { name: 'Download the open data' })).toBeVisible();
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'open-project-phone-en');
	await context.close();
});
