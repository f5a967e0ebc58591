import type { Browser } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, storageStateFor, uniqueTitle } from './fixtures';

test.use({ storageState: storageStateFor('admin') });

/** A new account, made the way people get one (an invitation), signed in in its own browser. */
async function invitee(browser: Browser, adminPage: import('@playwright/test').Page, name: string) {
	const email = `${uniqueTitle('acct').replace(/\s/g, '')}@example.test`;
	await adminPage.goto('/admin/users');
	await adminPage.getByLabel('อีเมล').fill(email);
	await adminPage.getByRole('button', { name: 'สร้างลิงก์เชิญ' }).click();
	const link = await adminPage.getByLabel('ลิงก์เชิญ').inputValue();
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(link);
	await page.getByLabel('ชื่อ').fill(name);
	await page.getByLabel('รหัสผ่าน').fill('ส้มตำไก่ย่าง-2569');
	await page.getByRole('button', { name: 'สร้างบัญชี' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('โครงการของฉัน');
	return { email, context, page };
}

test('an admin disables an account: its person is signed out at once and cannot sign in, until it is enabled again', async ({
	page,
	browser
}, testInfo) => {
	const name = uniqueTitle('คุณทดสอบ');
	const person = await invitee(browser, page, name);

	await page.goto('/admin/users');
	await page.getByRole('button', { name: `ปิดใช้งาน บัญชีของ ${name}` }).click();
	await expect(page.getByRole('status')).toContainText(`ปิดใช้งานบัญชีของ ${name} แล้ว`);
	const row = page.getByRole('row').filter({ hasText: name });
	await expect(row.getByText('ปิดใช้งานแล้ว')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'admin-users-1280');
	await page.setViewportSize({ width: 360, height: 740 });
	await row.scrollIntoViewIfNeeded();
	await screenshot(page, testInfo, 'admin-users-360');
	expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
	await page.setViewportSize({ width: 1280, height: 800 });

	// Signed out everywhere, and the login form refuses them.
	await person.page.goto('/projects');
	await expect(person.page).toHaveURL(/\/login/);
	await person.page.getByLabel('อีเมล').fill(person.email);
	await person.page.getByLabel('รหัสผ่าน').fill('ส้มตำไก่ย่าง-2569');
	await person.page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
	await expect(person.page).toHaveURL(/\/login/);

	await page.getByRole('button', { name: `เปิดใช้งาน บัญชีของ ${name}` }).click();
	await expect(page.getByRole('status')).toContainText(`เปิดใช้งานบัญชีของ ${name} อีกครั้งแล้ว`);
	await expect(row.getByText('ใช้งานได้')).toBeVisible();
	// The login throttle may ask for a moment after the refused attempt: try until it lets them in.
	await expect(async () => {
		await person.page.getByLabel('อีเมล').fill(person.email);
		await person.page.getByLabel('รหัสผ่าน').fill('ส้มตำไก่ย่าง-2569');
		await person.page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click();
		// Back where they were sent to log in from.
		await expect(person.page).toHaveURL(/\/projects$/, { timeout: 3000 });
	}).toPass({ timeout: 20_000 });
	await person.context.close();
});

test('an admin cannot disable their own account: there is no button for it', async ({ page }) => {
	await page.goto('/admin/users');
	const own = page.getByRole('row').filter({ hasText: 'admin@prachalab.test' });
	await expect(own.getByText('ใช้งานได้')).toBeVisible();
	await expect(own.getByRole('button')).toHaveCount(0);
});
