import type { BrowserContext, Page } from '@playwright/test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { addNote } from '../../src/lib/board/notes.ts';
import { addSection } from '../../src/lib/board/sections.ts';
import { test, expect, expectNoSeriousA11yViolations, screenshot, storageStateFor, uniqueTitle, firstSync } from './fixtures';

// The smallest valid PNG (1×1, transparent): a real image for the attachment.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** Creates a project through its form; returns its id. */
async function createProject(page: Page, title: string, agency: string): Promise<string> {
	await page.goto('/projects/new');
	await page.getByLabel('ชื่อโครงการ').fill(title);
	await page.getByLabel('โจทย์สาธารณะ').fill('ผู้สูงอายุต้องรอคิวนานที่สำนักงานเขต เราจะทำให้การรอสั้นลงได้อย่างไร');
	await page.getByLabel('หน่วยงานเจ้าของ').fill(agency);
	await page.getByRole('button', { name: 'สร้างโครงการ' }).click();
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	return new URL(page.url()).pathname.split('/').pop()!;
}

/**
 * Writes notes on the project's Ideate board the way a workshop participant's browser does:
 * the stock y-websocket client over /collab/BOARD_ID, signed in with the same session.
 */
async function writeIdeateNotes(context: BrowserContext, page: Page, projectId: string, texts: string[]) {
	const project = await (await page.request.get(`/api/v1/projects/${projectId}`)).json();
	const boardId: string = (project.boards ?? project.project.boards).find((b: { stage: string }) => b.stage === 'ideate').id;
	// The notes are the signed-in facilitator's own: the hub takes a note only under its writer's name.
	const team: { userId: string; role: string }[] = project.team ?? project.project.team;
	const author = team.find((member) => member.role === 'facilitator')!.userId;
	const origin = new URL(page.url()).origin;
	const cookie = (await context.cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
	const headers = { cookie, origin };
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${origin.replace(/^http/, 'ws')}/collab`, boardId, doc, {
		WebSocketPolyfill: class extends WebSocket {
			constructor(url: string | URL, protocols?: string | string[]) {
				super(url, protocols ?? [], { headers });
			}
		} as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	await firstSync(provider);
	doc.transact(() => {
		const cluster = addSection(doc, { kind: 'cluster', title: 'ผู้สูงอายุ', x: 0, y: 2200, w: 900, h: 400 });
		for (const text of texts) addNote(doc, { text, section: cluster, author });
	});
	return () => {
		provider.destroy();
		doc.destroy();
	};
}

test.describe('a prototype from idea to pilot', () => {
	test('is created from two Ideate notes, versioned, planned, tested and piloted; the official sees it on the portfolio', async ({
		browser
	}, testInfo) => {
		test.setTimeout(300_000); // five stages of a prototype, four pages each: 2.1 min beside a CI run, 3 min past it once
		const facilitator = await browser.newContext({ storageState: storageStateFor('facilitator') });
		const page = await facilitator.newPage();
		const agency = uniqueTitle('สำนักงานเขตทดสอบ');
		const projectId = await createProject(page, uniqueTitle('คิวผู้สูงอายุ'), agency);
		const notes = ['โทรจองคิวล่วงหน้าได้โดยไม่ต้องใช้แอป', 'ช่องบริการพิเศษสำหรับผู้สูงอายุที่จองไว้'];
		const disconnect = await writeIdeateNotes(facilitator, page, projectId, notes);

		// The prototype, from two notes on the Ideate board.
		await page.goto(`/projects/${projectId}/prototypes`);
		await expect(page.getByRole('link', { name: 'ต้นแบบ', exact: true })).toHaveAttribute('aria-current', 'page');
		await page.getByRole('link', { name: 'สร้างต้นแบบ' }).click();
		await expect(page).toHaveURL(/\/prototypes\/new$/);
		// The notes reach the server's copy of the board as soon as it stores them; look again until then.
		await expect(async () => {
			await page.reload();
			await expect(page.getByLabel(notes[0]!)).toBeVisible({ timeout: 1000 });
		}).toPass();
		disconnect();
		await expectNoSeriousA11yViolations(page);
		const title = uniqueTitle('บัตรคิวทางโทรศัพท์');
		await page.getByLabel('ชื่อต้นแบบ').fill(title);
		await page.getByLabel('ต้นแบบนี้คืออะไร').fill('ผู้สูงอายุโทรจองคิวล่วงหน้า แล้วมารับบริการที่ช่องพิเศษตามเวลานัด');
		await page.getByLabel('สำหรับใคร').fill('ผู้สูงอายุที่ไม่ใช้สมาร์ตโฟน');
		await page.getByLabel('เราอยากเรียนรู้อะไร').fill('ผู้สูงอายุจะโทรจองเองและมาตรงเวลานัดหรือไม่');
		await page.getByLabel('ระดับความละเอียด').selectOption({ label: 'ต้นแบบกระดาษ' });
		await page.getByLabel('แท็ก').fill('คิว, ผู้สูงอายุ');
		await page.getByLabel(notes[0]!).check();
		await page.getByLabel(notes[1]!).check();
		await screenshot(page, testInfo, 'prototype-new');
		await page.getByRole('button', { name: 'สร้างต้นแบบ' }).click();

		await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
		await expect(page.getByRole('status')).toHaveText('สร้างต้นแบบแล้ว');
		const ideas = page.getByRole('region', { name: 'ไอเดียต้นทาง' });
		for (const note of notes) await expect(ideas.getByText(note, { exact: true })).toBeVisible();
		await expect(ideas.getByText('กลุ่ม: ผู้สูงอายุ').first()).toBeVisible();

		// Version 1 with an image.
		const versions = page.getByRole('region', { name: 'เวอร์ชัน' });
		await versions.getByLabel('เปลี่ยนอะไร').fill('สคริปต์รับสายและสมุดจองคิวกระดาษ');
		await versions.getByLabel('เพราะอะไร').fill('ทดลองขั้นตอนกับเจ้าหน้าที่ก่อนทำระบบ');
		await versions.getByLabel('ไฟล์แนบ').setInputFiles({ name: 'สคริปต์.png', mimeType: 'image/png', buffer: PNG });
		await versions.getByRole('button', { name: 'เพิ่มเวอร์ชัน' }).click();
		await expect(page.getByRole('status')).toHaveText('เพิ่มเวอร์ชัน 1 แล้ว');
		const v1 = page.getByRole('article', { name: 'เวอร์ชัน 1' });
		await expect(v1.getByRole('img', { name: 'รูปแนบ: สคริปต์.png' })).toBeVisible();
		await expect(v1.getByRole('link', { name: 'สคริปต์.png', exact: true })).toBeVisible();

		// Its test plan.
		await v1.getByText('เขียนหรือแก้แผนการทดสอบ').click();
		await v1.getByLabel('สมมติฐาน').fill('ผู้สูงอายุจะโทรจองคิวได้เองโดยไม่ต้องมีลูกหลานช่วย');
		await v1.getByLabel('เกณฑ์ความสำเร็จ').fill('7 ใน 10 คนจองได้เองและมาตรงเวลา');
		await v1.getByLabel('กลุ่มเป้าหมาย').fill('ผู้สูงอายุ 60 ปีขึ้นไปในเขต');
		await v1.getByLabel('วิธีทดสอบ').fill('เปิดสายทดลอง 2 สัปดาห์ สังเกตและสัมภาษณ์');
		await v1.getByLabel('วันเริ่ม').fill('2026-12-01');
		await v1.getByLabel('วันสิ้นสุด').fill('2026-12-14');
		await v1.getByRole('button', { name: 'บันทึกแผนการทดสอบ' }).click();
		await expect(page.getByRole('status')).toHaveText('บันทึกแผนการทดสอบแล้ว');
		await expect(v1.getByText('7 ใน 10 คนจองได้เองและมาตรงเวลา')).toBeVisible();

		// idea → building → testing → piloting; only legal moves are offered.
		const status = page.getByRole('region', { name: 'เปลี่ยนสถานะ' });
		const moveTo = async (label: string, reason: string) => {
			await status.getByLabel('ย้ายไปสถานะ').selectOption({ label });
			await status.getByLabel('เหตุผล').fill(reason);
			await status.getByRole('button', { name: 'เปลี่ยนสถานะ' }).click();
			await expect(page.getByRole('status')).toHaveText(`ต้นแบบย้ายไปสถานะ ${label} แล้ว`);
		};
		await expect(status.getByLabel('ย้ายไปสถานะ').locator('option')).toHaveText(['กำลังสร้าง', 'ยุติ']);
		await moveTo('กำลังสร้าง', 'เตรียมสคริปต์และสายทดลองแล้ว');
		await moveTo('กำลังทดสอบ', 'เปิดสายทดลองกับผู้สูงอายุ 12 คน');
		await moveTo('นำร่อง', 'ผู้สูงอายุ 9 ใน 12 คนจองได้เอง นำร่องทั้งเขต');
		await expect(page.locator('[aria-current="step"]')).toContainText('นำร่อง');
		const timeline = page.getByRole('region', { name: 'ลำดับเหตุการณ์' });
		await expect(timeline.getByText('กำลังทดสอบ → นำร่อง')).toBeVisible();
		await expect(timeline.getByText('ผู้สูงอายุ 9 ใน 12 คนจองได้เอง นำร่องทั้งเขต')).toBeVisible();
		await expect(timeline.getByText('เชื่อมกับไอเดีย 2 รายการ')).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'prototype-piloting');

		// Citizens' answers typed in at the counter, through a feedback round on version 1.
		const prototypeId = new URL(page.url()).pathname.split('/').pop()!;
		await page.goto(`/projects/${projectId}/feedback/new?prototype=${prototypeId}`);
		await page.getByRole('button', { name: 'สร้างรอบ' }).click();
		await expect(page).toHaveURL(/\/feedback\/[a-z0-9]+\/questions/);
		const entry = page.url().replace(/\/questions.*$/, '/entry');
		for (const rating of ['4', '5']) {
			// Once the page's scripts have hydrated the form: a choice made before could be reset.
			await page.goto(entry, { waitUntil: 'networkidle' });
			const answer = page.getByRole('radio', { name: new RegExp(`^${rating}\\b`) });
			await answer.check();
			await expect(answer).toBeChecked();
			await page.getByRole('button', { name: 'บันทึกความคิดเห็น' }).click();
			await expect(page.getByRole('status')).toContainText('บันทึกแล้ว');
		}
		await facilitator.close();

		// The official: the portfolio, filtered to this agency, has it with the right figures.
		const official = await browser.newContext({ storageState: storageStateFor('official') });
		const desk = await official.newPage();
		await desk.goto('/portfolio');
		await desk.getByLabel('หน่วยงานเจ้าของ').selectOption({ label: agency });
		await desk.getByRole('button', { name: 'กรอง' }).click();
		await expect(desk).toHaveURL(/agency=/);
		const figures = desk.getByRole('region', { name: 'ตัวเลขสรุป' });
		await expect(figures.getByRole('listitem')).toHaveText([/^1\s*ต้นแบบ$/, /^1\s*โครงการ$/, /^1\s*หน่วยงาน$/, /^0\s*ต้องติดตาม$/]);
		const funnel = desk.getByRole('img', { name: /เส้นทางของต้นแบบ/ });
		await expect(funnel).toBeVisible();
		await expect(funnel).toHaveAccessibleDescription('จำนวนต้นแบบที่เคยไปถึงแต่ละขั้น: ไอเดีย 1, กำลังสร้าง 1, กำลังทดสอบ 1, นำร่อง 1, ขยายผลแล้ว 0');
		const feedbackChart = desk.getByRole('img', { name: title });
		await expect(feedbackChart).toBeVisible();
		await expect(feedbackChart).toHaveAccessibleDescription(/^2 ความเห็นใน 1 สัปดาห์ คะแนนเฉลี่ย 4\.5$/);
		const row = desk.getByRole('row', { name: new RegExp(title) });
		await expect(row.getByRole('cell').nth(-2)).toHaveText('2');
		await expect(row.getByRole('cell').nth(-1)).toHaveText('4.5');
		const piloting = desk.getByRole('region', { name: /^นำร่อง/ });
		await expect(piloting.getByRole('link', { name: title })).toBeVisible();
		await expect(desk.getByRole('region', { name: /^กำลังทดสอบ/ }).getByText('ไม่มี')).toBeVisible();
		await expectNoSeriousA11yViolations(desk);
		await screenshot(desk, testInfo, 'portfolio-desktop');
		await desk.setViewportSize({ width: 390, height: 844 });
		await expectNoSeriousA11yViolations(desk);
		await screenshot(desk, testInfo, 'portfolio-phone');

		// The CSV is what is on screen.
		const csv = await (await desk.request.get(`/portfolio/export.csv?agency=${encodeURIComponent(agency)}`)).text();
		expect(csv.trim().split('\r\n')).toHaveLength(2);
		expect(csv).toContain(title);

		// Drill down: the prototype's timeline, read-only.
		await desk.setViewportSize({ width: 1280, height: 900 });
		await piloting.getByRole('link', { name: title }).click();
		await expect(desk).toHaveURL(/#timeline$/);
		await expect(desk.getByRole('region', { name: 'ลำดับเหตุการณ์' }).getByText('กำลังทดสอบ → นำร่อง')).toBeVisible();
		await expect(desk.getByText('คุณดูต้นแบบนี้ได้อย่างเดียว')).toBeVisible();
		await expect(desk.getByRole('region', { name: 'เปลี่ยนสถานะ' })).toHaveCount(0);
		await expectNoSeriousA11yViolations(desk);
		await screenshot(desk, testInfo, 'prototype-official');
		await official.close();
	});
});

test.describe('the prototype pages', () => {
	test('read well in English and on a phone, with the demo’s prototypes', async ({ browser }, testInfo) => {
		const context = await browser.newContext({ storageState: storageStateFor('member'), viewport: { width: 390, height: 844 } });
		const page = await context.newPage();
		await page.goto('/projects');
		await page.getByRole('link', { name: 'ลดเวลารอคิวที่สำนักงานเขต' }).first().click();
		await page.getByRole('link', { name: 'ต้นแบบ', exact: true }).click();
		await expect(page.getByRole('heading', { name: 'จองคิวออนไลน์ผ่าน LINE OA ของเขต' })).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'prototypes-phone');
		await page.getByRole('link', { name: 'จองคิวออนไลน์ผ่าน LINE OA ของเขต' }).click();
		await expect(page.getByRole('article', { name: 'เวอร์ชัน 2' })).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'prototype-phone');
		await page.getByRole('button', { name: 'English' }).click();
		await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
		await expect(page.getByRole('article', { name: 'Version 2' })).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'prototype-phone-en');
		await context.close();
	});
});
