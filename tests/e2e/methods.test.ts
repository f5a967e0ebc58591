import type { Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, storageStateFor, uniqueTitle } from './fixtures';

/**
 * The method library at /methods: public, Thai first and English, filtered by stage, length and
 * search (with and without scripts), a printable page per method, and the lab's own methods.
 */

async function expectFitsTheScreen(page: Page): Promise<void> {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow, `horizontal overflow on ${page.url()}`).toBeLessThanOrEqual(0);
}

const cards = (page: Page) => page.locator('main article.method');

test('the library is public and lists at least 24 methods across the five stages, in Thai and in English', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	for (const lang of ['th', 'en'] as const) {
		const context = await browser.newContext();
		await context.addCookies([{ name: 'lang', value: lang, url: testInfo.project.use.baseURL! }]);
		const page = await context.newPage();
		expect((await page.goto('/methods'))?.status()).toBe(200);
		await expect(page.locator('html')).toHaveAttribute('lang', lang);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(lang === 'th' ? 'คลังเครื่องมือ' : 'Method library');
		expect(await cards(page).count()).toBeGreaterThanOrEqual(24);
		const stages =
			lang === 'th'
				? ['เข้าใจปัญหา', 'ระดมความคิด', 'สร้างต้นแบบ', 'ทดสอบ', 'ขยายผลและใช้จริง']
				: ['Empathize', 'Ideate', 'Prototype', 'Test', 'Implement & scale'];
		for (const stage of stages) await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^${stage}`) })).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, `library-${lang}-desktop`);
		await context.close();
	}
});

test('the filters narrow the list by stage, length and words, and work without scripts', async ({ browser }) => {
	test.setTimeout(180_000);
	for (const javaScriptEnabled of [true, false]) {
		const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
		await page.goto('/methods', { waitUntil: 'networkidle' });
		const all = await cards(page).count();

		await page.getByLabel('ขั้นตอน').selectOption('ideate');
		if (!javaScriptEnabled) await page.getByRole('button', { name: 'แสดง' }).click();
		await expect(page).toHaveURL(/stage=ideate/);
		await expect(page.getByRole('heading', { level: 2 })).toHaveText([/^ระดมความคิด/]);
		const ideate = await cards(page).count();
		expect(ideate).toBeGreaterThanOrEqual(5);
		expect(ideate).toBeLessThan(all);

		await page.getByLabel('เวลาที่ใช้').selectOption('short');
		if (!javaScriptEnabled) await page.getByRole('button', { name: 'แสดง' }).click();
		await expect(page).toHaveURL(/duration=short/);
		await expect(page.getByRole('status')).toContainText(/พบ \d+ จาก \d+ เครื่องมือ/);
		for (const minutes of await page.locator('main article.method .facts li:first-child').allInnerTexts()) {
			expect(Number(minutes.match(/(\d+) นาที/)?.[1])).toBeLessThanOrEqual(20);
		}

		// Words match either language: an English name found from the Thai page.
		await page.getByRole('link', { name: 'ล้างตัวกรอง' }).click();
		await expect(page).toHaveURL(/\/methods$/);
		await expect(page.getByRole('status')).toContainText('ทั้งหมด');
		await page.getByRole('searchbox', { name: 'ค้นหา' }).fill('scamper');
		await page.getByRole('searchbox', { name: 'ค้นหา' }).press('Enter');
		await expect(page).toHaveURL(/q=scamper/);
		await expect(cards(page)).toHaveCount(1);
		await expect(cards(page).getByRole('link')).toHaveText('ปรับไอเดียด้วย SCAMPER');

		await page.getByRole('searchbox', { name: 'ค้นหา' }).fill('ไม่มีเครื่องมือชื่อนี้แน่นอน');
		await page.getByRole('searchbox', { name: 'ค้นหา' }).press('Enter');
		await expect(page.getByText('ไม่พบเครื่องมือที่ตรงกัน')).toBeVisible();
		await page.context().close();
	}
});

test('a method page says why, when and how, where on the board, and prints without the site around it', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	for (const viewport of [
		{ width: 1280, height: 800 },
		{ width: 360, height: 740 }
	]) {
		const context = await browser.newContext({ viewport });
		const page = await context.newPage();
		await page.goto('/methods');
		await page.getByRole('link', { name: 'แผนที่ความเข้าอกเข้าใจ (Empathy map)' }).click();
		await expect(page).toHaveURL(/\/methods\/empathy-map$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('แผนที่ความเข้าอกเข้าใจ (Empathy map)');
		for (const heading of ['ใช้ทำอะไร', 'ใช้เมื่อไร', 'ขั้นตอน', 'เคล็ดลับจากกระบวนกร']) {
			await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
		}
		expect(await page.locator('ol.steps > li').count()).toBeGreaterThanOrEqual(4);
		await expect(page.getByText('บอร์ดขั้นเข้าใจปัญหา: พูด, คิด, ทำ, รู้สึก')).toBeVisible();
		await expect(page.getByText('40 นาที')).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		if (viewport.width < 400) await expectFitsTheScreen(page);
		await screenshot(page, testInfo, `method-${viewport.width}`);

		await page.emulateMedia({ media: 'print' });
		await expect(page.locator('.site-header')).toBeHidden();
		await expect(page.getByRole('button', { name: 'พิมพ์' })).toBeHidden();
		await expect(page.getByRole('heading', { level: 2, name: 'ขั้นตอน' })).toBeVisible();
		await context.close();
	}

	const context = await browser.newContext();
	await context.addCookies([{ name: 'lang', value: 'en', url: testInfo.project.use.baseURL! }]);
	const page = await context.newPage();
	await page.goto('/methods/dot-voting');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dot voting');
	await expect(page.getByRole('heading', { level: 2, name: 'When to use it' })).toBeVisible();
	await expect(page.getByText('Ideate board: Dot vote')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await context.close();
});

test('a facilitator copies a built-in method, adapts it in both languages, and the lab’s method joins the library', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	const page = await (await browser.newContext({ storageState: storageStateFor('facilitator') })).newPage();
	await page.goto('/methods/five-whys', { waitUntil: 'networkidle' });
	// Built-in methods are read-only: no edit, only a copy.
	await expect(page.getByRole('link', { name: 'แก้ไข' })).toHaveCount(0);
	await page.getByRole('button', { name: 'คัดลอกไปปรับใช้' }).click();
	await expect(page).toHaveURL(/\/methods\/[a-z2-9]{16}\/edit\?copied=1$/);
	await expect(page.getByRole('status')).toContainText('คัดลอกแล้ว');
	await expect(page.getByLabel('ชื่อเครื่องมือ').first()).toHaveValue('ถามทำไม 5 ครั้ง (5 Whys)');

	// A refused save names the field and keeps what was typed.
	const name = uniqueTitle('ถามทำไมฉบับเขต');
	await page.getByLabel('ชื่อเครื่องมือ').first().fill(name);
	await page.getByLabel('จำนวนคนมากที่สุด').fill('1');
	await page.getByRole('button', { name: 'บันทึก' }).click();
	await expect(page.getByRole('alert')).toContainText('จำนวนคนมากที่สุดต้องไม่น้อยกว่าจำนวนคนอย่างน้อย');
	await expect(page.getByLabel('ชื่อเครื่องมือ').first()).toHaveValue(name);
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'method-edit-refused');

	await page.getByLabel('จำนวนคนมากที่สุด').fill('6');
	await page.getByLabel('บอร์ดที่ใช้').selectOption('ideate');
	await page.getByLabel('เราจะ…ได้อย่างไร').check();
	await page.getByRole('button', { name: 'บันทึก' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	await expect(page.getByText('เครื่องมือของแล็บ').first()).toBeVisible();
	await expect(page.getByText('บอร์ดขั้นระดมความคิด: เราจะ…ได้อย่างไร')).toBeVisible();
	await expect(page.getByRole('link', { name: 'ถามทำไม 5 ครั้ง (5 Whys)' })).toBeVisible();

	await page.goto('/methods?q=' + encodeURIComponent(name));
	await expect(cards(page)).toHaveCount(1);
	await expect(cards(page).getByText('เครื่องมือของแล็บ')).toBeVisible();

	// The lab's method can go; the library no longer lists it.
	await cards(page).getByRole('link').click();
	await page.getByText('ลบเครื่องมือนี้').click();
	await page.getByRole('button', { name: 'ยืนยันการลบ' }).click();
	await expect(page).toHaveURL(/\/methods\?deleted=1$/);
	await page.goto('/methods?q=' + encodeURIComponent(name));
	await expect(cards(page)).toHaveCount(0);
});

test('people who are not facilitators read the library but cannot add to it', async ({ browser }) => {
	const member = await (await browser.newContext({ storageState: storageStateFor('member') })).newPage();
	await member.goto('/methods');
	await expect(member.getByRole('link', { name: 'เพิ่มเครื่องมือของแล็บ' })).toHaveCount(0);
	expect((await member.goto('/methods/new'))?.status()).toBe(403);
	const anonymous = await (await browser.newContext()).newPage();
	await anonymous.goto('/methods/new');
	await expect(anonymous).toHaveURL(/\/login\?next=%2Fmethods%2Fnew$/);
});
