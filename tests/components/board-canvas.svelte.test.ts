/// <reference types="@vitest/browser-playwright" />
import { afterEach, describe, expect, it } from 'vitest';
import { cdp, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { addNote, openVotingRound, READABLE_ZOOM } from '../../src/lib/board/index.ts';
import type { BoardSession } from '../../src/lib/client/board-session.svelte';
import CanvasHost from './CanvasHost.svelte';
import { drawnView, offlineSession } from './board-session.ts';

let sessions: BoardSession[] = [];

afterEach(() => {
	for (const session of sessions) session.destroy();
	sessions = [];
});

function board(options: { canFacilitate?: boolean } = {}) {
	const session = offlineSession(options);
	sessions.push(session);
	return session;
}

function write(session: BoardSession, text: string, x: number, y: number): string {
	let id = '';
	session.change((doc) => (id = addNote(doc, { text, x, y, author: session.me.id })));
	return id;
}

async function mount(session: BoardSession, size: { width?: number; height?: number } = {}) {
	const screen = await render(CanvasHost, { session, ...size });
	const canvas = screen.container.querySelector<HTMLElement>('.canvas')!;
	const world = screen.container.querySelector<HTMLElement>('.world')!;
	const noteEl = (id: string) => screen.container.querySelector<HTMLElement>(`[data-note-id="${id}"]`);
	// The first view is fitted once the offline copy has loaded and the canvas has a size.
	await expect.poll(() => drawnView(world).zoom !== 1 || drawnView(world).x !== -40).toBe(true);
	return { screen, canvas, world, noteEl };
}

/** Where a board point is on the page, as the world layer draws it. */
function onPage(canvas: HTMLElement, world: HTMLElement, point: { x: number; y: number }) {
	const view = drawnView(world);
	const rect = canvas.getBoundingClientRect();
	return { x: rect.left + (point.x - view.x) * view.zoom, y: rect.top + (point.y - view.y) * view.zoom };
}

describe('BoardCanvas', () => {
	it('draws each note where the view puts it', async () => {
		const session = board();
		const a = write(session, 'near', 0, 0);
		const b = write(session, 'far away', 1200, 700);
		const { canvas, world, noteEl } = await mount(session);
		for (const [id, x, y] of [
			[a, 0, 0],
			[b, 1200, 700]
		] as const) {
			const el = noteEl(id)!;
			const expected = onPage(canvas, world, { x, y });
			const box = el.getBoundingClientRect();
			expect(Math.abs(box.left - expected.x)).toBeLessThan(1.5);
			expect(Math.abs(box.top - expected.y)).toBeLessThan(1.5);
			expect(box.width).toBeCloseTo(180 * drawnView(world).zoom, 0);
		}
	});

	it('zooms about the pointer with Ctrl and the wheel', async () => {
		const session = board();
		const id = write(session, 'under the pointer', 300, 200);
		write(session, 'another', 900, 600);
		const { canvas, world, noteEl } = await mount(session);
		const before = drawnView(world);
		const el = noteEl(id)!;
		const box = el.getBoundingClientRect();
		const pointer = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
		const rect = canvas.getBoundingClientRect();
		const boardPoint = { x: before.x + (pointer.x - rect.left) / before.zoom, y: before.y + (pointer.y - rect.top) / before.zoom };

		await userEvent.keyboard('{Control>}');
		await userEvent.wheel(el, { delta: { y: -100 } });
		await userEvent.keyboard('{/Control}');

		await expect.poll(() => drawnView(world).zoom).toBeGreaterThan(before.zoom);
		const after = onPage(canvas, world, boardPoint);
		expect(Math.abs(after.x - pointer.x)).toBeLessThan(1);
		expect(Math.abs(after.y - pointer.y)).toBeLessThan(1);
	});

	it('zooms about the middle of two fingers as they pinch apart', async () => {
		const session = board();
		write(session, 'one', 0, 0);
		write(session, 'two', 800, 500);
		const { canvas, world } = await mount(session);
		const before = drawnView(world);
		const rect = canvas.getBoundingClientRect();
		const centre = { x: rect.left + 300, y: rect.top + 250 };
		const boardPoint = { x: before.x + 300 / before.zoom, y: before.y + 250 / before.zoom };
		// Real touch input through the browser: the page's coordinates, offset by the frame the test runs in.
		const frame = window.frameElement?.getBoundingClientRect() ?? { left: 0, top: 0, width: window.innerWidth };
		const scale = frame.width / window.innerWidth;
		const at = (dx: number) => [
			{ x: frame.left + (centre.x - dx) * scale, y: frame.top + centre.y * scale, id: 1 },
			{ x: frame.left + (centre.x + dx) * scale, y: frame.top + centre.y * scale, id: 2 }
		];
		const browser = cdp();
		await browser.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(50) });
		for (const dx of [60, 75, 90, 100]) await browser.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(dx) });
		await browser.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });

		await expect.poll(() => drawnView(world).zoom).toBeCloseTo(Math.min(3, before.zoom * 2), 1);
		const after = onPage(canvas, world, boardPoint);
		expect(Math.abs(after.x - centre.x)).toBeLessThan(2);
		expect(Math.abs(after.y - centre.y)).toBeLessThan(2);
	});

	it('moves the focus from note to note in reading order with Tab, selecting each', async () => {
		const session = board();
		const second = write(session, 'second on the row', 400, 0);
		const first = write(session, 'first on the row', 0, 10);
		const below = write(session, 'next row', 0, 400);
		const { canvas, noteEl } = await mount(session);
		canvas.focus();
		await userEvent.tab();
		expect(document.activeElement).toBe(noteEl(first));
		await userEvent.tab();
		expect(document.activeElement).toBe(noteEl(second));
		await userEvent.tab();
		expect(document.activeElement).toBe(noteEl(below));
		await expect.poll(() => noteEl(below)!.classList.contains('selected')).toBe(true);
		expect(noteEl(first)!.classList.contains('selected')).toBe(false);
	});

	it('moves the focused note with the arrow keys, five steps with Shift', async () => {
		const session = board();
		const id = write(session, 'nudge me', 100, 100);
		write(session, 'anchor', 700, 500);
		const { canvas, noteEl } = await mount(session);
		canvas.focus();
		await userEvent.tab();
		expect(document.activeElement).toBe(noteEl(id));
		await userEvent.keyboard('{ArrowRight}');
		await userEvent.keyboard('{Shift>}{ArrowDown}{/Shift}');
		await expect.poll(() => session.notes.get(id) && { x: session.notes.get(id)!.x, y: session.notes.get(id)!.y }).toEqual({ x: 110, y: 150 });
	});

	it('shows clamped, larger text below the readable zoom, and the whole text otherwise', async () => {
		const session = board();
		const long = 'A long note about the bus stop that nobody can find at night, written during the interview with the night market vendors';
		const id = write(session, long, 0, 0);
		// Fitted to 900 × 600 this board is drawn at about 45 %.
		write(session, 'far corner', 1500, 1000);
		const { screen, world, noteEl } = await mount(session, { width: 900, height: 600 });
		expect(drawnView(world).zoom).toBeLessThan(READABLE_ZOOM);
		expect(drawnView(world).zoom).toBeGreaterThan(0.3);
		const text = noteEl(id)!.querySelector<HTMLElement>('.far-text')!;
		expect(text.textContent).toBe(long);
		const style = getComputedStyle(text);
		expect(style.webkitLineClamp).toBe('3');
		// Drawn at least 12 px on screen, although 16 px text at this zoom would be smaller.
		const onScreen = parseFloat(style.fontSize) * drawnView(world).zoom;
		expect(onScreen).toBeGreaterThanOrEqual(11.9);
		expect(16 * drawnView(world).zoom).toBeLessThan(12);

		screen.container.querySelector<HTMLElement>('.canvas')!.focus();
		await userEvent.keyboard('1');
		await expect.poll(() => drawnView(world).zoom).toBe(1);
		expect(noteEl(id)?.querySelector('.far-text')).toBeNull();
	});

	it('casts a dot from the dot button at a low zoom, where the button stays a 24 px target', async () => {
		const session = board({ canFacilitate: true });
		const id = write(session, 'vote for me', 0, 0);
		write(session, 'far corner', 3000, 2000);
		session.facilitate((doc) => void openVotingRound(doc, { perPerson: 3, anonymous: false }));
		const { world, noteEl } = await mount(session);
		expect(drawnView(world).zoom).toBeLessThan(0.4);
		await expect.poll(() => noteEl(id)?.querySelector('.vote-button.add')).toBeTruthy();
		const button = noteEl(id)!.querySelector<HTMLButtonElement>('.vote-button.add')!;
		const box = button.getBoundingClientRect();
		expect(box.width).toBeGreaterThanOrEqual(23.5);
		expect(box.height).toBeGreaterThanOrEqual(23.5);
		await userEvent.click(button);
		await expect.poll(() => session.votes.get(id)?.get(session.me.id)).toBe(1);
		// Pressing the dot button casts a dot: it does not select the note.
		expect(noteEl(id)!.classList.contains('selected')).toBe(false);
	});

	it('makes a cluster of the selected notes from G and the name typed', async () => {
		const session = board();
		const a = write(session, 'bus', 0, 0);
		const b = write(session, 'train', 300, 0);
		const { canvas, noteEl } = await mount(session);
		canvas.focus();
		await userEvent.keyboard('{Control>}a{/Control}');
		await userEvent.keyboard('g');
		const dialog = document.querySelector<HTMLDialogElement>('.cluster-dialog')!;
		await expect.poll(() => dialog.open).toBe(true);
		await userEvent.type(dialog.querySelector('input')!, 'Transport');
		await userEvent.keyboard('{Enter}');
		await expect.poll(() => session.sections.find((s) => s.title === 'Transport')?.kind).toBe('cluster');
		const cluster = session.sections.find((s) => s.title === 'Transport')!;
		expect(session.notes.get(a)!.section).toBe(cluster.id);
		expect(session.notes.get(b)!.section).toBe(cluster.id);
		expect(dialog.open).toBe(false);
		expect(noteEl(a)).not.toBeNull();
	});

	it('paints a crowded board far out on one canvas, and draws notes again zoomed in', async () => {
		const session = board();
		session.change((doc) => {
			for (let i = 0; i < 320; i++) addNote(doc, { text: `idea ${i}`, x: (i % 20) * 220, y: Math.floor(i / 20) * 180, author: session.me.id });
		});
		const { screen, canvas, world } = await mount(session, { width: 900, height: 500 });
		// Fitted, the board is drawn below 30 %: too small and too many notes for the DOM.
		expect(drawnView(world).zoom).toBeLessThan(0.3);
		expect(screen.container.querySelector('canvas.paint')).not.toBeNull();
		expect(screen.container.querySelectorAll('[data-note-id]')).toHaveLength(0);
		canvas.focus();
		// Six presses of "=" (zoom in) about the middle pass 30 %.
		await userEvent.keyboard('======');
		await expect.poll(() => drawnView(world).zoom).toBeGreaterThan(0.3);
		await expect.poll(() => screen.container.querySelectorAll('[data-note-id]').length).toBeGreaterThan(0);
		expect(screen.container.querySelector('canvas.paint')).toBeNull();
	});
});
