import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import * as decoding from 'lib0/decoding';
import { MESSAGE_WORKSHOP, type WorkshopMessage } from '../../src/lib/board/privacy.ts';
import { DEMO, test, expect as baseExpect, screenshot, uniqueTitle } from './fixtures';
import { note, openBoard, pageAs, projectWithTeam } from './board-helpers';
import { planWorkshop } from './workshop-helpers';

/**
 * The whole room of issue 11: a facilitator at a desk, a team member on a laptop and a guest on a
 * phone who joined by the workshop's code. Moving to the next step moves everyone, with the same
 * time left everywhere; a private brainstorm stays with its author until the reveal, in the page,
 * the document and every frame on the socket; a secret vote shows no counts until the reveal,
 * then the same result to all; the report's PDF carries the Thai notes.
 */

// A member's board page says "บอร์ดขั้น…", a guest's "บอร์ด…".
const FIRST_BOARD = /บอร์ด(ขั้น)?เข้าใจปัญหา/;
const STEP_BOARD = /บอร์ด(ขั้น)?ระดมความคิด/;
// Three browsers at once on a shared 2-core machine: a join or a socket took over 10 s there.
const expect = baseExpect.configure({ timeout: 30_000 });

const GUEST_IDEA = 'ผู้สูงอายุได้คิวก่อนเที่ยง ไม่ต้องรอนาน';
const MEMBER_IDEA = 'แจ้งเตือนคิวผ่านไลน์ล่วงหน้า';

/** The board's socket is up (with this file's longer waits). */
async function connected(page: Page): Promise<void> {
	await expect(page.locator('[data-status]')).toHaveAttribute('data-status', 'connected');
}

function facilitationBar(page: Page) {
	return page.getByRole('region', { name: 'เครื่องมือนำเวิร์กช็อป' }).first();
}

async function openPanel(page: Page) {
	const toggle = page.getByRole('button', { name: 'นำกระบวนการ' });
	if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
	return page.locator('#facilitator-panel');
}

/** Every frame the page's sockets receive, from now on. */
function recordFrames(page: Page): Buffer[] {
	const frames: Buffer[] = [];
	page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => frames.push(Buffer.from(payload))));
	return frames;
}

/** Whether any frame holds `text` (Yjs and the workshop messages write strings as UTF-8). */
function received(frames: Buffer[], text: string): boolean {
	return frames.some((frame) => frame.toString('utf8').includes(text));
}

/** The hub's workshop replies (message type 4) among the frames: the page's own `state` and the rest. */
function workshopMessages(frames: Buffer[]): WorkshopMessage[] {
	return frames.flatMap((frame) => {
		const decoder = decoding.createDecoder(new Uint8Array(frame));
		if (decoding.readVarUint(decoder) !== MESSAGE_WORKSHOP) return [];
		return [JSON.parse(decoding.readVarString(decoder)) as WorkshopMessage];
	});
}

/** Whether any of the page's IndexedDB databases (the board's offline copy, the outbox) holds `text`. */
function storedLocally(page: Page, text: string): Promise<boolean> {
	return page.evaluate(async (needle) => {
		const decoder = new TextDecoder();
		const holds = (value: unknown): boolean => {
			if (value instanceof Uint8Array) return decoder.decode(value).includes(needle);
			if (value instanceof ArrayBuffer) return decoder.decode(new Uint8Array(value)).includes(needle);
			return JSON.stringify(value ?? null).includes(needle);
		};
		for (const { name } of await indexedDB.databases()) {
			if (!name) continue;
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const open = indexedDB.open(name);
				open.onsuccess = () => resolve(open.result);
				open.onerror = () => reject(open.error);
			});
			try {
				for (const store of [...db.objectStoreNames]) {
					const values = await new Promise<unknown[]>((resolve, reject) => {
						const all = db.transaction(store).objectStore(store).getAll();
						all.onsuccess = () => resolve(all.result);
						all.onerror = () => reject(all.error);
					});
					if (values.some(holds)) return true;
				}
			} finally {
				db.close();
			}
		}
		return false;
	}, text);
}

