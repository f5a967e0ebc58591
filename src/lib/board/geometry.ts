/** Plain geometry for the board: rectangles, the viewport, free spots. No DOM. */

export interface Rect {
	x: number;
	y: number;
	w: number;
	h: number;
}

export interface Viewport {
	/** Board coordinates of the top-left corner of the screen. */
	x: number;
	y: number;
	/** Screen pixels per board unit. */
	zoom: number;
}

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 3;

export function intersects(a: Rect, b: Rect): boolean {
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

export function contains(outer: Rect, x: number, y: number): boolean {
	return x >= outer.x && x <= outer.x + outer.w && y >= outer.y && y <= outer.y + outer.h;
}

/** The smallest rectangle holding every one of `rects`, or null if there are none. */
export function boundingBox(rects: Iterable<Rect>): Rect | null {
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (const r of rects) {
		minX = Math.min(minX, r.x);
		minY = Math.min(minY, r.y);
		maxX = Math.max(maxX, r.x + r.w);
		maxY = Math.max(maxY, r.y + r.h);
	}
	if (minX === Infinity) return null;
	return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/** The board area a viewport shows on a screen of `width` × `height` pixels, widened by `margin` screen pixels. */
export function visibleArea(view: Viewport, width: number, height: number, margin = 0): Rect {
	return {
		x: view.x - margin / view.zoom,
		y: view.y - margin / view.zoom,
		w: (width + 2 * margin) / view.zoom,
		h: (height + 2 * margin) / view.zoom
	};
}

export function clampZoom(zoom: number): number {
	return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** Zooms by `factor` keeping the board point under screen point (sx, sy) in place. */
export function zoomAt(view: Viewport, factor: number, sx: number, sy: number): Viewport {
	const zoom = clampZoom(view.zoom * factor);
	const bx = view.x + sx / view.zoom;
	const by = view.y + sy / view.zoom;
	return { x: bx - sx / zoom, y: by - sy / zoom, zoom };
}

/**
 * The viewport that shows all of `box` centred on a `width` × `height` screen, with a margin,
 * zoomed in no further than `maxZoom`.
 */
export function fitViewport(box: Rect | null, width: number, height: number, padding = 40, maxZoom = 1.5): Viewport {
	if (!box || width <= 0 || height <= 0) return { x: -padding, y: -padding, zoom: 1 };
	const zoom = clampZoom(Math.min((width - 2 * padding) / Math.max(box.w, 1), (height - 2 * padding) / Math.max(box.h, 1), maxZoom));
	return {
		x: box.x + box.w / 2 - width / 2 / zoom,
		y: box.y + box.h / 2 - height / 2 / zoom,
		zoom
	};
}

/** Board coordinates of a screen point. */
export function toBoard(view: Viewport, sx: number, sy: number): { x: number; y: number } {
	return { x: view.x + sx / view.zoom, y: view.y + sy / view.zoom };
}

/**
 * The first spot for a `w` × `h` rectangle inside `area` (left to right, top to bottom, on a grid
 * with `gap`) that overlaps none of `taken`; below the area when it is full.
 */
export function freeSpot(area: Rect, taken: Rect[], w: number, h: number, gap = 16): { x: number; y: number } {
	const cols = Math.max(1, Math.floor((area.w - gap) / (w + gap)));
	const rows = Math.max(1, Math.floor((area.h - gap) / (h + gap)));
	const near = taken.filter((r) => intersects(r, { x: area.x - w, y: area.y - h, w: area.w + 2 * w, h: area.h + 2 * h }));
	for (let row = 0; row < rows + 200; row++) {
		for (let col = 0; col < cols; col++) {
			const spot = { x: area.x + gap + col * (w + gap), y: area.y + gap + row * (h + gap), w, h };
			if (!near.some((r) => intersects(r, spot)) && !(row >= rows && taken.some((r) => intersects(r, spot)))) {
				return { x: spot.x, y: spot.y };
			}
		}
	}
	return { x: area.x + gap, y: area.y + area.h + gap };
}
