import { boundingBox, fitViewport, toBoard, visibleArea, zoomAt, type Rect, type Viewport } from '$lib/board';
import { keepInView, panBy } from '$lib/board/viewport';

/**
 * The canvas's view of the board (reactive): where it looks, how far in, and the screen it is
 * drawn on. Every move the user makes goes through `byUser` first, so moving the view stops
 * following the facilitator (canvas-follow.svelte.ts). The maths is in board/viewport.ts.
 */
export class CanvasView {
	view = $state<Viewport>({ x: -40, y: -40, zoom: 1 });
	/** The canvas's size on screen (px); 0 until it is laid out. */
	width = $state(0);
	height = $state(0);
	readonly #byUser: () => void;

	constructor(byUser: () => void = () => {}) {
		this.#byUser = byUser;
	}

	/** The canvas has a size: views can be fitted to it. */
	get laidOut(): boolean {
		return this.width > 0 && this.height > 0;
	}

	/** The board area on screen, widened by `margin` screen px. */
	area(margin = 0): Rect {
		return visibleArea(this.view, this.width, this.height, margin);
	}

	toBoard(sx: number, sy: number): { x: number; y: number } {
		return toBoard(this.view, sx, sy);
	}

	/** Zooms by `factor` about a screen point (the middle of the canvas unless given). */
	zoomBy(factor: number, sx = this.width / 2, sy = this.height / 2): void {
		this.#byUser();
		this.view = zoomAt(this.view, factor, sx, sy);
	}

	/** Shows every rectangle of `rects`. */
	fit(rects: Iterable<Rect>): void {
		this.#byUser();
		this.view = fitViewport(boundingBox(rects), this.width, this.height);
	}

	/** Moves the view by screen pixels. */
	pan(sdx: number, sdy: number): void {
		this.#byUser();
		this.view = panBy(this.view, sdx, sdy);
	}

	/** The user takes the view in hand (a pan or a pinch begins): no more following. */
	takeOver(): void {
		this.#byUser();
	}

	/** Sets the view as the user asked for it. */
	goTo(view: Viewport): void {
		this.#byUser();
		this.view = view;
	}

	/** Moves the view as little as needed to show `rect` (a note moved by the keyboard). */
	reveal(rect: Rect): void {
		this.view = keepInView(this.view, this.width, this.height, rect);
	}
}
