import { test as setup, expect } from '@playwright/test';
import { DEMO, storageStateFor } from './fixtures';

// Log each demo account in once; tests reuse the sessions (the login form is throttled per address).
for (const [role, account] of Object.entries(DEMO)) {
	setup(`logs in as the demo ${role}`, async ({ page }) => {
		await page.goto('/login');
		await page.getByLabel(/อีเมล|Email/).fill(account.email);
		await page.getByLabel(/รหัสผ่าน|Password/).fill(account.password);
		await page.getByRole('button', { name: /เข้าสู่ระบบ|Log in/ }).click();
		await expect(page).toHaveURL(/\/$/);
		await page.context().storageState({ path: storageStateFor(role as keyof typeof DEMO) });
	});
}
