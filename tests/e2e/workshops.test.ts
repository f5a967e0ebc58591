import type { Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, storageStateFor, uniqueTitle } from './fixtures';
import { pageAs, projectWithTeam } from './board-helpers';
import { planWorkshop } from './workshop-helpers';

/**
 * Workshops: a facilitator plans a session on a project and builds its agenda from the method
 * library; start times follow every change; reordering works by keyboard and by touch, without
 * dragging; the team reads the agenda.
 */

const steps = (page: Page) => page.locator('ol.agenda > li');
const startTimes = (page: Page) => page.locator('ol.agenda > li .start').allInnerTexts();
const stepTitles = async (page: Page) => (await page.locator('ol.agenda > li h3').allInnerTexts()).map((t) => t.replace(/^\d+\.\s*/, ''));

/** Adds one step with the given add button and waits for the agenda to hold `count` steps. */
async function add(page: Page, buttonId: string, count: number) {
	await page.locator(`#${buttonId}`).click();
	await expect(steps(page)).toHaveCount(count);
}

test('a facilitator builds a three-hour agenda from the library in under five minutes, and start times follow every change', async ({
	browser
}, testInfo) => {
	test.setTimeout(300_000);
	const page = await pageAs(browser, 'facilitator');
	const project = await projectWithTeam(page, uniqueTitle('เวิร์กช็อป'));

	// The clock starts when the facilitator opens the project and stops when the agenda is done.
	const started = Date.now();
	const title = uniqueTitle('ระดมความคิดกับผู้สูงอายุ');
	await planWorkshop(page, project, title);
	await expect(page.getByRole('status').first()).toContainText('สร้างเวิร์กช็อปแล้ว');

	await add(page, 'add-preset-welcome', 1);
	await add(page, 'add-method-empathy-map', 2);
	await add(page, 'add-method-how-might-we', 3);
	await add(page, 'add-preset-break', 4);
	await add(page, 'add-method-brainstorm', 5);
	await add(page, 'add-method-clustering', 6);
	await add(page, 'add-method-dot-voting', 7);
	await add(page, 'add-preset-wrap_up', 8);
	expect(await stepTitles(page)).toEqual([
		'ต้อนรับและแนะนำเป้าหมาย',
		'แผนที่ความเข้าอกเข้าใจ (Empathy map)',
		'คำถาม เราจะ…ได้อย่างไร (How Might We)',
		'พักรับประทานอาหารว่าง',
		'ระดมความคิด (Brainstorm)',
		'จัดกลุ่มไอเดีย (Affinity clustering)',
		'โหวตด้วยจุด (Dot voting)',
		'สรุปและก้าวต่อไป'
	]);
	expect(await startTimes(page)).toEqual(['09:00', '09:15', '09:55', '10:15', '10:30', '10:55', '11:20', '11:30']);
	await expect(page.getByTestId('agenda-total')).toHaveText('2 ชม. 45 นาที');

	// A step from the library opens its board at its section, with the method's steps as instructions.
	const brainstorm = steps(page).nth(4);
	await expect(brainstorm.locator('.meta')).toContainText('บอร์ด: บอร์ดขั้นระดมความคิด · ระดมไอเดีย');
	await expect(brainstorm.locator('.instructions')).toContainText('1. อ่านคำถาม เราจะ…ได้อย่างไร ออกเสียง');

	// Longer by keyboard: three presses of +5 on the brainstorm; focus stays on the button.
	const longer = brainstorm.getByRole('button', { name: 'เพิ่มเวลา “ระดมความคิด (Brainstorm)” 5 นาที' });
	await longer.focus();
	for (const minutes of [30, 35, 40]) {
		await page.keyboard.press('Enter');
		await expect(brainstorm.locator('.length')).toHaveText(`${minutes} นาที`);
		await expect(longer).toBeFocused();
	}
	await expect(page.getByTestId('agenda-total')).toHaveText('3 ชม.');
	await expect(page.locator('.totals-bar [role="status"]')).toHaveText(/“ระดมความคิด \(Brainstorm\)” ใช้เวลา 40 นาที รวม 3 ชม\. จบ 12:00 น\./);

	// Move the break below the brainstorm, by keyboard: focus follows the step, times are recomputed.
	const breakDown = page.getByRole('button', { name: 'เลื่อน “พักรับประทานอาหารว่าง” ลง' });
	await breakDown.focus();
	await page.keyboard.press('Enter');
	await expect(steps(page).nth(4).locator('h3')).toHaveText(/พักรับประทานอาหารว่าง/);
	await expect(breakDown).toBeFocused();
	expect((await stepTitles(page)).slice(3, 5)).toEqual(['ระดมความคิด (Brainstorm)', 'พักรับประทานอาหารว่าง']);
	expect(await startTimes(page)).toEqual(['09:00', '09:15', '09:55', '10:15', '10:55', '11:10', '11:35', '11:45']);
	await expect(page.locator('.totals-bar [role="status"]')).toHaveText('“พักรับประทานอาหารว่าง” อยู่ลำดับที่ 5 เริ่ม 10:55');

	// Added by mistake, then removed.
	await add(page, 'add-preset-energizer', 9);
	await steps(page).nth(8).getByRole('button', { name: 'ลบ “กิจกรรมละลายพฤติกรรม”' }).click();
	await expect(steps(page)).toHaveCount(8);

	await expect(page.getByTestId('agenda-total')).toHaveText('3 ชม.');
	await expect(page.locator('.end-line')).toHaveText('12:00 จบ');
	const elapsed = Date.now() - started;
	testInfo.annotations.push({ type: 'agenda built in', description: `${Math.round(elapsed / 1000)} s` });
	expect(elapsed).toBeLessThan(5 * 60_000);

	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'agenda-facilitator-desktop');

	// The list shows it with its times.
	await page.getByRole('link', { name: '← เวิร์กช็อปของโครงการ' }).click();
	await expect(page.getByRole('link', { name: title })).toBeVisible();
	await expect(page.getByText('09:00–12:00 น.')).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'workshops-list');
});

