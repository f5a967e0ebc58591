import { expect, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/** The demo accounts that `npm start` creates on an empty database (see README). */
export const DEMO = {
	admin: { email: 'admin@prachalab.test', password: 'demo-admin-2569', name: 'ผู้ดูแลระบบ (Admin)' },
	facilitator: { email: 'facilitator@prachalab.test', password: 'demo-facilitator-2569', name: 'สมหญิง ใจดี' },
	official: { email: 'official@prachalab.test', password: 'demo-official-2569', name: 'ประเสริฐ มั่นคง' },
	member: { email: 'member@prachalab.test', password: 'demo-member-2569', name: 'วิชัย รักงาน' }
} as const;

export type DemoRole = keyof typeof DEMO;

export function storageStateFor(role: DemoRole): string {
	return `tests/e2e/.data/${process.env.E2E_PORT ?? 4173}/state-${role}.json`;
}

/** Fails on any serious or critical axe violation of the page as it is now. */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(
		serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
		`axe on ${page.url()}`
	).toEqual([]);
}

/** A full-page screenshot kept with the test results, to look at. */
export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
	const path = testInfo.outputPath(`${name}.png`);
	await page.screenshot({ path, fullPage: true });
	await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** A title no other test uses, so parallel tests never see each other's projects. */
export function uniqueTitle(prefix: string): string {
	return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
