import type { Browser, Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, storageStateFor, uniqueTitle } from './fixtures';

/**
 * Citizens in the early stages: a facilitator opens a call for stories and a call for ideas on
 * the demo project; a citizen on a phone, with JavaScript switched off, shares a story with a
 * photo, gets a receipt and withdraws it; another proposes an idea, a third supports it; a citizen
 * reports an idea and a moderator hides it; the facilitator brings a story to the Empathize board
 * and an idea to the Ideate board, and the project's public page shows the trail.
 */

// The server's minimum fill time (MIN_FILL_MS in src/lib/server/feedback/runtime.ts): a form
// sent sooner is shown again to be confirmed.
const MIN_FILL_MS = 3000;
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP = { viewport: { width: 1280, height: 800 } };
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** Opens a call on the demo project as its facilitator; the paths of its public page and of its page for the team. */
async function openCall(browser: Browser, kind: 'story' | 'idea', title: string, english = false): Promise<{ path: string; staff: string }> {
	const context = await browser.newContext({ storageState: storageStateFor('facilitator'), ...DESKTOP });
	const page = await context.newPage();
	await page.goto('/projects');
	await page.getByRole('link', { name: 'ลดเวลารอคิวที่สำนักงานเขต' }).first().click();
	await page.getByRole('link', { name: 'การมีส่วนร่วม', exact: true }).click();
	await page.getByRole('link', { name: kind === 'story' ? 'เปิดรับเรื่องเล่า' : 'เปิดรับไอเดีย' }).click();
	await page.getByLabel('ชื่อรอบ (ภาษาไทย)').fill(title);
	// The story call starts with a Thai and English invitation; an idea call asks a question typed here.
	if (kind === 'idea') await page.locator('[name="prompt_th"]').fill('เราจะทำให้ประชาชนรู้เวลารอล่วงหน้าได้อย่างไร');
	if (english) {
		await page.locator('#field-offer_en').check();
		await page.locator('[name="title_en"]').fill(`${title} (English)`);
		if (kind === 'idea') await page.locator('[name="prompt_en"]').fill('How might we let people know the wait ahead?');
	}
	await page.getByRole('button', { name: 'เปิดรับ', exact: true }).click();
	const link = await page.getByLabel('ลิงก์สาธารณะ').inputValue();
	const staff = new URL(page.url()).pathname;
	await context.close();
	return { path: new URL(link).pathname, staff };
}

/** Waits, as a person writing would, until the form is old enough to be accepted. */
async function takeTimeToWrite(page: Page): Promise<void> {
	const token = await page.locator('#entry-form input[name="t"]').inputValue();
	const issuedAt = Number(token.split('.')[0]);
	await expect.poll(() => Date.now(), { timeout: MIN_FILL_MS + 5000 }).toBeGreaterThan(issuedAt + MIN_FILL_MS + 100);
}