test('a step is edited in place: moved to a position, given a board section, and refused with a clear message when its minutes are wrong', async ({
	browser
}, testInfo) => {
	test.setTimeout(180_000);
	const page = await pageAs(browser, 'facilitator');
	const project = await projectWithTeam(page, uniqueTitle('แก้ขั้นตอน'));
	await planWorkshop(page, project, uniqueTitle('ทดสอบต้นแบบ'));
	await add(page, 'add-preset-welcome', 1);
	await add(page, 'add-method-usability-test', 2);
	await add(page, 'add-method-feedback-grid', 3);

	// Write a step of one's own.
	await page.getByText('เขียนขั้นตอนเอง').click();
	await page.locator('#new-step-title').fill('เล่าผลทดสอบให้ผู้อำนวยการเขตฟัง');
	await page.locator('#new-step-minutes').fill('20');
	await page.locator('#new-step-place').selectOption({ label: 'บอร์ดขั้นทดสอบ · อะไรต้องเปลี่ยน' });
	await page.getByRole('button', { name: 'เพิ่มขั้นตอน' }).click();
	await expect(steps(page)).toHaveCount(4);
	await expect(steps(page).nth(3).locator('.meta')).toContainText('บอร์ด: บอร์ดขั้นทดสอบ · อะไรต้องเปลี่ยน');

	// Edit the grid step: to position 1 with 0 minutes is refused, nothing changes.
	const grid = steps(page).nth(2);
	await grid.getByText('แก้ไขขั้นตอน').click();
	const form = grid.locator('form[action="?/updateStep"]');
	await form.getByLabel('เวลา (นาที)').fill('0');
	await form.getByLabel('ลำดับที่').selectOption('1');
	await form.getByRole('button', { name: 'บันทึกขั้นตอน' }).click();
	await expect(page.getByRole('alert')).toContainText('ใส่จำนวนเต็มตั้งแต่ 1 ถึง 480');
	expect((await stepTitles(page))[0]).toBe('ต้อนรับและแนะนำเป้าหมาย');
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'step-edit-refused');

	await form.getByLabel('เวลา (นาที)').fill('25');
	await form.getByRole('button', { name: 'บันทึกขั้นตอน' }).click();
	await expect(steps(page).first().locator('h3')).toHaveText(/ตารางเก็บความเห็นสี่ช่อง/);
	await expect(steps(page).first().locator('.length')).toHaveText('25 นาที');
	expect(await startTimes(page)).toEqual(['09:00', '09:25', '09:40', '10:25']);
});

