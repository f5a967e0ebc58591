import { test, expect, expectNoSeriousA11yViolations, screenshot } from './fixtures';
import { connected, demoProject, openBoard, pageAs } from './board-helpers';

// Implement & scale has a live board like the four stages before it: a rollout plan, who must
// act, risks, metrics, resources and where it goes next (templates.ts).

const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

test('the Implement & scale board opens with its rollout template, on a laptop and in English', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	const page = await pageAs(browser, 'facilitator', { viewport: { width: 1280, height: 800 } });
	const project = await demoProject(page);
	await openBoard(page, project, 'ขยายผลและใช้จริง');
	for (const title of ['แผนการดำเนินงานตามระยะ', 'ผู้เกี่ยวข้องและบทบาท', 'ความเสี่ยงและวิธีรับมือ', 'ตัวชี้วัดความสำเร็จ', 'งบประมาณและทรัพยากร', 'ขยายผลต่อที่ไหน'])
		await expect(page.getByRole('region', { name: `ส่วน: ${title}` })).toBeVisible();
	// The demo's rollout notes sit in their sections.
	await expect(page.locator('[data-note-id]', { hasText: 'สายไม่ว่างช่วงเช้า' })).toBeVisible();
	await expectNoSeriousA11yViolations(page);
	await screenshot(page, testInfo, 'board-implement');

	await page.getByRole('button', { name: 'English' }).click();
	await expect(page.getByRole('region', { name: 'Section: Risks and mitigations' })).toBeVisible();
	await expect(page.getByRole('region', { name: 'Section: Where it scales next' })).toBeVisible();
	await page.getByRole('button', { name: 'ไทย' }).click();
	await expect(page.getByRole('region', { name: 'ส่วน: ตัวชี้วัดความสำเร็จ' })).toBeVisible();
});

test('a participant on a phone writes into the rollout plan of the Implement & scale board', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	const laptop = await pageAs(browser, 'member');
	const project = await demoProject(laptop);
	await openBoard(laptop, project, 'ขยายผลและใช้จริง');
	const board = new URL(laptop.url()).pathname;
	const phone = await pageAs(browser, 'member', PHONE);
	await phone.goto(board);
	await connected(phone);
	const text = `นัดประชุมผู้อำนวยการเขต ${Date.now().toString(36)}`;
	await phone.getByLabel('โน้ตของคุณ').fill(text);
	await phone.getByRole('button', { name: 'เพิ่มโน้ต' }).tap();
	// The demo's member wrote some of the rollout already; the new note joins theirs.
	await expect(phone.getByRole('article', { name: text })).toBeVisible();
	await expectNoSeriousA11yViolations(phone);
	await screenshot(phone, testInfo, 'board-implement-phone');
	const width = await phone.evaluate(() => document.documentElement.scrollWidth);
	expect(width).toBeLessThanOrEqual(360);
});