test.describe('a citizen without JavaScript, on a phone', () => {
	test.use({ javaScriptEnabled: false, ...PHONE });

	test('shares a story with a photo, gets a receipt, sees what they sent, and withdraws it', async ({ page, browser }, testInfo) => {
		const title = uniqueTitle('เล่าประสบการณ์การรอคิว');
		const { path } = await openCall(browser, 'story', title);
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
		await screenshot(page, testInfo, 'story-form-phone');

		const story = 'ไปต่อบัตรประชาชนตอนเช้า รอคิวสามชั่วโมงจนต้องลางานทั้งวัน';
		await page.getByLabel('เล่าเรื่องของท่าน').fill(story);
		await page.getByLabel('รูปภาพ').setInputFiles({ name: 'queue.png', mimeType: 'image/png', buffer: PNG });
		await takeTimeToWrite(page);
		await page.getByRole('button', { name: 'ส่งเรื่องเล่า' }).click();

		await expect(page.getByRole('heading', { level: 1 })).toHaveText('ขอบคุณที่เล่าเรื่องของท่าน');
		const receipt = (await page.locator('[data-receipt]').textContent())!.trim();
		expect(receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		await screenshot(page, testInfo, 'story-thanks-phone');

		await page.goto('/p/receipt');
		await page.getByLabel('รหัสอ้างอิง').fill(receipt.toLowerCase());
		await page.getByRole('button', { name: 'ดูสิ่งที่ฉันส่ง' }).click();
		await expect(page.getByText(story)).toBeVisible();
		await expect(page.getByText('แนบรูปไว้ (เห็นเฉพาะทีมงาน)')).toBeVisible();
		await screenshot(page, testInfo, 'story-receipt-phone');

		await page.getByLabel('ข้าพเจ้าต้องการลบสิ่งที่ส่งนี้ถาวร').check();
		await page.getByRole('button', { name: 'ลบสิ่งที่ฉันส่ง' }).click();
		await expect(page.getByRole('status')).toContainText('ลบแล้ว');

		await page.goto('/p/receipt');
		await page.getByLabel('รหัสอ้างอิง').fill(receipt);
		await page.getByRole('button', { name: 'ดูสิ่งที่ฉันส่ง' }).click();
		await expect(page.getByRole('alert')).toContainText('ไม่พบเรื่องเล่าหรือไอเดียที่ใช้รหัสนี้');
	});

	test('proposes an idea; once approved another citizen supports it, and the facilitator brings it to the Ideate board', async ({
		page,
		browser
	}, testInfo) => {
		const title = uniqueTitle('ไอเดียลดเวลารอคิว');
		const { path, staff } = await openCall(browser, 'idea', title);
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
		await screenshot(page, testInfo, 'idea-form-phone');
		const idea = 'ป้ายบอกเวลารอหน้าสำนักงาน';
		await page.getByLabel('ชื่อไอเดีย').fill(idea);
		await page.getByLabel('รายละเอียดไอเดีย').fill('ติดจอบอกจำนวนคิวและเวลารอโดยประมาณ ให้ดูผ่านมือถือได้ด้วย');
		await takeTimeToWrite(page);
		await page.getByRole('button', { name: 'ส่งไอเดีย' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('ขอบคุณสำหรับไอเดีย');
		await expect(page.locator('[data-receipt]')).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		await screenshot(page, testInfo, 'idea-thanks-phone');

		// The facilitator approves it for the public.
		const team = await browser.newContext({ storageState: storageStateFor('facilitator'), ...PHONE });
		const moderator = await team.newPage();
		await moderator.goto(staff);
		await moderator
			.getByLabel(/^เลือกรายการเมื่อ/)
			.first()
			.check();
		await moderator.locator('#bulk-status').selectOption('approved');
		await moderator.getByRole('button', { name: 'เปลี่ยนสถานะ' }).click();
		await expect(moderator.getByRole('status').filter({ hasText: 'เปลี่ยนสถานะ 1' })).toBeVisible();

		// A second citizen, on another phone, supports it (pressing again when asked to confirm).
		const other = await browser.newContext({ javaScriptEnabled: false, ...PHONE });
		const supporter = await other.newPage();
		await supporter.goto(path);
		await expect(supporter.getByRole('heading', { name: idea })).toBeVisible();
		const supported = supporter.getByText('ท่านสนับสนุนไอเดียนี้แล้ว');
		await expect(async () => {
			await supporter
				.getByRole('button', { name: /สนับสนุนไอเดียนี้|ยืนยันการสนับสนุน/ })
				.first()
				.click();
			await expect(supported).toBeVisible({ timeout: 1000 });
		}).toPass({ timeout: 20_000 });
		await screenshot(supporter, testInfo, 'idea-supported-phone');
		await supporter.setViewportSize({ width: 1280, height: 800 });
		await screenshot(supporter, testInfo, 'idea-supported-desktop');
		await other.close();

		// The facilitator brings it to the Ideate board, with its support count.
		await moderator.reload();
		await moderator
			.getByLabel(/^เลือกรายการเมื่อ/)
			.first()
			.check();
		await moderator.getByRole('button', { name: 'นำขึ้นบอร์ดระดมความคิด' }).click();
		await expect(moderator.getByRole('status').filter({ hasText: 'นำขึ้นบอร์ดระดมความคิดแล้ว 1' })).toBeVisible();
		await expect(moderator.getByText('อยู่บนบอร์ดแล้ว').first()).toBeVisible();
		await screenshot(moderator, testInfo, 'idea-staff-phone');
		await moderator.setViewportSize({ width: 1280, height: 800 });
		await screenshot(moderator, testInfo, 'idea-staff-desktop');
		await team.close();
	});

	test('a reported idea is hidden by a moderator; a story goes to the Empathize board, an idea to the Ideate board, and the public page shows the trail', async ({
		page,
		browser
	}, testInfo) => {
		test.setTimeout(180_000); // three citizens, each taking the seconds a person takes to write, and a moderator
		const stamp = uniqueTitle('').trim();
		const storyCall = await openCall(browser, 'story', uniqueTitle('เล่าประสบการณ์ที่จุดบริการ'));
		const ideaCall = await openCall(browser, 'idea', uniqueTitle('ไอเดียจุดบริการ'));
		const projectId = storyCall.staff.split('/')[2]!;

		// A citizen shares a story; another proposes two ideas.
		const story = `ยื่นเอกสารไม่ครบต้องกลับไปเอาที่บ้านแล้วมาต่อคิวใหม่ ${stamp}`;
		await page.goto(storyCall.path);
		await page.getByLabel('เล่าเรื่องของท่าน').fill(story);
		await takeTimeToWrite(page);
		await page.getByRole('button', { name: 'ส่งเรื่องเล่า' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('ขอบคุณที่เล่าเรื่องของท่าน');
		const kept = `รายการเอกสารที่ต้องใช้ส่งทางไลน์ก่อนมา ${stamp}`;
		const reported = `ไอเดียที่จะถูกรายงาน ${stamp}`;
		for (const title of [kept, reported]) {
			await page.goto(ideaCall.path);
			await page.getByLabel('ชื่อไอเดีย').fill(title);
			await page.getByLabel('รายละเอียดไอเดีย').fill('ส่งรายการเอกสารให้ก่อนมาถึงสำนักงาน จะได้เตรียมครบตั้งแต่ครั้งแรก');
			await takeTimeToWrite(page);
			await page.getByRole('button', { name: 'ส่งไอเดีย' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('ขอบคุณสำหรับไอเดีย');
		}

		// The moderator, on a phone without JavaScript too, approves them.
		const team = await browser.newContext({ storageState: storageStateFor('facilitator'), javaScriptEnabled: false, ...PHONE });
		const moderator = await team.newPage();
		const entry = (text: string) => moderator.locator('li.entry').filter({ hasText: text });
		async function moderate(staff: string, texts: string[], action: { status: string } | { board: string }, done: string) {
			await moderator.goto(staff);
			for (const text of texts) await entry(text).locator('input[name="ids"]').check();
			if ('status' in action) {
				await moderator.locator('#bulk-status').selectOption(action.status);
				await moderator.getByRole('button', { name: 'เปลี่ยนสถานะ' }).click();
			} else {
				await moderator.getByRole('button', { name: action.board }).click();
			}
			await expect(moderator.getByRole('status').filter({ hasText: done })).toBeVisible();
		}
		await moderate(storyCall.staff, [story], { status: 'approved' }, 'เปลี่ยนสถานะ 1');
		await moderate(ideaCall.staff, [kept, reported], { status: 'approved' }, 'เปลี่ยนสถานะ 2');

		// A third citizen reports one of the ideas (pressing again when asked to confirm).
		const other = await browser.newContext({ javaScriptEnabled: false, ...PHONE });
		const reporter = await other.newPage();
		await reporter.goto(ideaCall.path);
		await reporter.getByRole('link', { name: reported }).click();
		await expect(reporter.getByRole('heading', { name: 'รายงานไอเดียนี้' })).toBeVisible();
		const thanks = reporter.getByText('ท่านรายงานไอเดียนี้แล้ว ขอบคุณ');
		await expect(async () => {
			await reporter.getByLabel('มีข้อมูลส่วนบุคคลของผู้อื่น').check();
			await reporter.getByRole('button', { name: /^(รายงาน|ยืนยันการรายงาน)$/ }).click();
			await expect(thanks).toBeVisible({ timeout: 1000 });
		}).toPass({ timeout: 20_000 });
		await screenshot(reporter, testInfo, 'idea-reported-phone');
		const reportedPage = reporter.url();

		// The moderator sees the report on the idea and hides it; the public no longer sees it.
		await moderator.goto(ideaCall.staff);
		await expect(entry(reported).getByText('ถูกรายงาน 1 ครั้ง')).toBeVisible();
		await screenshot(moderator, testInfo, 'idea-reported-staff-phone');
		await moderate(ideaCall.staff, [reported], { status: 'hidden' }, 'เปลี่ยนสถานะ 1');
		await expect(entry(reported).getByText('ซ่อน', { exact: true })).toBeVisible();
		await reporter.goto(ideaCall.path);
		await expect(reporter.getByRole('link', { name: kept })).toBeVisible();
		await expect(reporter.getByText(reported)).toHaveCount(0);
		expect((await reporter.goto(reportedPage))!.status()).toBe(404);
		await other.close();

		// The facilitator brings the story to the Empathize board and the other idea to the Ideate board.
		await moderate(storyCall.staff, [story], { board: 'ส่งขึ้นบอร์ดทำความเข้าใจ' }, 'ส่งขึ้นบอร์ดทำความเข้าใจแล้ว 1');
		await expect(entry(story).getByText('อยู่บนบอร์ดแล้ว')).toBeVisible();
		await screenshot(moderator, testInfo, 'story-to-board-phone');
		await moderate(ideaCall.staff, [kept], { board: 'นำขึ้นบอร์ดระดมความคิด' }, 'นำขึ้นบอร์ดระดมความคิดแล้ว 1');
		await team.close();

		// The project's public page: the trail, with the story and the idea that shaped it, and no hidden idea.
		await page.goto(`/open/${projectId}`);
		const trail = page.locator('section.trail');
		await expect(trail.getByRole('heading', { name: 'เสียงของประชาชนในโครงการนี้' })).toBeVisible();
		await expect(trail.getByText(story)).toBeVisible();
		await expect(trail.getByText(kept)).toBeVisible();
		await expect(page.getByText(reported)).toHaveCount(0);
		await screenshot(page, testInfo, 'trail-phone');
		const section = testInfo.outputPath('trail-section-phone.png');
		await trail.screenshot({ path: section });
		await testInfo.attach('trail-section-phone', { path: section, contentType: 'image/png' });
		await page.setViewportSize({ width: 1280, height: 800 });
		await screenshot(page, testInfo, 'trail-desktop');
	});
});

test.describe('the public pages of a call, with no serious accessibility problem', () => {
	for (const [size, viewport] of [
		['phone', PHONE],
		['desktop', DESKTOP]
	] as const) {
		test(`a call for stories and a call for ideas, in Thai and English, on a ${size}`, async ({ browser }, testInfo) => {
			const { path: story } = await openCall(browser, 'story', uniqueTitle('เล่าประสบการณ์'), true);
			const { path: idea } = await openCall(browser, 'idea', uniqueTitle('ไอเดีย'), true);
			const context = await browser.newContext(viewport);
			const page = await context.newPage();
			for (const [name, path] of [
				['story', story],
				['idea', idea],
				['receipt', '/p/receipt']
			] as const) {
				await page.goto(path);
				await expectNoSeriousA11yViolations(page);
				await screenshot(page, testInfo, `${name}-th-${size}`);
			}
			await page.goto(story);
			await page.getByRole('button', { name: 'English' }).click();
			await expect(page.locator('html')).toHaveAttribute('lang', 'en');
			await expectNoSeriousA11yViolations(page);
			await screenshot(page, testInfo, `story-en-${size}`);
			await context.close();
		});
	}
});
