import { clampZoom, fitViewport, toBoard, visibleArea, type Rect, type Viewport } from './geometry.ts';
import { READABLE_ZOOM } from './participant.ts';

/**
 * How the canvas's view moves: wheel, keys, pinch, the first view and the view that brings a
 * note into reach. Plain maths over `Viewport` (geometry.ts), no DOM, so it is tested as such.
 */

/** Below this zoom a new note's editor is too small to type into: the view comes to the note. */
export const MIN_EDIT_ZOOM = 0.35;

/**
 * Below this zoom, and with more notes on screen than this, notes are painted on one <canvas>
 * instead of being DOM elements. Fewer notes stay DOM, drawn for reading from far out
 * (semantic zoom: larger, shorter text; sections with their counts).
 */
export const PAINT_BELOW_ZOOM = 0.3;
export const PAINT_ABOVE_NOTES = 300;

/** The factor of one press of + (and, inverted, of −). */
export const ZOOM_STEP = 1.25;

/** Below `READABLE_ZOOM` the board is drawn for reading from far out. */
export function isFar(zoom: number): boolean {
	return zoom < READABLE_ZOOM;
}

/** Notes are painted on one <canvas> only far out *and* with many of them on screen. */
export function isPainted(zoom: number, notesOnScreen: number): boolean {
	return zoom < PAINT_BELOW_ZOOM && notesOnScreen > PAINT_ABOVE_NOTES;
}

/** The zoom factor of a wheel step with Ctrl (a trackpad pinch or Ctrl+wheel). */
export function wheelZoomFactor(deltaY: number): number {
	// Pinches send small deltas, mouse wheels ~100 a notch: cap each step at ×1.65.
	return Math.exp(-Math.max(-50, Math.min(50, deltaY)) * 0.01);
}

/** A plain wheel scrolls the board; `deltaMode` 1 counts lines (about 20 px each). */
export function wheelPan(view: Viewport, deltaX: number, deltaY: number, deltaMode: number): Viewport {
	const scale = deltaMode === 1 ? 20 : 1;
	return panBy(view, deltaX * scale, deltaY * scale);
}

/** Moves the view by a distance in screen pixels. */
export function panBy(view: Viewport, sdx: number, sdy: number): Viewport {
	return { ...view, x: view.x + sdx / view.zoom, y: view.y + sdy / view.zoom };
}

/** The view while dragging the board: the board point first grabbed stays under the pointer. */
export function dragPanView(start: { x: number; y: number }, zoom: number, sdx: number, sdy: number): Viewport {
	return { zoom, x: start.x - sdx / zoom, y: start.y - sdy / zoom };
}

/** Two fingers on screen, as the pinch began: their distance, the zoom then, and the board point between them. */
export interface PinchStart {
	distance: number;
	zoom: number;
	anchor: { x: number; y: number };
}

export interface ScreenPoint {
	x: number;
	y: number;
}

/** A pinch begins with two fingers at screen points a and b (relative to the canvas). */
export function startPinch(view: Viewport, a: ScreenPoint, b: ScreenPoint): PinchStart {
	return { distance: Math.hypot(a.x - b.x, a.y - b.y), zoom: view.zoom, anchor: toBoard(view, (a.x + b.x) / 2, (a.y + b.y) / 2) };
}

/**
 * The view as two fingers move: the zoom follows the change of their distance since the pinch
 * began, and the board point first between them stays between them (so the fingers pan as they
 * zoom, and nothing drifts when one finger's move arrives before the other's).
 */
export function pinchView(pinch: PinchStart, a: ScreenPoint, b: ScreenPoint): Viewport {
	const distance = Math.hypot(a.x - b.x, a.y - b.y);
	const zoom = clampZoom(pinch.zoom * (distance / Math.max(pinch.distance, 1)));
	const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
	return { zoom, x: pinch.anchor.x - mid.x / zoom, y: pinch.anchor.y - mid.y / zoom };
}

/** The smallest move of the view that brings `rect` inside the screen, 40 px from its edges. */
export function keepInView(view: Viewport, width: number, height: number, rect: Rect): Viewport {
	const inner = visibleArea(view, width, height, -40);
	let { x, y } = view;
	if (rect.x < inner.x) x -= inner.x - rect.x;
	else if (rect.x + rect.w > inner.x + inner.w) x += rect.x + rect.w - (inner.x + inner.w);
	if (rect.y < inner.y) y -= inner.y - rect.y;
	else if (rect.y + rect.h > inner.y + inner.h) y += rect.y + rect.h - (inner.y + inner.h);
	return x === view.x && y === view.y ? view : { ...view, x, y };
}

/**
 * The first view: everything (`box`) if it can be read so (semantic zoom helps down to about
 * 25 %), else (a phone) `section`, the one to write in, at least at a readable zoom from its top left.
 */
export function firstView(box: Rect | null, section: Rect | null, width: number, height: number): Viewport {
	const all = fitViewport(box, width, height);
	if (all.zoom >= 0.25 || !section) return all;
	const view = fitViewport(section, width, height, 12);
	if (view.zoom >= 0.45) return view;
	return { zoom: READABLE_ZOOM, x: section.x - 12 / READABLE_ZOOM, y: section.y - 12 / READABLE_ZOOM };
}

/**
 * The view for writing a new note at board point (x, y) of a note `size`: unchanged when the note
 * can be typed into there, else centred on it at a zoom between readable and 100 %.
 */
export function viewForWriting(
	view: Viewport,
	x: number,
	y: number,
	width: number,
	height: number,
	size: { w: number; h: number },
	painted: boolean
): Viewport {
	if (view.zoom >= MIN_EDIT_ZOOM && !painted) return view;
	const zoom = Math.min(1, Math.max(READABLE_ZOOM, Math.min(width / (size.w * 1.6), height / (size.h * 1.6))));
	return { zoom, x: x - width / (2 * zoom), y: y - height / (2 * zoom) };
}
