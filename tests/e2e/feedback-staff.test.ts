import type { Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, storageStateFor } from './fixtures';

/** The project team's side of citizen feedback, on the demo's open round. */

async function openDemoRound(page: Page): Promise<string> {
	await page.goto('/projects');
	await page.getByRole('link', { name: 'ลดเวลารอคิวที่สำนักงานเขต' }).first().click();
	await page.getByRole('link', { name: 'ความคิดเห็นประชาชน', exact: true }).click();
	await expect(page.getByRole('heading', { name: 'รอบรับความคิดเห็น' })).toBeVisible();
	await page.getByRole('link', { name: /รุ่นที่ 2/ }).click();
	await expect(page.getByRole('heading', { level: 2 })).toContainText('รุ่นที่ 2');
	return new URL(page.url()).pathname;
}

test.describe('a facilitator', () => {
	test.use({ storageState: storageStateFor('facilitator') });

	test('reads the results as charts, finds Thai feedback by a word, and sends three responses to the Test board', async ({ page }, testInfo) => {
		const round = await openDemoRound(page);
		await expect(page.getByRole('img', { name: /1\. โดยรวมแล้ว/ })).toBeVisible();
		await expect(page.getByRole('img', { name: 'คำตอบตามช่องทาง' })).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'feedback-results');

		await page.getByRole('link', { name: /^คำตอบ \(/ }).click();
		await page.getByLabel('ค้นหาในข้อความ').fill('บริการ');
		await page.getByRole('button', { name: 'ค้นหา' }).click();
		await expect(page.getByText(/พบ \d+ คำตอบ/)).toBeVisible();
		await expect(page.getByText('การออกแบบบริการภาครัฐแบบนี้ควรมีทุกเขต')).toBeVisible();
		await expectNoSeriousA11yViolations(page);

		const boxes = page.getByRole('checkbox', { name: /เลือกคำตอบเมื่อ/ });
		for (let i = 0; i < 3; i++) await boxes.nth(i).check();
		await page.getByRole('button', { name: 'ส่งไปบอร์ดขั้นทดสอบ' }).click();
		await expect(page.getByRole('status')).toContainText('ส่ง 3 คำตอบไปบอร์ดขั้นทดสอบแล้ว');
		await expect(page.getByText('อยู่บนบอร์ดแล้ว')).toHaveCount(3);
		await screenshot(page, testInfo, 'feedback-responses');

		await page.goto(`${round}/responses?status=new`);
		await page.getByRole('link', { name: 'เปิดดู' }).first().click();
		await page.getByRole('radio', { name: 'เผยแพร่' }).check();
		await page.getByRole('button', { name: 'บันทึกสถานะ' }).click();
		await expect(page.getByRole('status')).toContainText('สถานะ: เผยแพร่');
		await page.getByLabel('เพิ่มบันทึก').fill('โทรกลับแล้ว ผู้ตอบพอใจ');
		await page.getByRole('button', { name: 'บันทึก', exact: true }).click();
		await expect(page.getByText('โทรกลับแล้ว ผู้ตอบพอใจ')).toBeVisible();
		await expectNoSeriousA11yViolations(page);
	});

	test('keeps an answer chosen and typed before the page’s scripts arrived', async ({ page }) => {
		test.setTimeout(180_000);
		const round = await openDemoRound(page);
		// A slow connection: the page is there, its scripts are held back until the answers are in.
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/_app/immutable/**', async (route) => {
			await held;
			await route.continue();
		});
		await page.goto(`${round}/entry`, { waitUntil: 'domcontentloaded' });
		const rating = page.getByRole('radio', { name: '4 ดี' });
		await rating.check();
		const change = page.getByLabel('อะไรที่เราควรเปลี่ยนหรือปรับปรุง');
		await change.fill('พิมพ์ไว้ก่อนหน้าเว็บพร้อม');
		release();
		// The scripts arrive and hydrate the form: what was chosen and typed stays.
		await page.waitForLoadState('networkidle');
		await expect(rating).toBeChecked();
		await expect(change).toHaveValue('พิมพ์ไว้ก่อนหน้าเว็บพร้อม');
		await page.getByRole('button', { name: 'บันทึกความคิดเห็น' }).click();
		await expect(page.getByRole('status')).toContainText(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
	});

	test('types in feedback taken by phone and gets a receipt to read out', async ({ page }, testInfo) => {
		const round = await openDemoRound(page);
		// Once the page's scripts have hydrated the form: a choice made before could be reset.
		await page.goto(`${round}/entry`, { waitUntil: 'networkidle' });
		await page.getByLabel('ได้รับทางช่องทาง').selectOption('phone');
		await page.getByRole('radio', { name: '3 พอใช้' }).check();
		await expect(page.getByRole('radio', { name: '3 พอใช้' })).toBeChecked();
		await page.getByLabel('อะไรที่เราควรเปลี่ยนหรือปรับปรุง').fill('ผู้สูงอายุโทรมาบอกว่ารอสายนาน');
		await page.getByRole('button', { name: 'บันทึกความคิดเห็น' }).click();
		await expect(page.getByRole('status')).toContainText(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/);
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'feedback-entry');
		await page.goto(`${round}/responses?channel=phone`);
		await expect(page.getByText('ผู้สูงอายุโทรมาบอกว่ารอสายนาน')).toBeVisible();
	});

	test('creates a round on a prototype version with suggested questions and downloads its poster', async ({ page }, testInfo) => {
		await page.goto('/projects');
		await page.getByRole('link', { name: 'ลดเวลารอคิวที่สำนักงานเขต' }).first().click();
		await page.getByRole('link', { name: 'ความคิดเห็นประชาชน', exact: true }).click();
		await page.getByRole('link', { name: 'เปิดรอบรับความคิดเห็นใหม่' }).click();
		await expectNoSeriousA11yViolations(page);
		await page.getByLabel('ต้นแบบและรุ่นที่ทดสอบ').selectOption({ label: 'ป้ายบอกเวลารอโดยประมาณ · รุ่น 1' });
		await page.getByLabel('ชื่อรอบ (ภาษาไทย)').fill('ป้ายบอกเวลารอ หน้าห้องทะเบียน');
		await page.getByRole('button', { name: 'สร้างรอบ' }).click();
		await expect(page.getByRole('status')).toContainText('สร้างรอบแล้ว');
		await expect(page.locator('ol.questions > li')).toHaveCount(4);
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'feedback-questions');

		await page.getByRole('link', { name: 'ผลลัพธ์' }).click();
		const pdf = page.waitForEvent('download');
		await page.getByRole('link', { name: 'โปสเตอร์ (PDF)' }).click();
		expect((await pdf).suggestedFilename()).toMatch(/^poster-[a-z0-9]+\.pdf$/);
		const png = page.waitForEvent('download');
		await page.getByRole('link', { name: 'โปสเตอร์ (PNG)' }).click();
		expect((await png).suggestedFilename()).toMatch(/^poster-[a-z0-9]+\.png$/);
	});
});

// The demo's official is on the project's team as a viewer: the team reads what citizens wrote.
// (An official who is not on the team gets "not found": tests/integration/feedback-authorization.test.ts.)
test.describe('an official on the team as a viewer', () => {
	test.use({ storageState: storageStateFor('official') });

	test('reads the results and the responses but cannot change them or see contact details', async ({ page }) => {
		const round = await openDemoRound(page);
		await page.goto(`${round}/responses`);
		await expect(page.getByRole('checkbox')).toHaveCount(0);
		await expect(page.getByRole('button', { name: 'ส่งไปบอร์ดขั้นทดสอบ' })).toHaveCount(0);
		await expect(page.getByRole('link', { name: 'บันทึกความคิดเห็น' })).toHaveCount(0);
		await page.goto(`${round}/responses?tag=${encodeURIComponent('ต้องติดตาม')}`);
		await page.getByRole('link', { name: 'เปิดดู' }).first().click();
		await expect(page.getByText('ผู้ตอบฝากข้อมูลติดต่อไว้ เฉพาะสมาชิกทีมที่แก้ไขโครงการได้เท่านั้นที่เห็น')).toBeVisible();
		await expectNoSeriousA11yViolations(page);
	});
});

test.describe('on a phone', () => {
	test.use({ storageState: storageStateFor('member'), viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

	test('the results and the moderation queue fit the screen', async ({ page }, testInfo) => {
		const round = await openDemoRound(page);
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		await screenshot(page, testInfo, 'feedback-results-phone');
		await page.goto(`${round}/responses`);
		expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
		await screenshot(page, testInfo, 'feedback-responses-phone');
	});
});
