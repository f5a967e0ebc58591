import { Raster } from '../feedback/poster/raster.ts';
import { encodePng } from '../feedback/poster/png.ts';
import { BACKGROUND, type Paint, type Scene } from './layout.ts';
import type { Picture } from './pictures.ts';

/**
 * A scene (layout.ts) as a PNG, drawn on the server without a browser by the poster's rasterizer
 * (feedback/poster/raster.ts): glyph outlines from fontkit, which shapes Thai with the font's
 * GSUB/GPOS tables, so tone marks above upper vowels stack as in a browser, and the PNG and the
 * PDF share one shaper and one layout. It needs no native package (resvg, canvas) and no font
 * files beyond the @fontsource package the pages already ship.
 *
 * Size is capped: a board is drawn at 1.5 px per board unit when small, and scaled down so that
 * neither side passes MAX_SIDE pixels nor the image MAX_PIXELS. Text smaller than GREEK_BELOW
 * pixels cannot be read anyway and is drawn as grey lines, which keeps a 2,000-note board fast.
 */

export const MAX_SIDE = 4000;
export const MAX_PIXELS = 12_000_000;
const BEST_SCALE = 1.5;
const GREEK_BELOW = 5;

/** Pixels per board unit for a scene of this size. */
export function pngScale(width: number, height: number): number {
	return Math.min(BEST_SCALE, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_PIXELS / (width * height)));
}

/** The image's size in pixels for a scene. */
export function pngSize(scene: Pick<Scene, 'width' | 'height'>): { width: number; height: number } {
	const scale = pngScale(scene.width, scene.height);
	return { width: Math.max(1, Math.round(scene.width * scale)), height: Math.max(1, Math.round(scene.height * scale)) };
}

/** The scene as a PNG; `pictures` are the board images' pixels by row id (an image without them keeps its placeholder). */
export function renderScenePng(scene: Scene, pictures: ReadonlyMap<string, Picture> = new Map()): Buffer {
	const scale = pngScale(scene.width, scene.height);
	const { width, height } = pngSize(scene);
	const raster = new Raster(width, height, BACKGROUND);
	const px = (x: number) => (x - scene.x) * scale;
	const py = (y: number) => (y - scene.y) * scale;
	for (const paint of scene.paints) {
		if (paint.kind !== 'image') draw(raster, paint, px, py, scale);
		else {
			const picture = pictures.get(paint.id);
			if (picture) drawPicture(raster, picture, px(paint.x), py(paint.y), paint.w * scale, paint.h * scale);
		}
	}
	return encodePng(raster.width, raster.height, raster.pixels, 6);
}

/**
 * A picture fitted inside the box (its proportions kept, centred, as the canvas shows it), each
 * pixel the average of the picture's pixels under it.
 */
export function drawPicture(raster: Raster, picture: Picture, x: number, y: number, w: number, h: number): void {
	const fit = Math.min(w / picture.width, h / picture.height);
	const dw = picture.width * fit;
	const dh = picture.height * fit;
	const left = Math.round(x + (w - dw) / 2);
	const top = Math.round(y + (h - dh) / 2);
	const width = Math.max(1, Math.round(dw));
	const height = Math.max(1, Math.round(dh));
	const stepX = picture.width / width;
	const stepY = picture.height / height;
	for (let ty = 0; ty < height; ty++) {
		const ry = top + ty;
		if (ry < 0 || ry >= raster.height) continue;
		const sy0 = Math.floor(ty * stepY);
		const sy1 = Math.max(sy0 + 1, Math.min(picture.height, Math.floor((ty + 1) * stepY)));
		for (let tx = 0; tx < width; tx++) {
			const rx = left + tx;
			if (rx < 0 || rx >= raster.width) continue;
			const sx0 = Math.floor(tx * stepX);
			const sx1 = Math.max(sx0 + 1, Math.min(picture.width, Math.floor((tx + 1) * stepX)));
			let r = 0;
			let g = 0;
			let b = 0;
			for (let sy = sy0; sy < sy1; sy++) {
				for (let sx = sx0; sx < sx1; sx++) {
					const i = (sy * picture.width + sx) * 3;
					r += picture.rgb[i]!;
					g += picture.rgb[i + 1]!;
					b += picture.rgb[i + 2]!;
				}
			}
			const n = (sy1 - sy0) * (sx1 - sx0);
			const o = (ry * raster.width + rx) * 3;
			raster.pixels[o] = Math.round(r / n);
			raster.pixels[o + 1] = Math.round(g / n);
			raster.pixels[o + 2] = Math.round(b / n);
		}
	}
}

function draw(raster: Raster, paint: Exclude<Paint, { kind: 'image' }>, px: (x: number) => number, py: (y: number) => number, scale: number): void {
	switch (paint.kind) {
		case 'rect':
			raster.fillRect(px(paint.x), py(paint.y), paint.w * scale, paint.h * scale, paint.fill);
			return;
		case 'frame': {
			const t = Math.max(1, paint.width * scale);
			const [x, y, w, h] = [px(paint.x), py(paint.y), paint.w * scale, paint.h * scale];
			raster.fillRect(x, y, w, t, paint.color);
			raster.fillRect(x, y + h - t, w, t, paint.color);
			raster.fillRect(x, y, t, h, paint.color);
			raster.fillRect(x + w - t, y, t, h, paint.color);
			return;
		}
		case 'text': {
			const size = paint.size * scale;
			if (size < GREEK_BELOW) {
				const grey: [number, number, number] = [
					Math.round((paint.color[0] + 2 * 200) / 3),
					Math.round((paint.color[1] + 2 * 200) / 3),
					Math.round((paint.color[2] + 2 * 200) / 3)
				];
				raster.fillRect(px(paint.x), py(paint.baseline) - size * 0.6, paint.line.width * scale, Math.max(0.5, size * 0.5), grey);
				return;
			}
			for (const run of paint.line.runs) raster.drawText(run.font, run.text, px(paint.x + run.x), py(paint.baseline), size, paint.color);
		}
	}
}