test('on a phone, steps are reordered and resized by tapping, and the page fits the screen', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	const page = await pageAs(browser, 'facilitator', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
	const project = await projectWithTeam(page, uniqueTitle('มือถือ'));
	await planWorkshop(page, project, uniqueTitle('เวิร์กช็อปบนมือถือ'));
	await add(page, 'add-method-how-might-we', 1);
	await add(page, 'add-method-crazy-8s', 2);
	await steps(page).nth(1).getByRole('button', { name: 'เลื่อน “แปดไอเดียในแปดนาที (Crazy 8s)” ขึ้น' }).tap();
	await expect(steps(page).first().locator('h3')).toHaveText(/แปดไอเดียในแปดนาที/);
	await steps(page)
		.first()
		.getByRole('button', { name: /^ลดเวลา/ })
		.tap();
	await expect(steps(page).first().locator('.length')).toHaveText('10 นาที');
	expect(await startTimes(page)).toEqual(['09:00', '09:10']);
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'agenda-phone');
});

test('team members and viewers read the agenda but cannot change it; the page is in English too', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	const facilitator = await pageAs(browser, 'facilitator');
	const project = await projectWithTeam(facilitator, uniqueTitle('อ่านกำหนดการ'));
	const workshop = await planWorkshop(facilitator, project, uniqueTitle('เวิร์กช็อปของทีม'));
	await add(facilitator, 'add-method-journey-map', 1);

	for (const [role, lang] of [
		['member', 'th'],
		['official', 'en']
	] as const) {
		const context = await browser.newContext({ storageState: storageStateFor(role) });
		await context.addCookies([{ name: 'lang', value: lang, url: testInfo.project.use.baseURL! }]);
		const page = await context.newPage();
		expect((await page.goto(workshop))?.status()).toBe(200);
		await expect(steps(page)).toHaveCount(1);
		await expect(page.locator('ol.agenda button')).toHaveCount(0);
		await expect(page.locator('#add-title')).toHaveCount(0);
		await expect(page.getByRole('heading', { level: 2, name: lang === 'th' ? 'กำหนดการ' : 'Agenda' })).toBeVisible();
		if (lang === 'en') await expect(steps(page).first().locator('h3')).toContainText('Journey map');
		expect((await page.goto(`${workshop}/edit`))?.status()).toBe(403);
		await page.goto(workshop);
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, `agenda-${role}-${lang}`);
		await context.close();
	}
});

test('the workshop pages read in Thai and English, pass axe and fit a phone', async ({ browser }, testInfo) => {
	test.setTimeout(600_000); // every workshop page in two languages and on a phone, with axe: 5 min at load 14
	const facilitator = await pageAs(browser, 'facilitator');
	const project = await projectWithTeam(facilitator, uniqueTitle('ทุกหน้า'));
	const workshop = await planWorkshop(facilitator, project, uniqueTitle('เวิร์กช็อปทุกหน้า'));
	await add(facilitator, 'add-method-persona', 1);
	for (const lang of ['th', 'en'] as const) {
		for (const viewport of [
			{ width: 1280, height: 800 },
			{ width: 360, height: 740 }
		]) {
			const context = await browser.newContext({ storageState: storageStateFor('facilitator'), viewport });
			await context.addCookies([{ name: 'lang', value: lang, url: testInfo.project.use.baseURL! }]);
			const page = await context.newPage();
			for (const path of [`${project}/workshops`, `${project}/workshops/new`, workshop, `${workshop}/edit`, '/methods', '/methods/new']) {
				expect((await page.goto(path))?.status(), path).toBe(200);
				await expect(page.locator('html')).toHaveAttribute('lang', lang);
				await expectNoSeriousA11yViolations(page);
				const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
				expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
				await screenshot(page, testInfo, `${path.split('/').slice(3).join('-') || path.slice(1)}-${lang}-${viewport.width}`);
			}
			await context.close();
		}
	}
});