/**
 * When the page's timer will show 0:00, on this machine's clock (which every browser here shares),
 * read at the timer's next change of second: the display rounds up to whole seconds, so at the
 * change it shows the time left to within its 250 ms tick. Also the seconds it showed.
 */
function timerEnd(page: Page): Promise<{ end: number; left: number }> {
	return page
		.locator('[data-timer-left]')
		.first()
		.evaluate(
			(el) =>
				new Promise<{ end: number; left: number }>((resolve, reject) => {
					const timeout = setTimeout(() => reject(new Error('the timer did not tick for 5 s')), 5000);
					const observer = new MutationObserver(() => {
						const left = Number(el.getAttribute('data-timer-left'));
						observer.disconnect();
						clearTimeout(timeout);
						resolve({ end: Date.now() + left * 1000, left });
					});
					observer.observe(el, { attributes: true, attributeFilter: ['data-timer-left'] });
				})
		);
}

test('a facilitator, a member and a guest on a phone go through a live workshop together; the report PDF carries the Thai notes', async ({
	browser
}, testInfo) => {
	// Three browsers through a whole workshop on a shared 2-core machine.
	test.setTimeout(600_000);
	const desk = await pageAs(browser, 'facilitator', { viewport: { width: 1280, height: 800 } });
	const project = await projectWithTeam(desk, uniqueTitle('ทั้งห้อง'));
	const workshop = await planWorkshop(desk, project, uniqueTitle('ห้องเดียวกัน'));
	const steps = desk.locator('ol.agenda > li');
	await desk.locator('#add-method-empathy-map').click();
	await expect(steps).toHaveCount(1);
	await desk.locator('#add-method-brainstorm').click();
	await expect(steps).toHaveCount(2);
	await desk.locator('#add-method-dot-voting').click();
	await expect(steps).toHaveCount(3);
	await desk.getByRole('button', { name: 'เปิดรหัสใหม่' }).click();
	const code = (await desk.locator('[data-join-code]').getAttribute('data-join-code'))!;
	await desk.getByRole('button', { name: 'เริ่มเวิร์กช็อป' }).click();
	await expect(desk.locator('[data-current-step]')).toContainText('ตอนนี้อยู่ที่ขั้นตอน 1 จาก 3');

	// The member on a laptop opens the first step's board; the guest scans the QR code (its link).
	const member = await pageAs(browser, 'member', { viewport: { width: 1280, height: 800 } });
	const memberFrames = recordFrames(member);
	await openBoard(member, project, 'เข้าใจปัญหา');
	const guestContext = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
	const guest = await guestContext.newPage();
	const guestFrames = recordFrames(guest);
	await guest.goto(`/join?code=${encodeURIComponent(code)}`, { waitUntil: 'networkidle' });
	await expect(guest.getByLabel('รหัสเข้าร่วม')).toHaveValue(code);
	await guest.getByLabel('ชื่อของคุณ').fill('ป้าบุญมี');
	await guest.getByRole('button', { name: 'เข้าร่วม' }).click();
	await expect(guest).toHaveURL(/\/guest$/);
	await connected(guest);
	for (const page of [member, guest]) {
		await expect(page.getByRole('region', { name: 'ขั้นตอนของเวิร์กช็อป' })).toContainText('ขั้นตอน 1 จาก 3');
		await expect(page.getByRole('heading', { level: 1 })).toContainText(FIRST_BOARD);
	}

	// The facilitator moves on: both participants are taken to the step's board, with its instructions and timer.
	const movedAfter = Date.now();
	await desk.getByRole('button', { name: 'ขั้นตอนถัดไป' }).click();
	await expect(desk.locator('[data-current-step]')).toContainText('ตอนนี้อยู่ที่ขั้นตอน 2 จาก 3');
	const stepTitle = (await desk.locator('[data-current-step] strong').textContent())!.replace(/^.*จาก 3:?\s*/, '').trim();
	expect(stepTitle.length).toBeGreaterThan(0);
	// The facilitator opens the step's board in a tab of its own; the workshop page stays, to move the room from.
	const boardHref = (await desk.getByRole('link', { name: /เปิดบอร์ดของขั้นตอนนี้/ }).getAttribute('href'))!;
	const facilitator = await desk.context().newPage();
	await facilitator.goto(boardHref, { waitUntil: 'domcontentloaded' });
	await expect(facilitator.getByRole('heading', { level: 1 })).toContainText(STEP_BOARD, { timeout: 30_000 });
	await connected(facilitator);
	for (const page of [member, guest]) {
		// A member is told for 5 s before going, a guest for 1.5 s.
		await expect(page.getByRole('heading', { level: 1 })).toContainText(STEP_BOARD, { timeout: 30_000 });
		await connected(page);
		const banner = page.getByRole('region', { name: 'ขั้นตอนของเวิร์กช็อป' });
		await expect(banner).toContainText('ขั้นตอน 2 จาก 3');
		await expect(banner.getByRole('heading', { level: 2 })).toHaveText(stepTitle);
		await expect(banner.locator('.instructions summary')).toContainText('1.');
		await expect(page.getByRole('timer')).toBeVisible();
	}
	await expect(member.getByRole('timer')).toHaveText(/^\d+:\d\d$/);

	// The same time left everywhere: each screen's timer read as it ticks, all three at once.
	await facilitator.bringToFront();
	const readings = await Promise.all([timerEnd(facilitator), timerEnd(member), timerEnd(guest)]);
	// The step's 25 minutes, less the time since the move.
	const elapsed = Math.ceil((Date.now() - movedAfter) / 1000);
	for (const { left } of readings) {
		expect(left).toBeGreaterThanOrEqual(25 * 60 - elapsed);
		expect(left).toBeLessThanOrEqual(25 * 60);
	}
	const ends = readings.map((r) => r.end);
	expect(Math.max(...ends) - Math.min(...ends), `the timers end at ${ends.join(', ')}`).toBeLessThanOrEqual(1000);
	await screenshot(guest, testInfo, 'room-step-guest-360');
	await screenshot(member, testInfo, 'room-step-member-1280');

	// A private brainstorm: each participant's note is theirs alone until the reveal.
	const panel = await openPanel(facilitator);
	await panel.getByLabel('ระดมความคิดแบบส่วนตัว', { exact: false }).check();
	await expect(facilitationBar(guest)).toContainText('โน้ตใหม่ของคุณเป็นส่วนตัวจนกว่าผู้นำกระบวนการจะเปิดเผย');
	await expect(facilitationBar(member)).toContainText('โน้ตใหม่ของคุณเป็นส่วนตัวจนกว่าผู้นำกระบวนการจะเปิดเผย');
	await guest.getByLabel('โน้ตของคุณ').fill(GUEST_IDEA);
	await guest.getByRole('button', { name: 'เพิ่มโน้ต', exact: true }).click();
	await expect(guest.getByText(GUEST_IDEA, { exact: true })).toBeVisible();
	await member.getByRole('button', { name: 'เพิ่มโน้ต' }).click();
	const editor = member.getByLabel('ข้อความโน้ต');
	await expect(editor).toBeFocused();
	// Typed key by key, sent every 0.8 s while it is typed: still one step of undo for the text.
	await editor.pressSequentially(MEMBER_IDEA, { delay: 60 });
	await editor.press('Enter');
	await expect(note(member, MEMBER_IDEA)).toBeVisible();
	await expect(panel.getByText('มีโน้ตส่วนตัว 2 ใบรอเปิดเผย')).toBeVisible();
	// Undo takes the member's private note back (its text, then the note) and redo brings it again,
	// at the hub too: the facilitator's count follows.
	const undo = member.getByRole('button', { name: 'เลิกทำ' });
	const redo = member.getByRole('button', { name: 'ทำซ้ำ' });
	await undo.click();
	await expect(note(member, MEMBER_IDEA)).toHaveCount(0);
	await undo.click();
	await expect(panel.getByText('มีโน้ตส่วนตัว 1 ใบรอเปิดเผย')).toBeVisible();
	await redo.click();
	await expect(panel.getByText('มีโน้ตส่วนตัว 2 ใบรอเปิดเผย')).toBeVisible();
	await redo.click();
	await expect(note(member, MEMBER_IDEA)).toBeVisible();
	await expect(panel.getByText('มีโน้ตส่วนตัว 2 ใบรอเปิดเผย')).toBeVisible();
	await screenshot(guest, testInfo, 'room-private-guest-360');
	// Nobody else has either note: not on screen, not in the browser's copy of the board, not in any frame received.
	await expect(facilitator.locator('body')).not.toContainText(GUEST_IDEA);
	await expect(facilitator.locator('body')).not.toContainText(MEMBER_IDEA);
	await expect(member.locator('body')).not.toContainText(GUEST_IDEA);
	await expect(guest.locator('body')).not.toContainText(MEMBER_IDEA);
	expect(await storedLocally(member, GUEST_IDEA)).toBe(false);
	expect(await storedLocally(guest, MEMBER_IDEA)).toBe(false);
	expect(received(memberFrames, GUEST_IDEA)).toBe(false);
	expect(received(guestFrames, MEMBER_IDEA)).toBe(false);
	// Each has their own on screen (the hub holds it; the page keeps only what waits to be sent).
	await expect(note(member, MEMBER_IDEA)).toBeVisible();

	// The reveal: everyone has both, on screen, in the document, over the socket.
	await panel.getByRole('button', { name: 'เปิดเผยโน้ตส่วนตัว' }).click();
	await expect(note(facilitator, GUEST_IDEA)).toHaveCount(1);
	await expect(note(member, GUEST_IDEA)).toHaveCount(1);
	// The guest's phone shows its writer's own notes; the revealed one is in its copy of the board.
	await expect.poll(() => storedLocally(member, GUEST_IDEA)).toBe(true);
	await expect.poll(() => storedLocally(guest, MEMBER_IDEA)).toBe(true);
	expect(received(memberFrames, GUEST_IDEA)).toBe(true);
	await panel.getByLabel('ระดมความคิดแบบส่วนตัว', { exact: false }).uncheck();
	await expect(facilitationBar(guest)).not.toContainText('เป็นส่วนตัวจนกว่า');

	// The room moves to the vote, on the same board.
	await desk.getByRole('button', { name: 'ขั้นตอนถัดไป' }).click();
	await expect(desk.locator('[data-current-step]')).toContainText('ตอนนี้อยู่ที่ขั้นตอน 3 จาก 3');
	for (const page of [facilitator, member, guest]) {
		await expect(page.getByRole('region', { name: 'ขั้นตอนของเวิร์กช็อป' })).toContainText('ขั้นตอน 3 จาก 3');
	}
	// A secret vote on every note of the board: one dot each; no screen shows a count until the reveal.
	await openPanel(facilitator);
	await panel.getByLabel('จำนวนจุดต่อคน').fill('1');
	await panel.getByLabel('ลับ: บัตรโหวตเก็บไว้ที่เซิร์ฟเวอร์', { exact: false }).check();
	await panel.getByRole('button', { name: 'เริ่มโหวต' }).click();
	for (const page of [member, guest]) await expect(facilitationBar(page)).toContainText('โหวตลับ: ไม่มีใครเห็นคะแนนจนกว่าจะเปิดผล');
	const roundStart = { member: memberFrames.length, guest: guestFrames.length };
	const addDot = (page: Page) => page.getByRole('button', { name: `เพิ่มจุด: ${GUEST_IDEA}` });
	// The guest votes on the phone's ballot, which lists every note of the round.
	await addDot(guest).click();
	await expect(addDot(guest)).toBeDisabled();
	await expect(facilitationBar(guest)).toContainText('เหลือ 0 จาก 1 จุด');
	// The step's own area (Dot vote) is empty, so the room went to the board's ideas: the member's
	// canvas shows the guest's idea with its dot button, no search needed.
	await expect(note(member, GUEST_IDEA)).toBeInViewport();
	await screenshot(member, testInfo, 'room-vote-member-canvas-1280');
	await addDot(member).click();
	await expect(addDot(member)).toBeDisabled();
	await expect(facilitationBar(member)).toContainText('เหลือ 0 จาก 1 จุด');
	await expect(panel.getByText('โหวตลับ: ไม่มีใครเห็นคะแนนจนกว่าจะเปิดผล')).toBeVisible();
	await screenshot(guest, testInfo, 'room-secret-vote-guest-360');
	for (const page of [facilitator, member, guest]) {
		await expect(page.locator('[data-vote-total]')).toHaveCount(0);
		await expect(page.getByRole('region', { name: 'ผลโหวต' })).toHaveCount(0);
	}
	// Nothing received since the round opened counts anyone's dots: no results in any update, and
	// each participant's workshop state holds their own one dot only.
	for (const [frames, from] of [
		[memberFrames, roundStart.member],
		[guestFrames, roundStart.guest]
	] as const) {
		const since = frames.slice(from);
		expect(received(since, 'voteResults')).toBe(false);
		const states = workshopMessages(since).filter((m) => m.type === 'state');
		expect(states.length).toBeGreaterThan(0);
		for (const state of states) {
			expect([state.doneCount, state.participants, state.waitingNotes]).toEqual([null, null, null]);
			expect(Object.values(state.ballot?.dots ?? {}).reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(1);
		}
	}

	// The reveal: the same results on every screen.
	await panel.getByRole('button', { name: 'เปิดผลโหวต' }).click();
	const results: string[][] = [];
	for (const page of [facilitator, member, guest]) {
		await expect(facilitationBar(page)).toContainText('2 คนวางจุดรวม 2 จุด');
		const list = page.locator('#vote-results ol > li');
		await expect(list).toHaveCount(1);
		await expect(list.first()).toContainText(GUEST_IDEA);
		await expect(list.first()).toContainText('2 จุด');
		results.push(await list.allInnerTexts());
	}
	expect(results[1]).toEqual(results[0]);
	expect(results[2]).toEqual(results[0]);
	await screenshot(guest, testInfo, 'room-results-guest-360');
	await screenshot(member, testInfo, 'room-results-member-1280');

	// The report, while the workshop runs: the round and who of the team was in the room.
	await desk.goto(`${workshop}/report`, { waitUntil: 'domcontentloaded' });
	await expect(desk.getByRole('heading', { name: 'กำหนดการตามที่ดำเนินจริง' })).toBeVisible();
	await expect(desk.locator('[data-present-names]')).toContainText(DEMO.member.name);
	await expect(desk.locator('[data-present-names]')).toContainText(DEMO.facilitator.name);
	await expect(desk.locator('[data-guests]')).toContainText('ป้าบุญมี');
	await expect(desk.locator('[data-round]')).toHaveCount(1);
	await expect(desk.locator('[data-round]')).toContainText(GUEST_IDEA);
	await screenshot(desk, testInfo, 'room-report-1280');

	// Its PDF, fetched with the facilitator's session: the Thai notes are in its text.
	const response = await desk.request.get(`${workshop}/report.pdf`);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('application/pdf');
	const pdf = testInfo.outputPath('workshop-report.pdf');
	writeFileSync(pdf, await response.body());
	const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
	writeFileSync(testInfo.outputPath('workshop-report.txt'), text);
	// Lines wrap where the layout chose: compare without white space.
	const flat = text.replace(/\s+/g, '');
	for (const words of [GUEST_IDEA, MEMBER_IDEA, stepTitle, 'ผลของแต่ละขั้นตอน', 'รอบที่ 1']) expect(flat, words).toContain(words.replace(/\s+/g, ''));
	// Page 1 as a picture, to look at: the cover's Thai with its tone marks in place.
	execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, testInfo.outputPath('workshop-report-page')]);
	const pages = readdirSync(testInfo.outputPath()).filter((name) => name.startsWith('workshop-report-page') && name.endsWith('.png'));
	expect(pages).toHaveLength(1);
	await testInfo.attach('workshop-report-page-1', { path: testInfo.outputPath(pages[0]!), contentType: 'image/png' });
});
