import { describe, expect, it } from 'vitest';
import { toBoard, MAX_ZOOM, MIN_ZOOM, READABLE_ZOOM, NOTE_SIZE, type Viewport } from '../../src/lib/board/index.ts';
import {
	dragPanView,
	firstView,
	isFar,
	isPainted,
	keepInView,
	panBy,
	pinchView,
	startPinch,
	viewForWriting,
	wheelPan,
	wheelZoomFactor,
	MIN_EDIT_ZOOM,
	PAINT_ABOVE_NOTES,
	PAINT_BELOW_ZOOM
} from '../../src/lib/board/viewport.ts';

const view: Viewport = { x: 100, y: 50, zoom: 1 };

describe('pinch', () => {
	it('keeps the board point between the two fingers where it was while zooming in', () => {
		const a = { x: 100, y: 200 };
		const b = { x: 300, y: 200 };
		const pinch = startPinch(view, a, b);
		const before = toBoard(view, 200, 200);
		// The fingers spread symmetrically to twice their distance.
		const next = pinchView(pinch, { x: 0, y: 200 }, { x: 400, y: 200 });
		expect(next.zoom).toBeCloseTo(2);
		const after = toBoard(next, 200, 200);
		expect(after.x).toBeCloseTo(before.x);
		expect(after.y).toBeCloseTo(before.y);
	});

	it('does not drift when one finger moves before the other', () => {
		const pinch = startPinch(view, { x: 100, y: 200 }, { x: 300, y: 200 });
		const centre = toBoard(view, 200, 200);
		// The browser reports one finger's move, then the other's.
		pinchView(pinch, { x: 0, y: 200 }, { x: 300, y: 200 });
		const next = pinchView(pinch, { x: 0, y: 200 }, { x: 400, y: 200 });
		expect(toBoard(next, 200, 200).x).toBeCloseTo(centre.x);
		expect(toBoard(next, 200, 200).y).toBeCloseTo(centre.y);
	});

	it('pans with the fingers: the board point first between them follows them', () => {
		const pinch = startPinch(view, { x: 100, y: 100 }, { x: 200, y: 100 });
		const grabbed = toBoard(view, 150, 100);
		const next = pinchView(pinch, { x: 160, y: 300 }, { x: 260, y: 300 });
		expect(next.zoom).toBeCloseTo(view.zoom);
		expect(toBoard(next, 210, 300).x).toBeCloseTo(grabbed.x);
		expect(toBoard(next, 210, 300).y).toBeCloseTo(grabbed.y);
	});

	it('follows the distance since the pinch began, not since the last move', () => {
		const pinch = startPinch(view, { x: 0, y: 0 }, { x: 100, y: 0 });
		expect(pinchView(pinch, { x: 0, y: 0 }, { x: 150, y: 0 }).zoom).toBeCloseTo(1.5);
		expect(pinchView(pinch, { x: 0, y: 0 }, { x: 150, y: 0 }).zoom).toBeCloseTo(1.5);
	});

	it('clamps the zoom at both ends', () => {
		const pinch = startPinch(view, { x: 0, y: 0 }, { x: 100, y: 0 });
		expect(pinchView(pinch, { x: 0, y: 0 }, { x: 10_000, y: 0 }).zoom).toBe(MAX_ZOOM);
		expect(pinchView(pinch, { x: 0, y: 0 }, { x: 1, y: 0 }).zoom).toBe(MIN_ZOOM);
	});

	it('does not break when both fingers start on the same point', () => {
		const pinch = startPinch(view, { x: 5, y: 5 }, { x: 5, y: 5 });
		const next = pinchView(pinch, { x: 0, y: 0 }, { x: 10, y: 0 });
		expect(Number.isFinite(next.zoom)).toBe(true);
		expect(Number.isFinite(next.x)).toBe(true);
	});
});

describe('wheel', () => {
	it('zooms in for a wheel turned up and out for one turned down', () => {
		expect(wheelZoomFactor(-100)).toBeGreaterThan(1);
		expect(wheelZoomFactor(100)).toBeLessThan(1);
		expect(wheelZoomFactor(0)).toBe(1);
	});

	it('caps one notch of a mouse wheel at ×1.65, while a trackpad pinch zooms a little', () => {
		expect(wheelZoomFactor(-1000)).toBeCloseTo(Math.exp(0.5));
		expect(wheelZoomFactor(-2)).toBeCloseTo(1.02, 2);
	});

	it('scrolls the board by screen pixels, lines counted as 20 px', () => {
		expect(wheelPan({ x: 0, y: 0, zoom: 2 }, 40, 0, 0)).toEqual({ x: 20, y: 0, zoom: 2 });
		expect(wheelPan({ x: 0, y: 0, zoom: 1 }, 0, 3, 1)).toEqual({ x: 0, y: 60, zoom: 1 });
	});
});

