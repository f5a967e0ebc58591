import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, expectNoSeriousA11yViolations, screenshot, storageStateFor } from './fixtures';

/**
 * A facilitator chooses what of a board the public sees: the demo's Test board gets two
 * citizens' responses, the facilitator previews its feedback section, sees both withheld,
 * approves one wording, publishes, and the public reads exactly that.
 */

const DEMO_TITLE = 'ลดเวลารอคิวที่สำนักงานเขต';

interface Sent {
	projectId: string;
	testBoardId: string;
	texts: string[];
}

/** Sends two of the demo's responses to the Test board, as the facilitator's moderation page would. */
async function sendTwoResponses(request: APIRequestContext, baseURL: string): Promise<Sent> {
	const projects = (await (await request.get('/api/v1/projects')).json()) as { projects: { id: string; title: string }[] };
	const projectId = projects.projects.find((p) => p.title === DEMO_TITLE)!.id;
	const project = (await (await request.get(`/api/v1/projects/${projectId}`)).json()) as { boards: { id: string; stage: string }[] };
	const testBoardId = project.boards.find((b) => b.stage === 'test')!.id;
	const { rounds } = (await (await request.get(`/api/v1/projects/${projectId}/feedback`)).json()) as { rounds: { id: string; responses: number }[] };
	for (const round of rounds) {
		const { responses } = (await (await request.get(`/api/v1/projects/${projectId}/feedback/${round.id}/responses`)).json()) as {
			responses: { id: string; status: string; onBoard: boolean; answers: { text: string | null }[] }[];
		};
		// Another test searches for "บริการ" and sends what it finds: leave those to it.
		const chosen = responses
			.filter((r) => !r.onBoard && (r.status === 'new' || r.status === 'published'))
			.map((r) => ({ id: r.id, text: r.answers.map((a) => a.text).find((t) => t && !t.includes('บริการ') && !t.includes('[…]')) }))
			.filter((r): r is { id: string; text: string } => !!r.text)
			.slice(0, 2);
		if (chosen.length < 2) continue;
		const body = new URLSearchParams(chosen.map((r) => ['ids', r.id]));
		const sent = await request.post(`/projects/${projectId}/feedback/${round.id}/responses?/board`, {
			headers: { origin: baseURL, 'content-type': 'application/x-www-form-urlencoded' },
			data: body.toString()
		});
		expect(sent.ok()).toBe(true);
		return { projectId, testBoardId, texts: chosen.map((r) => r.text) };
	}
	throw new Error('the demo has no two responses to send');
}

async function noHorizontalOverflow(page: Page) {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
	expect(overflow).toBeLessThanOrEqual(0);
}

