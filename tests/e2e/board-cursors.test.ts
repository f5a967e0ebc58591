import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { test, expect, expectNoSeriousA11yViolations, firstSync, screenshot, uniqueTitle } from './fixtures';
import { openBoard, pageAs, projectWithTeam } from './board-helpers';

// Forty people's pointers hide the notes: in a crowd the board draws ten (board/cursors.ts),
// and anyone may show them all or none.

const CROWD = 14;

test('a crowded board draws ten pointers; everyone’s or none on request, kept for the next visit', async ({ browser }, testInfo) => {
	test.setTimeout(180_000);
	const facilitator = await pageAs(browser, 'facilitator', { viewport: { width: 1280, height: 800 } });
	const member = await pageAs(browser, 'member');
	const project = await projectWithTeam(facilitator, uniqueTitle('เคอร์เซอร์'));
	const board = await openBoard(facilitator, project, 'ระดมความคิด');
	const boardId = board.split('/').pop()!;

	// The crowd: the member's browser tabs, each pointing somewhere on the board.
	await member.goto(project);
	const origin = new URL(facilitator.url()).origin;
	const cookie = (await member.context().cookies(origin)).map((c) => `${c.name}=${c.value}`).join('; ');
	const crowd = Array.from({ length: CROWD }, () => {
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(`${origin.replace(/^http/, 'ws')}/collab`, boardId, doc, {
			WebSocketPolyfill: class extends WebSocket {
				constructor(url: string | URL, protocols?: string | string[]) {
					super(url, protocols ?? [], { headers: { cookie, origin } });
				}
			} as unknown as typeof globalThis.WebSocket,
			disableBc: true
		});
		return { doc, provider };
	});
	try {
		await Promise.all(crowd.map(({ provider }) => firstSync(provider)));
		crowd.forEach(({ provider }, i) =>
			provider.awareness.setLocalState({ user: { id: '', name: 'member', color: '#0b57d0' }, cursor: { x: 100 + i * 60, y: 400 + (i % 3) * 80 } })
		);
		const cursors = facilitator.locator('.cursor');
		await expect(cursors).toHaveCount(10);
		const choice = facilitator.getByLabel('เคอร์เซอร์ของคนอื่น');
		await expect(facilitator.getByText(`ซ่อนไว้ ${CROWD - 10} คนเพราะคนเยอะ`)).toBeVisible();
		await screenshot(facilitator, testInfo, 'board-cursors-crowd');

		await choice.selectOption('all');
		await expect(cursors).toHaveCount(CROWD);
		await choice.selectOption('none');
		await expect(cursors).toHaveCount(0);
		await expect(facilitator.getByText(/ซ่อนไว้/)).toHaveCount(0);
		await expectNoSeriousA11yViolations(facilitator);

		// The choice is this browser's, for every board and the next visit.
		await facilitator.reload();
		await expect(facilitator.getByLabel('เคอร์เซอร์ของคนอื่น')).toHaveValue('none');
		await expect(cursors).toHaveCount(0);
		await facilitator.getByLabel('เคอร์เซอร์ของคนอื่น').selectOption('auto');
		await expect(cursors).toHaveCount(10);

		await facilitator.getByRole('button', { name: 'English' }).click();
		await expect(facilitator.getByLabel('Others’ pointers')).toHaveValue('auto');
		await expect(facilitator.getByText(`${CROWD - 10} hidden in the crowd`)).toBeVisible();
		await facilitator.getByRole('button', { name: 'ไทย' }).click();

		// On a phone's canvas the choice fits beside the others in the board bar.
		await facilitator.setViewportSize({ width: 360, height: 740 });
		await facilitator.goto(`${board}?view=canvas`);
		await expect(cursors).toHaveCount(10);
		expect(await facilitator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		await screenshot(facilitator, testInfo, 'board-cursors-phone');
	} finally {
		for (const { provider, doc } of crowd) {
			provider.destroy();
			doc.destroy();
		}
	}
});
