import type { PosterFont } from './fonts.ts';

/**
 * A small RGB rasterizer for the PNG poster: filled rectangles and glyph outlines (non-zero
 * winding, 4 sub-scanlines per pixel with exact horizontal coverage). Enough for text and a QR
 * code without a native canvas or a headless browser on the server.
 */

export type Color = readonly [number, number, number];
type Point = [number, number];

const SUBSAMPLES = 4;

export class Raster {
	readonly width: number;
	readonly height: number;
	readonly pixels: Uint8Array;

	constructor(width: number, height: number, background: Color = [255, 255, 255]) {
		this.width = width;
		this.height = height;
		this.pixels = new Uint8Array(width * height * 3);
		if (width * height > 0) {
			// One pixel, then copies of what is filled so far (a board image has millions of pixels).
			this.pixels.set(background, 0);
			for (let filled = 3; filled < this.pixels.length; filled *= 2) this.pixels.copyWithin(filled, 0, Math.min(filled, this.pixels.length - filled));
		}
	}

	private blend(x: number, y: number, color: Color, alpha: number): void {
		if (alpha <= 0 || x < 0 || y < 0 || x >= this.width || y >= this.height) return;
		const a = Math.min(1, alpha);
		const i = (y * this.width + x) * 3;
		for (let c = 0; c < 3; c++) this.pixels[i + c] = Math.round(this.pixels[i + c]! * (1 - a) + color[c]! * a);
	}

	/** A rectangle in pixels; fractional edges are covered proportionally. */
	fillRect(x: number, y: number, w: number, h: number, color: Color): void {
		const x0 = Math.max(0, Math.floor(x));
		const y0 = Math.max(0, Math.floor(y));
		const x1 = Math.min(this.width, Math.ceil(x + w));
		const y1 = Math.min(this.height, Math.ceil(y + h));
		// Whole pixels inside are copied from one row of the colour; only the edges are blended.
		const ix0 = Math.max(x0, Math.ceil(x));
		const ix1 = Math.min(x1, Math.floor(x + w));
		const row = ix1 > ix0 ? new Uint8Array((ix1 - ix0) * 3) : null;
		if (row) {
			row.set(color, 0);
			for (let filled = 3; filled < row.length; filled *= 2) row.copyWithin(filled, 0, Math.min(filled, row.length - filled));
		}
		for (let py = y0; py < y1; py++) {
			const cy = Math.min(py + 1, y + h) - Math.max(py, y);
			const full = cy >= 1 && row !== null;
			if (full) this.pixels.set(row, (py * this.width + ix0) * 3);
			for (let px = x0; px < x1; px++) {
				if (full && px === ix0) px = ix1;
				if (px >= x1) break;
				const cx = Math.min(px + 1, x + w) - Math.max(px, x);
				this.blend(px, py, color, cx * cy);
			}
		}
	}

	/** Fills closed polygons (pixel coordinates) with the non-zero rule. */
	fillPolygons(polygons: readonly Point[][], color: Color): void {
		const edges: { x0: number; y0: number; x1: number; y1: number; dir: number }[] = [];
		let minX = Infinity;
		let minY = Infinity;
		let maxX = -Infinity;
		let maxY = -Infinity;
		for (const poly of polygons) {
			for (let i = 0; i < poly.length; i++) {
				const [ax, ay] = poly[i]!;
				const [bx, by] = poly[(i + 1) % poly.length]!;
				minX = Math.min(minX, ax);
				maxX = Math.max(maxX, ax);
				minY = Math.min(minY, ay);
				maxY = Math.max(maxY, ay);
				if (ay === by) continue;
				edges.push(ay < by ? { x0: ax, y0: ay, x1: bx, y1: by, dir: 1 } : { x0: bx, y0: by, x1: ax, y1: ay, dir: -1 });
			}
		}
		if (edges.length === 0) return;
		const left = Math.max(0, Math.floor(minX));
		const right = Math.min(this.width, Math.ceil(maxX) + 1);
		if (right <= left) return;
		const coverage = new Float32Array(right - left + 1);
		const crossings: { x: number; dir: number }[] = [];
		for (let py = Math.max(0, Math.floor(minY)); py < Math.min(this.height, Math.ceil(maxY)); py++) {
			coverage.fill(0);
			for (let s = 0; s < SUBSAMPLES; s++) {
				const sy = py + (s + 0.5) / SUBSAMPLES;
				crossings.length = 0;
				for (const e of edges) {
					if (sy < e.y0 || sy >= e.y1) continue;
					crossings.push({ x: e.x0 + ((sy - e.y0) * (e.x1 - e.x0)) / (e.y1 - e.y0), dir: e.dir });
				}
				crossings.sort((a, b) => a.x - b.x);
				let winding = 0;
				for (let i = 0; i < crossings.length - 1; i++) {
					winding += crossings[i]!.dir;
					if (winding !== 0) this.addSpan(coverage, left, crossings[i]!.x, crossings[i + 1]!.x);
				}
			}
			for (let i = 0; i < coverage.length; i++) this.blend(left + i, py, color, coverage[i]! / SUBSAMPLES);
		}
	}

