import type { Browser } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, storageStateFor, uniqueTitle } from './fixtures';

async function pageAs(browser: Browser, options: { role?: 'member' | 'facilitator'; lang?: 'th' | 'en'; width?: number }) {
	const phone = (options.width ?? 1280) < 600;
	const context = await browser.newContext({
		storageState: options.role ? storageStateFor(options.role) : undefined,
		viewport: phone ? { width: options.width!, height: 740 } : { width: 1280, height: 800 },
		isMobile: phone,
		hasTouch: phone
	});
	if (options.lang) await context.addCookies([{ name: 'lang', value: options.lang, url: test.info().project.use.baseURL! }]);
	return { context, page: await context.newPage() };
}

async function expectNoSidewaysScroll(page: import('@playwright/test').Page) {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
}

test('a member makes an API token on the account page, sees it once, reads the API with it, then revokes it', async ({ browser }, testInfo) => {
	const { context, page } = await pageAs(browser, { role: 'member', width: 360 });
	await page.goto('/account');
	const section = page.getByRole('region', { name: 'โทเค็น API' });
	await expect(section).toBeVisible();
	const name = uniqueTitle('แดชบอร์ด');
	await section.getByLabel('ชื่อโทเค็น').fill(name);
	await section.getByLabel('ใช้ได้นาน').selectOption('30');
	await section.getByRole('button', { name: 'สร้างโทเค็น' }).click();
	const secret = section.getByLabel('โทเค็น', { exact: true });
	await expect(secret).toHaveValue(/^plt_[a-z0-9]+\.[a-z0-9]+$/);
	const token = await secret.inputValue();
	// The whole token shows on a phone, nothing scrolled out of its box (a one-line input hid most of it).
	const hidden = await secret.evaluate((el) => ({ x: el.scrollWidth - el.clientWidth, y: el.scrollHeight - el.clientHeight }));
	expect(hidden).toEqual({ x: 0, y: 0 });
	const listed = section.getByRole('listitem').filter({ hasText: name });
	await expect(listed).toContainText('ยังไม่เคยใช้');
	await expectNoSeriousA11yViolations(page);
	await expectNoSidewaysScroll(page);
	await screenshot(page, testInfo, 'account-tokens-360-th');

	const api = await page.request.get('/api/v1/projects', { headers: { authorization: `Bearer ${token}` } });
	expect(api.status()).toBe(200);
	expect((await api.json()).projects.length).toBeGreaterThan(0);

	// Shown once: a fresh visit lists the token, never its secret.
	await page.goto('/account');
	await expect(listed).toContainText('ใช้ล่าสุด');
	await expect(page.getByLabel('โทเค็น', { exact: true })).toHaveCount(0);
	expect(await page.content()).not.toContain(token);
	await section.getByRole('button', { name: `ยกเลิกโทเค็น ${name}` }).click();
	await expect(section.getByRole('status')).toHaveText('ยกเลิกโทเค็นแล้ว โปรแกรมที่ใช้โทเค็นนี้จะอ่านไม่ได้อีก');
	await expect(listed).toHaveCount(0);
	const refused = await page.request.get('/api/v1/projects', { headers: { authorization: `Bearer ${token}` } });
	expect(refused.status()).toBe(401);
	await context.close();
});

test('the token section reads in English and at desktop width', async ({ browser }, testInfo) => {
	const { context, page } = await pageAs(browser, { role: 'facilitator', lang: 'en' });
	await page.goto('/account');
	const section = page.getByRole('region', { name: 'API tokens' });
	await section.getByLabel('Token name').fill(uniqueTitle('Division dashboard'));
	await section.getByRole('button', { name: 'Create token' }).click();
	await expect(section.getByText('Copy it now: it will not be shown again (we keep only a hash of it).')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'account-tokens-1280-en');
	await section.getByLabel('Token name').fill('   ');
	await section.getByRole('button', { name: 'Create token' }).click();
	await expect(section.getByLabel('Token name')).toHaveAttribute('aria-invalid', 'true');
	await context.close();
});

for (const lang of ['th', 'en'] as const) {
	for (const width of [360, 1280]) {
		test(`the API guide reads in ${lang} at ${width} px, built from the OpenAPI document`, async ({ browser }, testInfo) => {
			const { context, page } = await pageAs(browser, { lang, width });
			await page.goto('/api');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(lang === 'th' ? 'API ของประชาแล็บ' : 'Prachalab API');
			const responses = page.locator('#listFeedbackResponses');
			await expect(responses.getByText('/api/v1/projects/{id}/feedback/{roundId}/responses')).toBeVisible();
			// Who gets what, as derived from the access rules: an admin reads citizens' words without a place on the team.
			const everything = responses
				.locator('.audience > li')
				.filter({ hasText: lang === 'th' ? 'เห็นทั้งหมดเหมือนทีม' : 'everything, as the team sees it' });
			await expect(
				everything.getByText(lang === 'th' ? 'บัญชีผู้ดูแลระบบที่ไม่ได้อยู่ในทีม' : 'a signed-in administrator not on the team', { exact: true })
			).toBeVisible();
			const doc = await page.request.get('/api/v1/openapi.json');
			const paths = Object.keys((await doc.json()).paths);
			await expect(page.locator('section.endpoint')).toHaveCount(paths.length);
			await expectNoSeriousA11yViolations(page);
			await expectNoSidewaysScroll(page);
			await screenshot(page, testInfo, `api-guide-${width}-${lang}`);
			await context.close();
		});
	}
}
