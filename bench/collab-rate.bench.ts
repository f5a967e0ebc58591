/**
 * What a fast real user sends to the collab hub, measured in Chromium on the real board UI
 * against the production server: every WebSocket frame the page sends, counted per sliding
 * one-second window, for each kind of workshop burst (scribbling the pointer about, dragging
 * notes non-stop, typing fast, holding an arrow key, adding notes rapidly, pasting 60 notes,
 * holding Ctrl+Z) and for connecting. The per-connection limits in config.ts are set from this.
 * Human timing is simulated with waits (this is a measurement, not a test).
 * Needs a build (`npm run build`, or BUILD_DIR=…). `npm run bench -- collab-rate`
 */
import { chromium, type Page } from '@playwright/test';
import { openDatabase } from '../src/lib/server/db/open.ts';
import { startAppServer, type AppServer } from '../tests/helpers/app-server.ts';
import { demoBoardSession } from '../tests/integration/collab-harness.ts';
import { readConfig } from '../src/lib/server/config.ts';

interface Frame {
	at: number;
	bytes: number;
}

/** The busiest one-second window of `frames`: messages and bytes. */
function peak(frames: Frame[]): { messages: number; bytes: number } {
	let messages = 0;
	let bytes = 0;
	let start = 0;
	let windowBytes = 0;
	for (let end = 0; end < frames.length; end++) {
		windowBytes += frames[end]!.bytes;
		while (frames[end]!.at - frames[start]!.at >= 1000) windowBytes -= frames[start++]!.bytes;
		messages = Math.max(messages, end - start + 1);
		bytes = Math.max(bytes, windowBytes);
	}
	return { messages, bytes };
}

const pause = (page: Page, ms: number) => page.waitForTimeout(ms);

let server: AppServer | null = null;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
	server = await startAppServer();
	const { cookie, boardId } = await demoBoardSession(server.databasePath, 'facilitator@prachalab.test', 'ideate');
	const db = openDatabase(server.databasePath);
	const { project_id: projectId } = await db.selectFrom('boards').select('project_id').where('id', '=', boardId).executeTakeFirstOrThrow();
	await db.destroy();

	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
	await context.addCookies([{ name: 'session', value: cookie.slice('session='.length), url: server.url }]);
	const page = await context.newPage();
	const frames: Frame[] = [];
	page.on('websocket', (ws) => {
		if (!ws.url().includes('/collab/')) return;
		ws.on('framesent', (frame) =>
			frames.push({ at: performance.now(), bytes: typeof frame.payload === 'string' ? Buffer.byteLength(frame.payload) : frame.payload.length })
		);
	});

	const results: { scenario: string; seconds: number; total: number; messages: number; bytes: number }[] = [];
	async function measure(scenario: string, run: () => Promise<void>) {
		await pause(page, 400);
		const from = frames.length;
		const started = performance.now();
		await run();
		await pause(page, 1000); // debounced text and batched presence still to come
		const mine = frames.slice(from);
		results.push({ scenario, seconds: (performance.now() - started) / 1000, total: mine.length, ...peak(mine) });
	}

	await measure('opening the board (sync + presence)', async () => {
		await page.goto(`${server!.url}/projects/${projectId}/boards/${boardId}`);
		await page.locator('[data-status="connected"]').waitFor();
	});
	const canvas = page.getByRole('region', { name: 'กระดานโน้ต' });
	const box = (await canvas.boundingBox())!;
	const cx = box.x + box.width / 2;
	const cy = box.y + box.height / 2;

	await measure('pointer scribbling about for 4 s (a 120 Hz mouse)', async () => {
		for (let i = 0; i < 480; i++) {
			await page.mouse.move(cx + Math.cos(i / 9) * 300, cy + Math.sin(i / 7) * 200);
			await pause(page, 8);
		}
	});

	await measure('dragging notes non-stop for 6 s', async () => {
		const notes = page.locator('[data-note-id]');
		for (let n = 0; n < 6; n++) {
			const b = (await notes.nth(n).boundingBox())!;
			await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
			await page.mouse.down();
			for (let i = 0; i < 120; i++) {
				await page.mouse.move(b.x + b.width / 2 + i * 2, b.y + b.height / 2 + Math.sin(i / 10) * 40);
				await pause(page, 8);
			}
			await page.mouse.up();
		}
	});

	await measure('typing Thai fast (15 characters a second, 10 s)', async () => {
		await canvas.focus();
		await page.keyboard.press('n');
		await page.keyboard.type('ผู้สูงอายุต้องมาต่อคิวตั้งแต่ตีห้าเพราะกลัวบัตรคิวหมดก่อนเที่ยง'.repeat(3).slice(0, 150), { delay: 66 });
		await page.keyboard.press('Enter');
	});

	await measure('holding an arrow key on a selected note (key repeat, 4 s)', async () => {
		for (let i = 0; i < 130; i++) {
			await page.keyboard.press('ArrowRight');
			await pause(page, 30);
		}
	});

	await measure('adding ten notes as fast as a person can (N, a word, Enter)', async () => {
		for (let i = 0; i < 10; i++) {
			await canvas.focus();
			await page.keyboard.press('n');
			await page.keyboard.type(`ไอเดีย ${i}`, { delay: 20 });
			await page.keyboard.press('Enter');
		}
	});

	await measure('pasting 60 notes at once', async () => {
		await canvas.focus();
		await page.keyboard.press('ControlOrMeta+a');
		await page.keyboard.press('ControlOrMeta+c');
		await page.keyboard.press('ControlOrMeta+v');
	});

	await measure('holding Ctrl+Z (key repeat, 3 s)', async () => {
		await canvas.focus();
		for (let i = 0; i < 100; i++) {
			await page.keyboard.press('ControlOrMeta+z');
			await pause(page, 30);
		}
	});

	const config = readConfig({});
	console.log(`What one fast user's browser sends (Chromium, real board UI, production server), Node ${process.version}:`);
	console.log('| scenario | frames | busiest second: messages | busiest second: bytes |');
	console.log('| --- | ---: | ---: | ---: |');
	for (const r of results) console.log(`| ${r.scenario} | ${r.total} | ${r.messages} | ${(r.bytes / 1024).toFixed(1)} KiB |`);
	const all = peak(frames);
	console.log(`| whole session (${frames.length} frames) | | ${all.messages} | ${(all.bytes / 1024).toFixed(1)} KiB |`);
	console.log(
		`limits: ${config.collabRate.messagesPerSecond} messages/s (burst ${config.collabRate.messageBurst}), ` +
			`${(config.collabRate.bytesPerSecond / 1024).toFixed(0)} KiB/s (burst ${(config.collabRate.byteBurst / 1024).toFixed(0)} KiB)`
	);
} finally {
	await browser.close();
	await server?.stop();
	server?.cleanup();
}
