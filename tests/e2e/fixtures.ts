import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import type { WebsocketProvider } from 'y-websocket';

export { expect };

/**
 * Playwright's own test, plus one rule: every browser context a test opens itself (a second
 * participant, a guest, a phone) is closed when the test ends. Playwright closes only the
 * contexts of its fixtures; one left open keeps its board sockets until the worker's browser
 * closes, and the hub allows one account 20 at once (socket-limits.ts): after enough board
 * tests under the shared demo facilitator, a later test's socket was refused and its first
 * sync waited until its timeout (CI, prototype.test.ts, 5 min).
 */
export const test = base.extend<{ closeOwnContexts: void }>({
	closeOwnContexts: [
		async ({ browser }, use) => {
			const before = new Set(browser.contexts());
			await use();
			await Promise.all(
				browser
					.contexts()
					.filter((context) => !before.has(context))
					.map((context) => context.close())
			);
		},
		{ auto: true }
	]
});

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

/**
 * Waits for a y-websocket client's first sync, and fails within `ms` with what the socket last
 * did: a refused socket reconnects for ever, and a bare wait would hang until the test's timeout.
 */
export async function firstSync(provider: WebsocketProvider, ms = 20_000): Promise<void> {
	if (provider.synced) return;
	let lastClose = 'none';
	const onClose = (event: CloseEvent | null) => (lastClose = event ? `${event.code} ${event.reason}` : 'closed');
	provider.on('connection-close', onClose);
	try {
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no first sync from /collab in ${ms} ms (last close: ${lastClose})`)), ms);
			provider.once('sync', () => {
				clearTimeout(timer);
				resolve();
			});
		});
	} finally {
		provider.off('connection-close', onClose);
	}
}
