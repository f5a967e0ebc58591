import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, storageStateFor, uniqueTitle } from './fixtures';

/**
 * "You said, we did", end to end: a facilitator runs a feedback round on a prototype of a
 * published project; a citizen answers it on a phone without JavaScript and keeps the receipt;
 * the team publishes and tags the response, adds version 2 answering the round and records a
 * decision citing it; the citizen's receipt page and the project's public page both tell what
 * was said and what was done, linked both ways. Then the trail of all this: the team's, the
 * public's (roles, no names) and the admins'.
 */

const MIN_FILL_MS = 3000;
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const THEME = 'แจ้งเตือนก่อนถึงคิว';
const SAID = 'อยากให้มีข้อความเตือนก่อนถึงคิวสักสิบนาที';
const CHANGED = 'เพิ่มข้อความ LINE เตือนก่อนถึงคิวสิบนาที';

interface Setup {
	projectId: string;
	prototypeId: string;
	roundId: string;
	slug: string;
	title: string;
}

/** A form post as the browser sends it (same origin); returns where it redirected. */
async function post(request: APIRequestContext, baseURL: string, path: string, fields: Record<string, string>): Promise<string> {
	const response = await request.post(path, {
		headers: { origin: baseURL, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		data: new URLSearchParams(fields).toString(),
		maxRedirects: 0
	});
	expect(response.status(), `${path}: ${response.status()}`).toBeLessThan(400);
	return response.headers()['location'] ?? '';
}

const day = (offset: number) => new Date(Date.now() + 7 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/** The facilitator's project, prototype (version 1) and an open round on it, made through the app's own forms. */
async function setUp(request: APIRequestContext, baseURL: string): Promise<Setup> {
	const title = uniqueTitle('คิวอำเภอ');
	const project = await post(request, baseURL, '/projects/new', {
		title,
		challenge: 'ลดเวลารอคิวที่ที่ว่าการอำเภอให้สั้นลง',
		agency: 'ที่ว่าการอำเภอทดสอบ',
		tags: '',
		visibility: 'published'
	});
	const projectId = /\/projects\/([a-z0-9]+)/.exec(project)![1]!;
	const prototype = await post(request, baseURL, `/projects/${projectId}/prototypes/new`, {
		title: 'จองคิวผ่าน LINE',
		summary: 'ประชาชนจองคิวล่วงหน้าผ่าน LINE OA',
		audience: 'คนวัยทำงาน',
		learning_goal: 'จองเองได้ภายในสามนาทีหรือไม่',
		fidelity: 'clickable',
		owner: '',
		tags: ''
	});
	const prototypeId = /\/prototypes\/([a-z0-9]+)/.exec(prototype)![1]!;
	const version = await request.post(`/projects/${projectId}/prototypes/${prototypeId}?/version`, {
		headers: { origin: baseURL, accept: 'text/html' },
		multipart: { changes: 'ต้นแบบแรกที่คลิกได้', rationale: 'ทดสอบขั้นตอนการจอง' }
	});
	expect(version.ok()).toBe(true);
	const { versions } = (await (await request.get(`/api/v1/projects/${projectId}/prototypes/${prototypeId}`)).json()) as {
		versions: { id: string }[];
	};
	const round = await post(request, baseURL, `/projects/${projectId}/feedback/new`, {
		version: versions[0]!.id,
		title_th: 'ทดลองจองคิวผ่าน LINE ที่อำเภอ',
		purpose_th: 'เราอยากรู้ว่าการจองคิวแบบนี้ใช้ได้จริงสำหรับท่านหรือไม่',
		opens_on: day(0),
		closes_on: day(13),
		retention_days: '90',
		questions: 'starter'
	});
	const roundId = /\/feedback\/([a-z0-9]+)/.exec(round)![1]!;
	const { rounds } = (await (await request.get(`/api/v1/projects/${projectId}/feedback`)).json()) as { rounds: { id: string; slug: string }[] };
	return { projectId, prototypeId, roundId, slug: rounds.find((r) => r.id === roundId)!.slug, title };
}

async function noSidewaysScroll(page: Page) {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
}

test.describe('you said, we did', () => {
	test.use({ storageState: storageStateFor('facilitator'), viewport: { width: 1280, height: 800 } });

	test('a citizen’s feedback, the team’s next version and decision citing it, told on the receipt and the public page', async ({
		page,
		browser,
		baseURL
	}, testInfo) => {
		test.setTimeout(180_000);
		const s = await setUp(page.request, baseURL!);

		// The citizen, on a phone without JavaScript.
		const citizenContext = await browser.newContext({ ...PHONE, javaScriptEnabled: false, storageState: { cookies: [], origins: [] } });
		const citizen = await citizenContext.newPage();
		await citizen.goto(`/f/${s.slug}`);
		await citizen.getByRole('radio', { name: '3 พอใช้' }).check();
		await citizen.getByLabel('อะไรที่เราควรเปลี่ยนหรือปรับปรุง').fill(SAID);
		const token = await citizen.locator('input[name="t"]').inputValue();
		await expect.poll(() => Date.now(), { timeout: MIN_FILL_MS + 5000 }).toBeGreaterThan(Number(token.split('.')[0]) + MIN_FILL_MS + 100);
		await citizen.getByRole('button', { name: 'ส่งความคิดเห็น' }).click();
		const receipt = (await citizen.locator('[data-receipt]').textContent())!.trim();

		// Before the team has done anything, the receipt says where the round stands.
		await citizen.goto('/f/receipt');
		await citizen.getByLabel('รหัสอ้างอิง').fill(receipt);
		await citizen.getByRole('button', { name: 'ดูความคิดเห็นของฉัน' }).click();
		const outcome = citizen.getByRole('region', { name: 'ความคิดเห็นรอบนี้เป็นอย่างไรบ้าง' });
		await expect(outcome).toContainText('เปิดรับความคิดเห็นถึง');
		await expect(outcome).toContainText('ทีมยังไม่ได้บันทึกว่าทำอะไรต่อจากความคิดเห็นรอบนี้');

		// The team: publishes and tags the response (moderation), then answers it.
		const { responses } = (await (await page.request.get(`/api/v1/projects/${s.projectId}/feedback/${s.roundId}/responses`)).json()) as {
			responses: { id: string }[];
		};
		const responsesPath = `/projects/${s.projectId}/feedback/${s.roundId}/responses`;
		await post(page.request, baseURL!, `${responsesPath}?/status`, { ids: responses[0]!.id, status: 'published' });
		await post(page.request, baseURL!, `${responsesPath}?/tag`, { ids: responses[0]!.id, tag: THEME });

		await page.goto(`/projects/${s.projectId}/prototypes/${s.prototypeId}`);
		await page.getByText('เพิ่มเวอร์ชัน 2').click();
		await page.getByLabel('เปลี่ยนอะไร').fill(CHANGED);
		await page.getByLabel('เพราะอะไร').fill('ผู้ตอบอยากรู้ก่อนถึงคิว จะได้ไม่ต้องนั่งรอ');
		const answers = page.getByRole('group', { name: 'ตอบรับความคิดเห็นจากรอบ' });
		await answers.getByRole('checkbox', { name: /ทดลองจองคิวผ่าน LINE ที่อำเภอ · v1/ }).check();
		await page.getByRole('button', { name: 'เพิ่มเวอร์ชัน', exact: true }).click();
		await expect(page.getByRole('status')).toContainText('2');
		const v2 = page.getByRole('article', { name: 'เวอร์ชัน 2' });
		await expect(v2.getByRole('link', { name: /ทดลองจองคิวผ่าน LINE ที่อำเภอ · v1/ })).toBeVisible();

		await page.getByText('บันทึกการตัดสินใจ', { exact: true }).first().click();
		await page.getByRole('radio', { name: /ปรับปรุงต่อ/ }).check();
		await page.getByLabel('จากการทดสอบเวอร์ชัน').selectOption({ label: 'เวอร์ชัน 1' });
		await page.locator('#decision-rationale').fill('ผู้ตอบอยากได้การแจ้งเตือนก่อนถึงคิว จึงปรับแล้วทดสอบอีกรอบ');
		await page.getByRole('group', { name: 'รอบรับฟังความเห็น' }).getByRole('checkbox').first().check();
		await page.getByRole('button', { name: 'บันทึกการตัดสินใจ' }).click();
		await expect(page.getByRole('status')).toContainText('บันทึกการตัดสินใจแล้ว');

		// The citizen's receipt now tells what they said and what was done.
		await citizen.goto('/f/receipt');
		await citizen.getByLabel('รหัสอ้างอิง').fill(receipt);
		await citizen.getByRole('button', { name: 'ดูความคิดเห็นของฉัน' }).click();
		await expect(outcome.getByRole('list', { name: 'ประเด็นที่พบ' })).toHaveText(`${THEME} (1)`);
		await expect(outcome).toContainText(`สิ่งที่เปลี่ยน: ${CHANGED}`);
		await expect(outcome).toContainText('ตัดสินใจเรื่องรุ่นที่ 1: ปรับปรุงต่อ');
		await noSidewaysScroll(citizen);
		await screenshot(citizen, testInfo, 'ysd-receipt-360');

		// axe needs a script (the receipt page has none either way): the same lookup with JavaScript on.
		const publicContext = await browser.newContext({ ...PHONE, storageState: { cookies: [], origins: [] } });
		const visitor = await publicContext.newPage();
		await visitor.goto('/f/receipt');
		await visitor.getByLabel('รหัสอ้างอิง').fill(receipt);
		await visitor.getByRole('button', { name: 'ดูความคิดเห็นของฉัน' }).click();
		await expect(visitor.getByRole('region', { name: 'ความคิดเห็นรอบนี้เป็นอย่างไรบ้าง' })).toContainText(CHANGED);
		await expectNoSeriousA11yViolations(visitor);

		// The public page, on a phone: the round, its theme, and what came of it, linked both ways.
		await visitor.goto(`/open/${s.projectId}`);
		const ysd = visitor.getByRole('region', { name: 'คุณบอก เราทำ' });
		await expect(ysd.getByRole('list', { name: 'ประเด็นที่พบ' })).toHaveText(`${THEME} (1)`);
		await ysd.getByRole('link', { name: 'รุ่นที่ 2' }).click();
		await expect(visitor).toHaveURL(/#ysd-version-/);
		const version = visitor.locator(':target');
		await expect(version).toContainText(CHANGED);
		await version.getByRole('link', { name: /ทดลองจองคิวผ่าน LINE ที่อำเภอ · รุ่นที่ 1/ }).click();
		await expect(visitor).toHaveURL(/#ysd-round-/);
		await expect(visitor.locator(':target')).toContainText(THEME);
		await noSidewaysScroll(visitor);
		await expectNoSeriousA11yViolations(visitor);
		await visitor.goto(`/open/${s.projectId}#you-said`);
		await screenshot(visitor, testInfo, 'ysd-public-360');

		// In English too.
		await visitor.context().addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
		await visitor.goto(`/open/${s.projectId}`);
		await expect(visitor.getByRole('region', { name: 'You said, we did' })).toContainText('What changed: ');
		await expectNoSeriousA11yViolations(visitor);
		await screenshot(visitor, testInfo, 'ysd-public-en-360');
		await visitor.setViewportSize({ width: 1280, height: 800 });
		await noSidewaysScroll(visitor);
		await screenshot(visitor, testInfo, 'ysd-public-en-1280');
		await visitor.setViewportSize({ width: 360, height: 740 });

		// The public trail: the team's actions by role, no names.
		await visitor.goto(`/open/${s.projectId}/trail`);
		await expect(visitor.getByRole('list', { name: 'Entries of the audit trail' })).toContainText('Facilitator');
		await expect(visitor.getByRole('list', { name: 'Entries of the audit trail' })).toContainText('added a prototype version');
		await expect(visitor.locator('main')).not.toContainText('สมหญิง');
		await expectNoSeriousA11yViolations(visitor);
		await screenshot(visitor, testInfo, 'trail-public-en-360');
		await citizenContext.close();
		await publicContext.close();

		// The team's trail, with names, and the export.
		await page.goto(`/projects/${s.projectId}/trail`);
		const trail = page.getByRole('list', { name: 'รายการในบันทึกการทำงาน' });
		await expect(trail).toContainText('สมหญิง ใจดี (ผู้อำนวยกระบวนการ)');
		await expect(trail).toContainText('บันทึกการตัดสินใจเรื่องต้นแบบ');
		await expect(page.getByRole('link', { name: 'ดาวน์โหลดโครงการ (ZIP)' })).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'trail-team-1280');
		await page.setViewportSize({ width: 360, height: 740 });
		await noSidewaysScroll(page);
		await screenshot(page, testInfo, 'trail-team-360');
	});
});

test.describe('the admins’ trail and the portfolio’s signal', () => {
	test('an admin filters the whole trail; an official reads the signal first on a phone, filters folded', async ({ browser }, testInfo) => {
		const admin = await (await browser.newContext({ storageState: storageStateFor('admin'), viewport: { width: 1280, height: 800 } })).newPage();
		await admin.goto('/admin/audit');
		await admin.getByLabel('การกระทำ').selectOption({ label: 'เข้าสู่ระบบ' });
		await admin.getByRole('button', { name: 'กรอง' }).click();
		await expect(admin).toHaveURL(/action=account\.signed_in/);
		await expect(admin.getByRole('list', { name: 'รายการในบันทึกการทำงาน' }).getByRole('listitem').first()).toContainText('เข้าสู่ระบบ');
		await expectNoSeriousA11yViolations(admin);
		await screenshot(admin, testInfo, 'trail-admin-1280');
		await admin.setViewportSize({ width: 360, height: 740 });
		await noSidewaysScroll(admin);
		await screenshot(admin, testInfo, 'trail-admin-360');

		const official = await (await browser.newContext({ storageState: storageStateFor('official'), ...PHONE })).newPage();
		await official.goto('/portfolio');
		const signal = official.getByRole('region', { name: 'สัญญาณจากหลักฐาน' });
		await expect(signal).toContainText('ต้องติดตาม: ไม่มีความเคลื่อนไหว');
		// The filters are folded: their summary is there, their dropdowns are not shown.
		await expect(official.getByLabel('หน่วยงานเจ้าของ')).toBeHidden();
		await official.getByText('ตัวกรอง', { exact: true }).click();
		await expect(official.getByLabel('หน่วยงานเจ้าของ')).toBeVisible();
		await noSidewaysScroll(official);
		await expectNoSeriousA11yViolations(official);
		await official.goto('/portfolio');
		await screenshot(official, testInfo, 'portfolio-signal-360');
		await official.setViewportSize({ width: 1280, height: 800 });
		await expect(official.getByLabel('หน่วยงานเจ้าของ')).toBeVisible();
		await screenshot(official, testInfo, 'portfolio-signal-1280');

		// A facilitator sees the portfolio of their own projects.
		const facilitator = await (
			await browser.newContext({ storageState: storageStateFor('facilitator'), viewport: { width: 1280, height: 800 } })
		).newPage();
		await facilitator.goto('/portfolio');
		await expect(facilitator.getByText('แสดงเฉพาะต้นแบบของโครงการที่คุณอยู่ในทีม')).toBeVisible();
		await expectNoSeriousA11yViolations(facilitator);
	});
});