	private addSpan(coverage: Float32Array, left: number, xa: number, xb: number): void {
		const a = Math.max(xa, left);
		const b = Math.min(xb, left + coverage.length - 1);
		if (b <= a) return;
		const ia = Math.floor(a);
		const ib = Math.floor(b);
		if (ia === ib) {
			coverage[ia - left]! += b - a;
			return;
		}
		coverage[ia - left]! += ia + 1 - a;
		for (let i = ia + 1; i < ib; i++) coverage[i - left]! += 1;
		if (ib - left < coverage.length) coverage[ib - left]! += b - ib;
	}

	/** Draws shaped text with its baseline at (x, baseline), `size` in pixels. */
	drawText(font: PosterFont, text: string, x: number, baseline: number, size: number, color: Color): void {
		const run = font.font.layout(text);
		const scale = size / font.font.unitsPerEm;
		let penX = 0;
		let penY = 0;
		run.glyphs.forEach((glyph, i) => {
			const pos = run.positions[i]!;
			const ox = x + (penX + pos.xOffset) * scale;
			const oy = baseline - (penY + pos.yOffset) * scale;
			const polygons = outline(glyph.path.commands, (gx, gy) => [ox + gx * scale, oy - gy * scale]);
			if (polygons.length) this.fillPolygons(polygons, color);
			penX += pos.xAdvance;
			penY += pos.yAdvance;
		});
	}
}

interface PathCommand {
	command: string;
	args: number[];
}

/** A glyph outline as polygons: curves flattened into short segments. */
function outline(commands: readonly PathCommand[], map: (x: number, y: number) => Point): Point[][] {
	const polygons: Point[][] = [];
	let current: Point[] = [];
	let lastRaw: [number, number] = [0, 0];
	const STEPS = 8;
	for (const { command, args } of commands) {
		switch (command) {
			case 'moveTo':
				if (current.length > 2) polygons.push(current);
				lastRaw = [args[0]!, args[1]!];
				current = [map(...lastRaw)];
				break;
			case 'lineTo':
				lastRaw = [args[0]!, args[1]!];
				current.push(map(...lastRaw));
				break;
			case 'quadraticCurveTo': {
				const [cx, cy, x, y] = args as [number, number, number, number];
				const [sx, sy] = lastRaw;
				for (let i = 1; i <= STEPS; i++) {
					const t = i / STEPS;
					const u = 1 - t;
					current.push(map(u * u * sx + 2 * u * t * cx + t * t * x, u * u * sy + 2 * u * t * cy + t * t * y));
				}
				lastRaw = [x, y];
				break;
			}
			case 'bezierCurveTo': {
				const [c1x, c1y, c2x, c2y, x, y] = args as [number, number, number, number, number, number];
				const [sx, sy] = lastRaw;
				for (let i = 1; i <= STEPS * 1.5; i++) {
					const t = i / (STEPS * 1.5);
					const u = 1 - t;
					current.push(
						map(
							u * u * u * sx + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * x,
							u * u * u * sy + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * y
						)
					);
				}
				lastRaw = [x, y];
				break;
			}
			case 'closePath':
				if (current.length > 2) polygons.push(current);
				current = [];
				break;
		}
	}
	if (current.length > 2) polygons.push(current);
	return polygons;
}