describe('panning', () => {
	it('moves the view by screen pixels at any zoom', () => {
		expect(panBy({ x: 10, y: 10, zoom: 0.5 }, 50, -50)).toEqual({ x: 110, y: -90, zoom: 0.5 });
	});

	it('keeps the board point first grabbed under the pointer while dragging', () => {
		const start = { x: 100, y: 100, zoom: 2 };
		const grabbed = toBoard(start, 300, 200);
		const next = dragPanView(start, start.zoom, 40, -30);
		expect(toBoard(next, 340, 170)).toEqual(grabbed);
	});
});

describe('keepInView', () => {
	it('leaves the view alone when the rectangle is well inside', () => {
		const v = { x: 0, y: 0, zoom: 1 };
		expect(keepInView(v, 800, 600, { x: 100, y: 100, w: 180, h: 140 })).toBe(v);
	});

	it('moves the view just enough to show a rectangle 40 px inside the right and bottom edges', () => {
		const next = keepInView({ x: 0, y: 0, zoom: 1 }, 800, 600, { x: 700, y: 500, w: 180, h: 140 });
		expect(next).toEqual({ x: 700 + 180 - 760, y: 500 + 140 - 560, zoom: 1 });
	});

	it('moves the view left and up for a rectangle past the left and top edges', () => {
		const next = keepInView({ x: 0, y: 0, zoom: 1 }, 800, 600, { x: -100, y: -20, w: 180, h: 140 });
		expect(next).toEqual({ x: -140, y: -60, zoom: 1 });
	});
});

describe('firstView', () => {
	it('shows everything when it can be read so', () => {
		const v = firstView({ x: 0, y: 0, w: 1200, h: 800 }, null, 1280, 800);
		expect(v.zoom).toBeGreaterThanOrEqual(0.25);
		const topLeft = toBoard(v, 0, 0);
		expect(topLeft.x).toBeLessThanOrEqual(0);
		expect(topLeft.y).toBeLessThanOrEqual(0);
	});

	it('on a phone shows the section to write in at a readable zoom, from its top left', () => {
		const section = { x: 2000, y: 1000, w: 1600, h: 1200 };
		const v = firstView({ x: 0, y: 0, w: 6000, h: 3000 }, section, 360, 600);
		expect(v.zoom).toBe(READABLE_ZOOM);
		expect(toBoard(v, 12, 12)).toEqual({ x: section.x, y: section.y });
	});

	it('fits the section when it can be read whole', () => {
		const section = { x: 2000, y: 1000, w: 400, h: 300 };
		const v = firstView({ x: 0, y: 0, w: 6000, h: 3000 }, section, 360, 600);
		expect(v.zoom).toBeGreaterThanOrEqual(0.45);
		expect(v.zoom).toBeLessThan(1.5);
	});
});

describe('semantic zoom', () => {
	it('reads from far out below the readable zoom only', () => {
		expect(isFar(READABLE_ZOOM)).toBe(false);
		expect(isFar(READABLE_ZOOM - 0.01)).toBe(true);
	});

	it('paints notes only far out and with many of them on screen', () => {
		expect(isPainted(PAINT_BELOW_ZOOM - 0.01, PAINT_ABOVE_NOTES + 1)).toBe(true);
		expect(isPainted(PAINT_BELOW_ZOOM - 0.01, PAINT_ABOVE_NOTES)).toBe(false);
		expect(isPainted(PAINT_BELOW_ZOOM, 10_000)).toBe(false);
	});
});

describe('viewForWriting', () => {
	it('keeps the view when a new note can be typed into where it is', () => {
		const v = { x: 0, y: 0, zoom: MIN_EDIT_ZOOM };
		expect(viewForWriting(v, 100, 100, 1280, 800, NOTE_SIZE, false)).toBe(v);
	});

	it('comes to the note at a readable zoom when too far out, or when notes are painted', () => {
		for (const [zoom, painted] of [
			[0.2, false],
			[0.5, true]
		] as const) {
			const v = viewForWriting({ x: 0, y: 0, zoom }, 5000, 3000, 1280, 800, NOTE_SIZE, painted);
			expect(v.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
			expect(v.zoom).toBeLessThanOrEqual(1);
			expect(toBoard(v, 640, 400)).toEqual({ x: 5000, y: 3000 });
		}
	});
});
