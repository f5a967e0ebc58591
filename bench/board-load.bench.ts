/**
 * A board with 10,000 notes: how long the server takes to load it and a client to sync it, how
 * long Chromium takes to show it, and how smoothly it pans (only notes on screen are DOM; far
 * out, notes are painted on one canvas). Needs a build. `npm run bench -- board-load`
 */
import { chromium } from '@playwright/test';
import { addNote, findSectionByKey, listNotes, updateNote } from '../src/lib/board/index.ts';
import { openDatabase } from '../src/lib/server/db/open.ts';
import { changeStoredBoard } from '../src/lib/server/collab/stored-board.ts';
import { startAppServer, type AppServer } from '../tests/helpers/app-server.ts';
import { connectClient, demoBoardSession } from '../tests/integration/collab-harness.ts';

const N = 10_000;
process.setMaxListeners(50);

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)]!;
}
function p95(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length * 0.95)]!;
}

// A database with the demo, and 10,000 notes added to the demo's Ideate board.
const first = await startAppServer();
const { boardId } = await demoBoardSession(first.databasePath, 'facilitator@prachalab.test', 'ideate');
await first.stop();
{
	const db = openDatabase(first.databasePath);
	await changeStoredBoard(db, boardId, (doc) => {
		const brainstorm = findSectionByKey(doc, 'brainstorm');
		for (let i = 0; i < N; i++) {
			addNote(doc, {
				text: `ไอเดียที่ ${i + 1}: ลดเวลารอด้วยการนัดหมายล่วงหน้า`,
				x: 3000 + (i % 100) * 200,
				y: Math.floor(i / 100) * 160,
				color: ['yellow', 'pink', 'blue', 'green'][i % 4],
				section: i < 50 ? brainstorm?.id : undefined,
				author: 'bench'
			});
		}
	});
	await db.destroy();
}