test.describe('publishing a board', () => {
	test.use({ storageState: storageStateFor('facilitator'), viewport: { width: 1280, height: 800 } });

	test('a facilitator previews, approves a citizen’s words, publishes, and the public reads exactly that', async ({
		page,
		browser,
		baseURL
	}, testInfo) => {
		test.setTimeout(180_000);
		const sent = await sendTwoResponses(page.request, baseURL!);

		await page.goto(`/projects/${sent.projectId}`);
		await page.getByRole('link', { name: 'การเผยแพร่' }).click();
		await expect(page.getByRole('heading', { name: 'สิ่งที่สาธารณะเห็น' })).toBeVisible();
		// The demo published its Ideate board's How-might-we questions, and nothing else.
		const ideate = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'บอร์ดขั้นระดมความคิด' }) });
		await expect(ideate.getByText('สาธารณะบางส่วน (1 ส่วน)')).toBeVisible();
		const testCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'บอร์ดขั้นทดสอบ' }) });
		await expect(testCard.getByText('ไม่เป็นสาธารณะ')).toBeVisible();
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'publication-overview-1280');

		await testCard.getByRole('link', { name: /เลือกและดูตัวอย่าง/ }).click();
		await expect(page.getByRole('heading', { name: 'เผยแพร่บอร์ดขั้นทดสอบ' })).toBeVisible();
		// By keyboard: choose the sections scope and the feedback section, then preview.
		await page.getByRole('radio', { name: 'เฉพาะส่วนที่เลือก' }).focus();
		await page.keyboard.press('Space');
		await page.getByRole('checkbox', { name: /ความเห็นจากประชาชน/ }).focus();
		await page.keyboard.press('Space');
		await page.getByRole('button', { name: 'ดูตัวอย่าง' }).focus();
		await page.keyboard.press('Enter');

		const preview = page.getByRole('region', { name: 'สิ่งที่สาธารณะจะเห็น' });
		await expect(preview).toBeVisible();
		// Other tests may send more of the demo's responses to this board: count from what is there.
		const withheldHeading = preview.getByRole('heading', { name: /^ไม่เผยแพร่ \(\d+\)$/ });
		const withheld = Number(/\((\d+)\)/.exec((await withheldHeading.textContent()) ?? '')?.[1]);
		expect(withheld).toBeGreaterThanOrEqual(2);
		for (const text of sent.texts) {
			await expect(preview.getByRole('listitem').filter({ hasText: text }).getByText('ความเห็นจากประชาชน: ยังไม่ได้อนุมัติถ้อยคำนี้ให้เผยแพร่')).toBeVisible();
		}
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'publication-preview-withheld-1280');

		const first = preview
			.getByRole('listitem')
			.filter({ hasText: sent.texts[0]! })
			.filter({ has: page.getByRole('button') });
		await first.getByRole('button', { name: 'อนุมัติถ้อยคำนี้ให้เผยแพร่' }).click();
		await expect(page.getByRole('status')).toContainText('อนุมัติถ้อยคำแล้ว');
		await expect(preview.getByRole('heading', { name: `ไม่เผยแพร่ (${withheld - 1})` })).toBeVisible();
		await expect(preview.getByRole('heading', { name: 'ถ้อยคำของประชาชนที่อนุมัติให้เผยแพร่ (1)' })).toBeVisible();
		await expect(preview.getByText('ถ้อยคำของประชาชนที่ผู้ดูแลอนุมัติให้เผยแพร่')).toHaveCount(1);
		await screenshot(page, testInfo, 'publication-preview-approved-1280');

		const publishButton = page.getByRole('button', { name: 'เผยแพร่ตามตัวอย่างนี้' });
		await publishButton.click();
		// Another test may send feedback to this board meanwhile: then the page says so and previews it again.
		const changed = page.getByText('บอร์ดเปลี่ยนไปหลังจากที่คุณดูตัวอย่าง');
		await expect(page.getByText('เผยแพร่แล้ว สาธารณะเห็นตามตัวอย่างที่คุณยืนยัน').or(changed)).toBeVisible();
		if (await changed.isVisible()) await publishButton.click();
		await expect(page.getByRole('status')).toContainText('เผยแพร่แล้ว');
		await expect(page.getByRole('region', { name: 'ที่เผยแพร่อยู่ตอนนี้' }).getByText('สาธารณะบางส่วน (1 ส่วน)')).toBeVisible();
		await expectNoSeriousA11yViolations(page);

		// The public, without an account, reads the approved words and nothing else of the board.
		const publicContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		const visitor = await publicContext.newPage();
		await visitor.goto(`/open/${sent.projectId}`);
		await visitor.getByRole('link', { name: 'บอร์ดขั้นทดสอบ' }).click();
		await expect(visitor.getByRole('heading', { level: 1 })).toHaveText('บอร์ดขั้นทดสอบ');
		await expect(visitor.getByText(sent.texts[0]!)).toBeVisible();
		await expect(visitor.getByText(sent.texts[1]!)).toHaveCount(0);
		await expectNoSeriousA11yViolations(visitor);
		await screenshot(visitor, testInfo, 'open-board-1280');
		await publicContext.close();
	});

	test('the choice and preview work on a 360 px phone in English, and the public board too', async ({ browser, baseURL }, testInfo) => {
		const context = await browser.newContext({
			storageState: storageStateFor('facilitator'),
			viewport: { width: 360, height: 740 },
			isMobile: true,
			hasTouch: true
		});
		await context.addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
		const page = await context.newPage();
		const projects = (await (await page.request.get('/api/v1/projects')).json()) as { projects: { id: string; title: string }[] };
		const projectId = projects.projects.find((p) => p.title === DEMO_TITLE)!.id;
		await page.goto(`/projects/${projectId}/publication`);
		await expect(page.getByRole('heading', { name: 'What the public sees' })).toBeVisible();
		await noHorizontalOverflow(page);
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'publication-overview-360-en');

		const ideateCard = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Ideate board' }) });
		await ideateCard.getByRole('link', { name: /Choose and preview/ }).click();
		await page.getByRole('radio', { name: 'The whole board' }).check();
		await page.getByRole('button', { name: 'Preview' }).click();
		const preview = page.getByRole('region', { name: 'What the public will see' });
		await expect(preview).toBeVisible();
		await expect(preview.getByRole('heading', { name: 'How might we…?' })).toBeVisible();
		await noHorizontalOverflow(page);
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'publication-preview-360-en');

		await page.goto(`/open/${projectId}`);
		await expect(page.getByRole('heading', { name: 'Boards the team published' })).toBeVisible();
		await noHorizontalOverflow(page);
		await screenshot(page, testInfo, 'open-project-360-en');
		await page.getByRole('link', { name: 'Ideate board' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ideate board');
		await noHorizontalOverflow(page);
		await expectNoSeriousA11yViolations(page);
		await screenshot(page, testInfo, 'open-board-360-en');
		await context.close();
	});
});
