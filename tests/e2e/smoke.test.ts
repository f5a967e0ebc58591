import { test, expect, expectNoSeriousA11yViolations, screenshot } from './fixtures';

test('the login page is in Thai first and passes axe', async ({ page }, testInfo) => {
	await page.goto('/login');
	await expect(page.locator('html')).toHaveAttribute('lang', 'th');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('เข้าสู่ระบบ');
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'login-th');
});