let server: AppServer | null = null;
try {
	server = await startAppServer({ databasePath: first.databasePath });
	const url = `ws://localhost:${server.port}/collab`;
	const { cookie } = await demoBoardSession(server.databasePath, 'facilitator@prachalab.test', 'ideate');

	// Node clients: the first connection makes the server load the board from SQLite.
	const sync = async () => {
		const started = performance.now();
		const client = connectClient(url, boardId, { cookie, origin: server!.url });
		await client.synced();
		const synced = performance.now() - started;
		const foldStarted = performance.now();
		const count = listNotes(client.doc).length;
		const fold = performance.now() - foldStarted;
		return { client, synced, fold, count };
	};
	const cold = await sync();
	const warm = [];
	for (let i = 0; i < 5; i++) {
		const run = await sync();
		warm.push(run);
		run.client.destroy();
	}

	// Chromium: navigation to first notes on screen, then panning.
	const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	await context.addCookies([{ name: 'session', value: cookie.slice('session='.length), url: server.url }]);
	const page = await context.newPage();
	const projectId = await (async () => {
		const db = openDatabase(server!.databasePath);
		const row = await db.selectFrom('boards').select('project_id').where('id', '=', boardId).executeTakeFirstOrThrow();
		await db.destroy();
		return row.project_id;
	})();
	const shown: number[] = [];
	let domNotes = 0;
	for (let i = 0; i < 5; i++) {
		const started = performance.now();
		await page.goto(`${server.url}/projects/${projectId}/boards/${boardId}`);
		await page.locator('[data-status="connected"]').waitFor();
		await page.locator('[data-note-id]').first().waitFor();
		shown.push(performance.now() - started);
		domNotes = await page.locator('[data-note-id]').count();
	}

	/**
	 * Pans for 120 frames, one wheel event per frame, and returns the frame intervals and the
	 * main-thread work of each step (handler, Svelte update, style and layout, forced right away).
	 */
	const pan = () =>
		page.evaluate(async () => {
			const canvas = document.querySelector('[aria-describedby="board-note-help"][tabindex="0"]') as HTMLElement;
			const rect = canvas.getBoundingClientRect();
			const frames: number[] = [];
			const work: number[] = [];
			let last = 0;
			await new Promise<void>((done) => {
				const step = async (now: number) => {
					if (last) frames.push(now - last);
					last = now;
					const started = performance.now();
					canvas.dispatchEvent(
						new WheelEvent('wheel', { deltaX: 37, deltaY: 23, clientX: rect.x + 200, clientY: rect.y + 200, bubbles: true, cancelable: true })
					);
					await Promise.resolve();
					document.body.getBoundingClientRect();
					work.push(performance.now() - started);
					if (frames.length < 120) requestAnimationFrame(step);
					else done();
				};
				requestAnimationFrame(step);
			});
			return { frames, work };
		});
	// Close in: a screenful of notes as DOM.
	await page.getByRole('button', { name: 'พอดีจอ' }).click();
	for (let i = 0; i < 12; i++) await page.getByRole('button', { name: 'ขยาย' }).click();
	const zoom = await page.getByRole('toolbar').getByText(/%$/).textContent();
	const near = await pan();
	const nearDom = await page.locator('[data-note-id]').count();
	// A remote edit: a Node client changes the text of a note on screen; the page records the
	// frame that paints it (the animation frame after the new text is in the DOM), both clocks
	// being this machine's wall clock.
	const noteOnScreen = (await page.locator('[data-note-id]').first().getAttribute('data-note-id'))!;
	const painted: number[] = [];
	for (let i = 0; i < 21; i++) {
		const text = `แก้จากอีกเครื่อง ${i}`;
		await page.evaluate(
			({ id, text }) => {
				(window as unknown as { painted: Promise<number> }).painted = new Promise<number>((resolve) => {
					const observer = new MutationObserver(() => {
						if (!document.querySelector(`[data-note-id="${id}"]`)?.textContent?.includes(text)) return;
						observer.disconnect();
						requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
					});
					observer.observe(document.body, { subtree: true, childList: true, characterData: true });
				});
			},
			{ id: noteOnScreen, text }
		);
		const sentAt = Date.now();
		updateNote(cold.client.doc, noteOnScreen, { text });
		const at = await page.evaluate(() => (window as unknown as { painted: Promise<number> }).painted);
		if (i > 0) painted.push(at - sentAt);
	}
	// Far out: the whole board, notes painted on a canvas.
	await page.getByRole('button', { name: 'พอดีจอ' }).click();
	const far = await pan();
	const farZoom = await page.getByRole('toolbar').getByText(/%$/).textContent();
	await browser.close();

	console.log(`a board with ${cold.count} notes (10,000 added to the demo's Ideate board), Node ${process.version}:`);
	console.log(`  server load from SQLite + sync to a node client (cold): ${cold.synced.toFixed(0)} ms`);
	console.log(`  sync to a node client, board already loaded (warm):     ${median(warm.map((w) => w.synced)).toFixed(0)} ms median of 5`);
	console.log(`  client fold of the note log (listNotes):                ${median(warm.map((w) => w.fold)).toFixed(0)} ms`);
	console.log(`  Chromium, navigation → notes on screen and connected:   ${median(shown).toFixed(0)} ms median of 5 (${domNotes} notes in the DOM)`);
	console.log(
		`  a remote edit (a Node client changes a note's text) painted in Chromium: median ${median(painted).toFixed(1)} ms, p95 ${p95(painted).toFixed(1)} ms of 20`
	);
	for (const [label, run] of [
		[`at ${zoom} (${nearDom} notes in the DOM)`, near],
		[`at ${farZoom} (whole board, painted)`, far]
	] as const) {
		console.log(
			`  panning ${label}: frame interval median ${median(run.frames).toFixed(1)} ms, p95 ${p95(run.frames).toFixed(1)} ms; ` +
				`work per step median ${median(run.work).toFixed(1)} ms, p95 ${p95(run.work).toFixed(1)} ms`
		);
	}
	cold.client.destroy();
} finally {
	await server?.stop();
	first.cleanup();
}
