import type { Page } from '@playwright/test';
import { test, expect, DEMO, expectNoSeriousA11yViolations, screenshot, storageStateFor, uniqueTitle } from './fixtures';

async function createProject(page: Page, title: string): Promise<string> {
	await page.goto('/projects/new');
	await expectNoSeriousA11yViolations(page);
	await page.getByLabel('ชื่อโครงการ').fill(title);
	await page.getByLabel('โจทย์สาธารณะ').fill('ผู้สูงอายุต้องเดินทางไกลเพื่อต่ออายุบัตรผู้พิการ เราจะลดการเดินทางได้อย่างไร');
	await page.getByLabel('หน่วยงานเจ้าของ').fill('สำนักงานพัฒนาสังคมจังหวัดทดสอบ');
	await page.getByLabel('แท็ก').fill('ผู้สูงอายุ, บัตร');
	await page.getByRole('button', { name: 'สร้างโครงการ' }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	return new URL(page.url()).pathname;
}

async function moveTo(page: Page, stage: string, reason: string): Promise<void> {
	await page.getByLabel('ย้ายไปขั้นตอน').selectOption({ label: stage });
	await page.getByLabel('เหตุผล').fill(reason);
	await page.getByRole('button', { name: 'เปลี่ยนขั้นตอน' }).click();
	await expect(page.getByRole('status')).toContainText(stage);
}

test.describe('a facilitator', () => {
	test.use({ storageState: storageStateFor('facilitator') });

	test('creates a project, adds a member, moves it two stages forward and one back with a reason', async ({ page }, testInfo) => {
		const title = uniqueTitle('ต่ออายุบัตรใกล้บ้าน');
		const path = await createProject(page, title);
		await expectNoSeriousA11yViolations(page);

		await page.getByRole('link', { name: 'ทีม' }).click();
		await page.getByLabel('อีเมล').fill(DEMO.member.email);
		await page.getByLabel('บทบาท', { exact: true }).selectOption('member');
		await page.getByRole('button', { name: 'เพิ่มในทีม' }).click();
		await expect(page.getByRole('status')).toHaveText('เพิ่มในทีมแล้ว');
		await expect(page.getByRole('cell', { name: DEMO.member.name, exact: true })).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'team');

		await page.goto(path);
		await moveTo(page, 'ระดมความคิด', 'สัมภาษณ์ผู้สูงอายุครบ 12 คนแล้ว');
		await moveTo(page, 'สร้างต้นแบบ', 'โหวตเลือกไอเดียแล้ว');
		await moveTo(page, 'ระดมความคิด', 'ต้นแบบแรกไม่ตอบโจทย์ผู้ที่ไม่มีสมาร์ตโฟน');

		await expect(page.locator('[aria-current="step"]')).toContainText('ระดมความคิด');
		const history = page.getByRole('region', { name: 'ประวัติขั้นตอน' });
		await expect(history.getByText('สร้างต้นแบบ → ระดมความคิด')).toBeVisible();
		await expect(history.getByText('ต้นแบบแรกไม่ตอบโจทย์ผู้ที่ไม่มีสมาร์ตโฟน')).toBeVisible();
		await expect(history.getByText(DEMO.facilitator.name).first()).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'project-overview');
	});

	test('sees a clear message and keeps what was typed when a stage move has no reason', async ({ page }) => {
		await createProject(page, uniqueTitle('ไม่มีเหตุผล'));
		await page.getByLabel('ย้ายไปขั้นตอน').selectOption({ label: 'ทดสอบ' });
		await page.getByLabel('เหตุผล').fill('  ');
		await page.getByLabel('เหตุผล').evaluate((el) => el.removeAttribute('required'));
		await page.getByRole('button', { name: 'เปลี่ยนขั้นตอน' }).click();
		await expect(page.getByRole('alert')).toContainText('กรุณากรอกช่องนี้');
		await expect(page.getByLabel('เหตุผล')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.locator('[aria-current="step"]')).toContainText('เข้าใจปัญหา');
	});

	test("keeps what was typed before the page's scripts arrived (a slow phone)", async ({ page }) => {
		// Hold the app's scripts back, type, then let them load and hydrate the form.
		let release!: () => void;
		const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/_app/immutable/**', async (route) => {
			await scriptsHeld;
			await route.continue();
		});
		await page.goto('/projects/new', { waitUntil: 'commit' });
		const title = uniqueTitle('พิมพ์ก่อนสคริปต์');
		await page.getByLabel('ชื่อโครงการ').fill(title);
		await page.getByLabel('โจทย์สาธารณะ').fill('ข้อความที่พิมพ์ก่อนหน้าเว็บพร้อมต้องไม่หายไป');
		release();
		await page.waitForLoadState('networkidle');
		await expect(page.getByLabel('ชื่อโครงการ')).toHaveValue(title);
		await expect(page.getByLabel('โจทย์สาธารณะ')).toHaveValue('ข้อความที่พิมพ์ก่อนหน้าเว็บพร้อมต้องไม่หายไป');
	});

	test('switches the language to English and it persists across pages', async ({ page }, testInfo) => {
		await page.goto('/projects');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('โครงการทั้งหมด');
		await page.getByRole('button', { name: 'English' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('All projects');
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await page.getByRole('link', { name: 'ลดเวลารอคิวที่สำนักงานเขต' }).click();
		await expect(page.getByRole('heading', { name: 'Stage history' })).toBeVisible();
		// Dates follow the language: the Thai page shows the Buddhist-era year.
		await expect(page.locator('time').first()).toContainText(/20\d\d/);
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'project-en');
		await page.getByRole('button', { name: 'ไทย' }).click();
		await expect(page.getByRole('heading', { name: 'ประวัติขั้นตอน' })).toBeVisible();
		await expect(page.locator('time').first()).toContainText(/25\d\d/);
	});

	test('finds projects by search and stage filter', async ({ page }) => {
		await page.goto('/projects?q=คิว');
		await expect(page.getByRole('link', { name: 'ลดเวลารอคิวที่สำนักงานเขต' })).toBeVisible();
		await page.goto('/projects?stage=implement');
		await expect(page.getByRole('link', { name: 'ลดเวลารอคิวที่สำนักงานเขต' })).toHaveCount(0);
		await expectNoSeriousA11yViolations(page);
	});
});

test.describe('a viewer', () => {
	test('cannot change anything on the project', async ({ browser }, testInfo) => {
		const facilitator = await browser.newContext({ storageState: storageStateFor('facilitator') });
		const page = await facilitator.newPage();
		const path = await createProject(page, uniqueTitle('ดูอย่างเดียว'));
		await page.getByRole('link', { name: 'ทีม' }).click();
		await page.getByLabel('อีเมล').fill(DEMO.member.email);
		await page.getByLabel('บทบาท', { exact: true }).selectOption('viewer');
		await page.getByRole('button', { name: 'เพิ่มในทีม' }).click();
		await expect(page.getByRole('status')).toBeVisible();
		await facilitator.close();

		const viewer = await browser.newContext({ storageState: storageStateFor('member') });
		const vpage = await viewer.newPage();
		await vpage.goto(path);
		await expect(vpage.getByText('ดูอย่างเดียว', { exact: true })).toBeVisible();
		await expect(vpage.getByRole('button', { name: 'เปลี่ยนขั้นตอน' })).toHaveCount(0);
		await expect(vpage.getByRole('link', { name: 'แก้ไข' })).toHaveCount(0);
		await expectNoSeriousA11yViolations(vpage);
		await screenshot(vpage, testInfo, 'viewer-overview');
		await vpage.getByRole('link', { name: 'ทีม' }).click();
		await expect(vpage.getByRole('button')).toHaveCount(3); // the language switch (2) and logout only
		const edit = await vpage.goto(`${path}/edit`);
		expect(edit?.status()).toBe(403);
		// A forged form post is refused on the server too.
		const forged = await vpage.request.post(`${path}?/stage`, {
			form: { to: 'test', reason: 'ลองเปลี่ยนเอง' },
			headers: { origin: new URL(vpage.url()).origin, accept: 'text/html' }
		});
		expect(forged.status()).toBe(403);
		await vpage.goto(path);
		await expect(vpage.locator('[aria-current="step"]')).toContainText('เข้าใจปัญหา');
		await viewer.close();
	});

	test('a member of another project gets 404 for a private project', async ({ browser }) => {
		const facilitator = await browser.newContext({ storageState: storageStateFor('facilitator') });
		const page = await facilitator.newPage();
		const path = await createProject(page, uniqueTitle('ส่วนตัว'));
		await facilitator.close();
		const outsider = await browser.newContext({ storageState: storageStateFor('member') });
		const response = await (await outsider.newPage()).goto(path);
		expect(response?.status()).toBe(404);
		await outsider.close();
	});
});

test.describe('an admin', () => {
	test.use({ storageState: storageStateFor('admin') });

	test('invites someone, who sets a name and password and lands signed in', async ({ page, browser }, testInfo) => {
		await page.goto('/admin/users');
		await expectNoSeriousA11yViolations(page);
		const email = `${uniqueTitle('new').replace(/\s/g, '')}@example.test`;
		await page.getByLabel('อีเมล').fill(email);
		await page.getByLabel('บทบาท', { exact: true }).selectOption('facilitator');
		await page.getByRole('button', { name: 'สร้างลิงก์เชิญ' }).click();
		const link = await page.getByLabel('ลิงก์เชิญ').inputValue();
		expect(link).toMatch(/\/invite\/[a-z2-9]{32}$/);
		await screenshot(page, testInfo, 'admin-invite');

		const invitee = await browser.newContext();
		const ipage = await invitee.newPage();
		await ipage.goto(link);
		await expectNoSeriousA11yViolations(ipage);
		await ipage.getByLabel('ชื่อ').fill('ผู้อำนวยกระบวนการใหม่');
		await ipage.getByLabel('รหัสผ่าน').fill('password');
		await ipage.getByRole('button', { name: 'สร้างบัญชี' }).click();
		await expect(ipage.getByRole('alert')).toContainText('รหัสผ่านนี้ถูกใช้กันทั่วไป');
		await expect(ipage.getByLabel('ชื่อ')).toHaveValue('ผู้อำนวยกระบวนการใหม่');
		await ipage.getByLabel('รหัสผ่าน').fill('ส้มตำไก่ย่าง-2569');
		await ipage.getByRole('button', { name: 'สร้างบัญชี' }).click();
		await expect(ipage.getByRole('heading', { level: 1 })).toHaveText('โครงการของฉัน');
		await expect(ipage.getByRole('link', { name: 'สร้างโครงการใหม่' }).first()).toBeVisible();
		await ipage.goto(link);
		await expect(ipage.getByText('ลิงก์เชิญนี้ใช้ไม่ได้')).toBeVisible();
		await invitee.close();
	});
});

test('the account page lists sessions and passes axe', async ({ browser }, testInfo) => {
	const context = await browser.newContext({ storageState: storageStateFor('official') });
	const page = await context.newPage();
	await page.goto('/account');
	await expect(page.getByText('อุปกรณ์นี้')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'account');
	await context.close();
});

test('the home page works on a phone', async ({ browser }, testInfo) => {
	const context = await browser.newContext({
		storageState: storageStateFor('facilitator'),
		viewport: { width: 375, height: 740 },
		isMobile: true,
		hasTouch: true
	});
	const page = await context.newPage();
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('โครงการของฉัน');
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'home-phone');
	await context.close();
});
