import { expect, type Browser, type Page } from '@playwright/test';
import { DEMO, storageStateFor, type DemoRole } from './fixtures';

/** Helpers the board tests share: a project of their own, opening a board, people in their own browsers. */

/** A fresh project (so parallel tests never share a board), with the demo member on its team. */
export async function projectWithTeam(page: Page, title: string): Promise<string> {
	// Wait for the scripts to have hydrated the form, so what is typed stays typed.
	await page.goto('/projects/new', { waitUntil: 'networkidle' });
	await page.getByLabel('ชื่อโครงการ').fill(title);
	await page.getByLabel('โจทย์สาธารณะ').fill('ผู้มาติดต่อรอคิวนาน เราจะทำให้การมาสำนักงานเขตสั้นลงได้อย่างไร');
	await page.getByLabel('หน่วยงานเจ้าของ').fill('สำนักงานเขตทดสอบ');
	await page.getByRole('button', { name: 'สร้างโครงการ' }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	const path = new URL(page.url()).pathname;
	await page.goto(`${path}/team`, { waitUntil: 'networkidle' });
	await page.getByLabel('อีเมล').fill(DEMO.member.email);
	await page.getByLabel('บทบาท', { exact: true }).selectOption('member');
	await page.getByRole('button', { name: 'เพิ่มในทีม' }).click();
	await expect(page.getByRole('status')).toHaveText('เพิ่มในทีมแล้ว');
	return path;
}

/** Opens a stage's board from the project's Boards tab; returns the board's address. */
export async function openBoard(page: Page, projectPath: string, stage: string): Promise<string> {
	await page.goto(projectPath);
	await page.getByRole('navigation', { name: 'ส่วนของโครงการ' }).getByRole('link', { name: 'บอร์ด' }).click();
	// The overview links to the boards too: wait for the Boards tab, or the click below may land on
	// the overview while the tab's navigation is still under way, and that navigation then wins.
	await expect(page).toHaveURL(/\/boards$/);
	await page.getByRole('link', { name: `บอร์ดขั้น${stage}` }).click();
	// A board page loads its live parts first: give it longer than a plain page on a busy machine.
	await expect(page.getByRole('heading', { level: 1, name: new RegExp(`บอร์ดขั้น${stage}`) })).toBeVisible({ timeout: 30_000 });
	await connected(page);
	return new URL(page.url()).pathname;
}

export async function connected(page: Page): Promise<void> {
	await expect(page.locator('[data-status]')).toHaveAttribute('data-status', 'connected');
}

/** The demo project's address, reached as a user would (from the project list). */
export async function demoProject(page: Page): Promise<string> {
	await page.goto('/projects');
	await page.getByRole('link', { name: 'ลดเวลารอคิวที่สำนักงานเขต' }).first().click();
	await expect(page).toHaveURL(/\/projects\/[a-z0-9]+$/);
	return new URL(page.url()).pathname;
}

export async function pageAs(browser: Browser, role: DemoRole, options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
	const context = await browser.newContext({ storageState: storageStateFor(role), ...options });
	return context.newPage();
}

export function note(page: Page, text: string) {
	return page.locator('[data-note-id]', { hasText: text });
}
