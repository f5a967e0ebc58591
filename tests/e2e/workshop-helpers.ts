import { expect, type Page } from '@playwright/test';

/** Helpers the workshop tests share. */

/**
 * Plans a workshop on a project from its Workshops tab, as a facilitator would (14 March 2030,
 * from 09:00); returns the workshop's address, where its agenda is built.
 */
export async function planWorkshop(page: Page, project: string, title: string): Promise<string> {
	await page.goto(project);
	await page.getByRole('navigation', { name: 'ส่วนของโครงการ' }).getByRole('link', { name: 'เวิร์กช็อป' }).click();
	await page.getByRole('link', { name: 'วางแผนเวิร์กช็อป' }).click();
	// Wait for the scripts to have hydrated the form, so what is typed stays typed.
	await page.waitForLoadState('networkidle');
	await page.getByLabel('ชื่อเวิร์กช็อป').fill(title);
	await page.getByLabel('วันที่').fill('2030-03-14');
	await page.getByLabel('เวลาเริ่ม').fill('09:00');
	await page.getByRole('button', { name: 'สร้างแล้วจัดกำหนดการ' }).click();
	// The longer wait of the busiest test that plans one (three browsers at once on 2 cores).
	await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible({ timeout: 30_000 });
	await page.waitForLoadState('networkidle');
	return new URL(page.url()).pathname;
}
