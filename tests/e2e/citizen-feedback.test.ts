import type { Browser, Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, storageStateFor } from './fixtures';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';

/**
 * A citizen on a phone, with JavaScript switched off: the public form works as plain HTML,
 * answers in Thai, gets a receipt, and withdraws the response with it.
 */

// The server's minimum fill time and confirmation wait (MIN_FILL_MS and CONFIRM_MS in
// src/lib/server/feedback/runtime.ts): a form sent sooner is shown again to be confirmed.
const MIN_FILL_MS = 3000;
const CONFIRM_MS = 1000;
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** The public link of the demo's open round, as the facilitator's results page shows it. */
async function openRoundLink(browser: Browser): Promise<string> {
	const context = await browser.newContext({ storageState: storageStateFor('facilitator') });
	const page = await context.newPage();
	await page.goto('/projects');
	await page.getByRole('link', { name: 'ลดเวลารอคิวที่สำนักงานเขต' }).first().click();
	await page.getByRole('link', { name: 'ความคิดเห็นประชาชน', exact: true }).click();
	await page.getByRole('link', { name: /รุ่นที่ 2/ }).click();
	const link = await page.getByLabel('ลิงก์สาธารณะ').inputValue();
	await context.close();
	return new URL(link).pathname;
}

/** The open round's form on a server of the tests' own (a fresh demo), read through the open API. */
async function openRoundUrl(server: AppServer): Promise<string> {
	const projects = (await (await fetch(`${server.url}/api/v1/projects`)).json()) as { projects: { id: string }[] };
	const rounds = (await (await fetch(`${server.url}/api/v1/projects/${projects.projects[0]!.id}/feedback`)).json()) as {
		rounds: { formUrl: string; closesAt: number; opensAt: number }[];
	};
	const open = rounds.rounds.find((r) => r.opensAt <= Date.now() && r.closesAt > Date.now())!;
	return `${server.url}${new URL(open.formUrl).pathname}`;
}

/** Waits, as a person reading the form would, until the form is old enough to be accepted. */
async function takeTimeToAnswer(page: Page, waitMs = MIN_FILL_MS): Promise<void> {
	const token = await page.locator('input[name="t"]').inputValue();
	const issuedAt = Number(token.split('.')[0]);
	await expect.poll(() => Date.now(), { timeout: waitMs + 5000 }).toBeGreaterThan(issuedAt + waitMs + 100);
}

