import type { Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, storageStateFor, type DemoRole } from './fixtures';

/**
 * Every page of the demo, as the people who use it, in both languages and on a phone: it
 * renders, axe finds nothing serious, and nothing is wider than the screen.
 */

async function demoPaths(page: Page): Promise<string[]> {
	await page.goto('/projects');
	await page.getByRole('link', { name: 'ลดเวลารอคิวที่สำนักงานเขต' }).click();
	await page.waitForURL(/\/projects\/[a-z2-9]+$/);
	const project = new URL(page.url()).pathname;
	await page.goto(`${project}/prototypes`);
	const prototype = await page.locator(`main a[href^="${project}/prototypes/"]:not([href$="/new"])`).first().getAttribute('href');
	await page.goto(`${project}/feedback`);
	const round = await page.locator(`main a[href^="${project}/feedback/"]:not([href$="/new"])`).first().getAttribute('href');
	return [
		'/',
		'/projects',
		project,
		`${project}/team`,
		`${project}/edit`,
		`${project}/boards`,
		`${project}/prototypes`,
		`${project}/prototypes/new`,
		prototype!,
		`${project}/feedback`,
		`${project}/feedback/new`,
		round!,
		`${round}/responses`,
		`${round}/entry`,
		`${round}/questions`,
		`${round}/settings`,
		'/account',
		'/open'
	];
}

async function expectFitsTheScreen(page: Page): Promise<void> {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow, `horizontal overflow on ${page.url()}`).toBeLessThanOrEqual(0);
}

// Three parts per language, each its own test: axe on a long page takes seconds on a loaded 2-core
// CI machine, and eighteen pages in one test ran past two minutes there.
const PARTS = 3;

for (const lang of ['th', 'en'] as const) {
	for (let part = 0; part < PARTS; part++) {
		test(`every page of the demo as its facilitator, in ${lang}, part ${part + 1} of ${PARTS}`, async ({ browser }, testInfo) => {
			test.setTimeout(180_000);
			const context = await browser.newContext({ storageState: storageStateFor('facilitator') });
			await context.addCookies([{ name: 'lang', value: lang, url: testInfo.project.use.baseURL! }]);
			const page = await context.newPage();
			const paths = await demoPaths(page);
			const size = Math.ceil(paths.length / PARTS);
			const mine = paths.slice(part * size, (part + 1) * size);
			expect(mine.length).toBeGreaterThan(0);
			for (const path of mine) {
				const response = await page.goto(path);
				expect(response?.status(), path).toBe(200);
				await expect(page.locator('html')).toHaveAttribute('lang', lang);
				await expect(page.locator('h1').first()).toBeVisible();
				await expectNoSeriousA11yViolations(page);
			}
			await context.close();
		});
	}
}

test('every page of the demo fits a phone', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	const context = await browser.newContext({
		storageState: storageStateFor('facilitator'),
		viewport: { width: 360, height: 740 },
		isMobile: true,
		hasTouch: true
	});
	const page = await context.newPage();
	for (const path of await demoPaths(page)) {
		await page.goto(path);
		await expectFitsTheScreen(page);
	}
	await screenshot(page, testInfo, 'last-page-phone');
	await context.close();
});

const ROLE_PAGES: [DemoRole, string[]][] = [
	['official', ['/portfolio', '/projects']],
	['admin', ['/admin/users']],
	['member', ['/', '/projects']]
];

for (const [role, paths] of ROLE_PAGES) {
	test(`the ${role}'s own pages pass axe on desktop and phone`, async ({ browser }, testInfo) => {
		for (const viewport of [
			{ width: 1280, height: 800 },
			{ width: 360, height: 740 }
		]) {
			const context = await browser.newContext({ storageState: storageStateFor(role), viewport });
			const page = await context.newPage();
			for (const path of paths) {
				expect((await page.goto(path))?.status(), path).toBe(200);
				await expectNoSeriousA11yViolations(page);
				if (viewport.width < 400) await expectFitsTheScreen(page);
			}
			await screenshot(page, testInfo, `${role}-${viewport.width}`);
			await context.close();
		}
	});
}