test.describe('a citizen without JavaScript, on a phone', () => {
	test.use({ javaScriptEnabled: false, ...PHONE });

	test('answers in Thai, gets a receipt, sees what they sent, and withdraws it', async ({ page, browser }, testInfo) => {
		const path = await openRoundLink(browser);
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('ทดลองจองคิวผ่าน LINE');
		await screenshot(page, testInfo, 'citizen-form-phone');

		await page.getByRole('radio', { name: '4 ดี' }).check();
		await page.getByLabel('อะไรที่ใช้ได้ดีสำหรับท่าน').fill('การออกแบบบริการภาครัฐแบบนี้ช่วยให้ไม่ต้องลางานทั้งวัน');
		await page.getByLabel('อะไรที่เราควรเปลี่ยนหรือปรับปรุง').fill('อยากให้ยกเลิกนัดเองได้');
		await page
			.getByRole('group', { name: /จะแนะนำบริการนี้/ })
			.getByRole('radio', { name: 'ใช่', exact: true })
			.check();
		await page.getByRole('checkbox', { name: 'LINE' }).check();
		await takeTimeToAnswer(page);
		await page.getByRole('button', { name: 'ส่งความคิดเห็น' }).click();

		await expect(page.getByRole('heading', { level: 1 })).toHaveText('ขอบคุณสำหรับความคิดเห็น');
		const receipt = (await page.locator('[data-receipt]').textContent())!.trim();
		expect(receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		await screenshot(page, testInfo, 'citizen-thanks-phone');
		// The code is shown once: the next person on this phone cannot find it.
		await page.reload();
		await expect(page.locator('[data-receipt]')).toHaveCount(0);

		await page.goto('/f/receipt');
		await page.getByLabel('รหัสอ้างอิง').fill(receipt.toLowerCase());
		await page.getByRole('button', { name: 'ดูความคิดเห็นของฉัน' }).click();
		await expect(page.getByText('การออกแบบบริการภาครัฐแบบนี้ช่วยให้ไม่ต้องลางานทั้งวัน')).toBeVisible();
		await expect(page.getByText('4 ดี')).toBeVisible();
		await screenshot(page, testInfo, 'citizen-receipt-phone');

		await page.getByRole('button', { name: 'ลบความคิดเห็นของฉัน' }).click();
		await expect(page.getByRole('alert')).toContainText('กรุณาทำเครื่องหมายยืนยันก่อนลบ');
		await page.getByLabel('ข้าพเจ้าต้องการลบความคิดเห็นนี้ถาวร').check();
		await page.getByRole('button', { name: 'ลบความคิดเห็นของฉัน' }).click();
		await expect(page.getByRole('status')).toContainText('ลบความคิดเห็นของท่านแล้ว');

		await page.goto('/f/receipt');
		await page.getByLabel('รหัสอ้างอิง').fill(receipt);
		await page.getByRole('button', { name: 'ดูความคิดเห็นของฉัน' }).click();
		await expect(page.getByRole('alert')).toContainText('ไม่พบความคิดเห็นที่ใช้รหัสนี้');
	});

	test('switches to English and sees errors tied to the fields, with what they typed kept', async ({ page, browser }, testInfo) => {
		const path = await openRoundLink(browser);
		await page.goto(path);
		await page.getByRole('button', { name: 'English' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Booking a queue on LINE');
		await page.getByLabel('What should we change or improve?').fill('Bigger letters, please');
		await page.getByLabel('Phone number').fill('call me');
		await page.getByRole('button', { name: 'Send feedback' }).click();

		const summary = page.getByRole('alert');
		await expect(summary).toContainText('There is a problem');
		await expect(summary.getByRole('link', { name: 'Choose an answer' })).toBeVisible();
		await expect(page.getByLabel('What should we change or improve?')).toHaveValue('Bigger letters, please');
		await expect(page.getByLabel('Phone number')).toHaveValue('call me');
		await expect(page.getByLabel('Phone number')).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByLabel('Phone number')).toHaveAccessibleDescription(/Enter a phone number like/);
		await expect(page.getByRole('group', { name: /how satisfied/i })).toHaveAccessibleDescription(/Choose an answer/);
		await expect(page).toHaveTitle(/^Error:/);
		await screenshot(page, testInfo, 'citizen-errors-en-phone');
	});
});

// How fast is "too fast" is the server's: a machine under load may take the three seconds of
// MIN_FILL_MS just to fill the form in. These tests run on a server of their own whose minimum is
// ten minutes (FORM_MIN_FILL_SECONDS), so every form they send is certainly too fast.
test.describe('a form sent sooner than people fill forms in', () => {
	let server: AppServer;
	let formUrl: string;

	test.beforeAll(async () => {
		server = await startAppServer({ env: { FORM_MIN_FILL_SECONDS: '600' } });
		formUrl = await openRoundUrl(server);
	});

	test.afterAll(async () => {
		await server?.stop();
		server?.cleanup();
	});

	test.describe('a citizen who answers quickly, without JavaScript', () => {
		test.use({ javaScriptEnabled: false, ...PHONE });

		test('is asked to confirm, with every answer kept, and is heard once they press confirm', async ({ page }, testInfo) => {
			await page.goto(formUrl);
			// Sends at once with the rating missing, fixes it at once: faster than people fill forms in.
			await page.getByLabel('อะไรที่ใช้ได้ดีสำหรับท่าน').fill('ตอบเร็วเพราะรีบไปทำงาน');
			await page.getByRole('button', { name: 'ส่งความคิดเห็น' }).click();
			await expect(page.getByRole('alert')).toContainText('กรุณาเลือกคำตอบ');
			await page.getByRole('radio', { name: '5 ดีมาก' }).check();
			await page.getByRole('button', { name: 'ส่งความคิดเห็น' }).click();

			const confirm = page.getByRole('status').filter({ hasText: 'ยังไม่ได้ส่ง' });
			await expect(confirm).toBeVisible();
			await expect(page).toHaveTitle(/^ยังไม่ได้ส่ง:/);
			await expect(page.getByLabel('อะไรที่ใช้ได้ดีสำหรับท่าน')).toHaveValue('ตอบเร็วเพราะรีบไปทำงาน');
			await expect(page.getByRole('radio', { name: '5 ดีมาก' })).toBeChecked();
			await screenshot(page, testInfo, 'citizen-confirm-phone');
			await page.setViewportSize({ width: 1280, height: 800 });
			await screenshot(page, testInfo, 'citizen-confirm-desktop');

			await takeTimeToAnswer(page, CONFIRM_MS);
			await confirm.getByRole('button', { name: 'ยืนยันและส่ง' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('ขอบคุณสำหรับความคิดเห็น');
			await expect(page.locator('[data-receipt]')).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
		});
	});

	test.describe('a citizen who answers quickly (the page has no script either way; axe needs one)', () => {
		test.use(PHONE);

		test('sees the confirmation in English too, with no serious accessibility problem', async ({ page }, testInfo) => {
			await page.goto(formUrl);
			await page.getByRole('button', { name: 'English' }).click();
			await page.getByRole('radio', { name: '4 Good' }).check();
			await page.getByRole('button', { name: 'Send feedback' }).click();
			const confirm = page.getByRole('status').filter({ hasText: 'Not sent yet' });
			await expect(confirm).toContainText('Your answers have not been saved yet');
			await expect(page.getByRole('radio', { name: '4 Good' })).toBeChecked();
			await expectNoSeriousA11yViolations(page);
			await screenshot(page, testInfo, 'citizen-confirm-en-phone');
			await takeTimeToAnswer(page, CONFIRM_MS);
			await page.getByRole('button', { name: 'Confirm and send' }).last().click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your feedback');
		});
	});
});

test.describe('a citizen when the server’s disk is full', () => {
	test.use(PHONE);
	let server: AppServer;
	let formUrl: string;

	test.beforeAll(async () => {
		// A server of its own (the demo on a fresh database) whose database can be filled up.
		server = await startAppServer({ preload: './tests/helpers/storage-faults.preload.ts' });
		formUrl = await openRoundUrl(server);
		await new Promise<void>((resolve, reject) => {
			server.child.once('message', (message: { ok: boolean; error?: string }) => (message.ok ? resolve() : reject(new Error(message.error))));
			server.child.send({ id: 1, order: 'full' });
		});
	});

	test.afterAll(async () => {
		await server?.stop();
		server?.cleanup();
	});

	// A long answer (near the 2,000-character limit): it needs pages the full disk does not have.
	const long = `ดีที่ไม่ต้องลางานทั้งวัน ${'จองได้เองจากที่บ้าน สะดวกมาก '.repeat(60)}`.trim();

	for (const lang of ['th', 'en'] as const) {
		test(`is told plainly in ${lang === 'th' ? 'Thai (without JavaScript)' : 'English'}, and keeps every answer in the form`, async ({
			browser
		}, testInfo) => {
			// Thai with JavaScript switched off; English with it on, for axe (the page has no script either way).
			const context = await browser.newContext({ ...PHONE, javaScriptEnabled: lang === 'en' });
			const page = await context.newPage();
			await page.goto(formUrl);
			if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
			const t =
				lang === 'th'
					? { rating: '4 ดี', good: 'อะไรที่ใช้ได้ดีสำหรับท่าน', send: 'ส่งความคิดเห็น' }
					: { rating: '4 Good', good: 'What worked well for you?', send: 'Send feedback' };
			await page.getByRole('radio', { name: t.rating }).check();
			await page.getByLabel(t.good).fill(long);
			await takeTimeToAnswer(page);
			await page.getByRole('button', { name: t.send }).click();
			await expect(page.getByRole('alert')).toContainText(lang === 'th' ? 'พื้นที่จัดเก็บข้อมูลของเราเต็ม' : 'our storage is full');
			await expect(page.getByLabel(t.good)).toHaveValue(long);
			await expect(page.getByRole('radio', { name: t.rating })).toBeChecked();
			if (lang === 'en') await expectNoSeriousA11yViolations(page);
			await screenshot(page, testInfo, `citizen-disk-full-${lang}-phone`);
			await page.setViewportSize({ width: 1280, height: 800 });
			await screenshot(page, testInfo, `citizen-disk-full-${lang}-desktop`);
			await context.close();
		});
	}
});

test.describe('the public form', () => {
	test.use(PHONE);

	test('has no serious accessibility problem, in Thai and in its error state, and is keyboard reachable', async ({ page, browser }) => {
		const path = await openRoundLink(browser);
		await page.goto(path);
		await expectNoSeriousA11yViolations(page);
		await page.getByRole('button', { name: 'ส่งความคิดเห็น' }).click();
		await expect(page.getByRole('alert')).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		// The honeypot is never reached from the keyboard.
		const reached: string[] = [];
		for (let i = 0; i < 60; i++) {
			await page.keyboard.press('Tab');
			reached.push(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name || document.activeElement?.tagName || ''));
		}
		expect(reached).not.toContain('website');
		expect(reached).toContain('consent');
		await page.goto('/f/receipt');
		await expectNoSeriousA11yViolations(page);
	});
});
