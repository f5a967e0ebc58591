import { SECTION_HEADER } from '../../board/sections.ts';
import { imageFileId } from '../../board/images.ts';
import type { BoardSection } from '../../board/schema.ts';
import { lineMetrics, measure, toLine, type Line } from '../feedback/poster/text-layout.ts';
import type { Weight } from '../feedback/poster/fonts.ts';
import type { Color } from '../feedback/poster/raster.ts';
import type { BoardContent, ExportNote } from './content.ts';
import type { ExportWords } from './words.ts';

/**
 * A board drawn once, as a list of paints in board units, for both the PNG and the PDF: sections
 * as titled frames, notes as coloured rectangles with their text wrapped inside (Thai breaks at
 * `Intl.Segmenter` word boundaries, widths measured with Sarabun's own shaping: the poster's
 * text-layout.ts), and each note's dots as a badge; images under the notes, each over a
 * placeholder with its description (what shows when its file cannot be drawn). The colours are
 * the board page's.
 */

export type Paint =
	| { kind: 'rect'; x: number; y: number; w: number; h: number; fill: Color }
	| { kind: 'frame'; x: number; y: number; w: number; h: number; color: Color; width: number }
	| { kind: 'text'; line: Line; x: number; baseline: number; size: number; color: Color }
	/** A board image (board/images.ts) by its stored row id; drawn over its placeholder when its file can be. */
	| { kind: 'image'; x: number; y: number; w: number; h: number; id: string };

export interface Scene {
	/** The area drawn, in board units (what the paints cover, with a margin). */
	x: number;
	y: number;
	width: number;
	height: number;
	paints: Paint[];
}

const NOTE_FILL: Record<string, Color> = {
	yellow: [0xff, 0xf2, 0xa8],
	orange: [0xff, 0xd8, 0xa8],
	pink: [0xff, 0xd1, 0xe3],
	purple: [0xe6, 0xdb, 0xff],
	blue: [0xd2, 0xe7, 0xff],
	green: [0xd5, 0xf2, 0xc9],
	gray: [0xe6, 0xe8, 0xe6]
};
const SECTION_FILL: Record<string, Color> = {
	sand: [0xfb, 0xf6, 0xea],
	mint: [0xea, 0xf6, 0xf0],
	sky: [0xea, 0xf2, 0xfb],
	rose: [0xfb, 0xee, 0xf0],
	lilac: [0xf3, 0xef, 0xfb],
	slate: [0xee, 0xf1, 0xf3]
};
export const BACKGROUND: Color = [0xf6, 0xf7, 0xf5];
const INK: Color = [0x1c, 0x24, 0x21];
const FRAME: Color = [0xd6, 0xd9, 0xd4];
const CLUSTER_FRAME: Color = [0x7a, 0x5c, 0xc0];
const NOTE_EDGE: Color = [0xc9, 0xc3, 0xa0];
const BADGE: Color = [0x0b, 0x5c, 0x4a];
const WHITE: Color = [255, 255, 255];
const PLACEHOLDER: Color = [0xe4, 0xe7, 0xe3];
const MUTED_INK: Color = [0x4d, 0x5a, 0x55];

const MARGIN = 40;
const NOTE_TEXT = 15;
const NOTE_PAD = 10;
const TITLE_TEXT = 20;
/** Bounds of a scene are kept within this many units a side, whatever a client wrote. */
const MAX_EXTENT = 200_000;

/** Lays out the sections, images and notes of `content` (the whole board, or one section). */
export function layoutBoard(content: BoardContent, words: ExportWords): Scene {
	const paints: Paint[] = [];
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	const cover = (x: number, y: number, w: number, h: number) => {
		minX = Math.min(minX, x);
		minY = Math.min(minY, y);
		maxX = Math.max(maxX, x + w);
		maxY = Math.max(maxY, y + h);
	};

	for (const s of content.sections) {
		cover(s.x, s.y, s.w, s.h);
		paints.push({ kind: 'rect', x: s.x, y: s.y, w: s.w, h: s.h, fill: SECTION_FILL[s.color] ?? SECTION_FILL.sand! });
		paints.push({ kind: 'frame', x: s.x, y: s.y, w: s.w, h: s.h, color: s.kind === 'cluster' ? CLUSTER_FRAME : FRAME, width: 2 });
		paints.push({ kind: 'rect', x: s.x, y: s.y + SECTION_HEADER, w: s.w, h: 1, fill: FRAME });
		sectionTitle(paints, s, words);
	}

	// Images under the notes, as on the canvas: a placeholder with the description, then the picture over it.
	for (const image of content.images ?? []) {
		cover(image.x, image.y, image.w, image.h);
		paints.push({ kind: 'rect', x: image.x, y: image.y, w: image.w, h: image.h, fill: PLACEHOLDER });
		paints.push({ kind: 'frame', x: image.x, y: image.y, w: image.w, h: image.h, color: FRAME, width: 1 });
		const { ascent: top, lineHeight: step } = lineMetrics(NOTE_TEXT);
		const lines = wrapLines(image.alt || words.images.undescribed, {
			size: NOTE_TEXT,
			weight: 'regular',
			maxWidth: Math.max(20, image.w - 2 * NOTE_PAD),
			maxLines: Math.max(1, Math.floor((image.h - 2 * NOTE_PAD) / step))
		});
		lines.forEach((line, i) =>
			paints.push({ kind: 'text', line, x: image.x + NOTE_PAD, baseline: image.y + NOTE_PAD + top + i * step, size: NOTE_TEXT, color: MUTED_INK })
		);
		const id = imageFileId(image.file);
		if (id) paints.push({ kind: 'image', x: image.x, y: image.y, w: image.w, h: image.h, id });
	}

	const { ascent, lineHeight } = lineMetrics(NOTE_TEXT);
	for (const n of content.notes) {
		cover(n.x, n.y, n.w, n.h);
		paints.push({ kind: 'rect', x: n.x, y: n.y, w: n.w, h: n.h, fill: NOTE_FILL[n.color] ?? NOTE_FILL.yellow! });
		paints.push({ kind: 'frame', x: n.x, y: n.y, w: n.w, h: n.h, color: NOTE_EDGE, width: 1 });
		const badge = n.dots ? 24 : 0;
		const maxLines = Math.max(1, Math.floor((n.h - 2 * NOTE_PAD - badge) / lineHeight));
		let baseline = n.y + NOTE_PAD + ascent;
		let lines = noteLines.get(n);
		if (!lines) {
			lines = wrapLines(n.text, { size: NOTE_TEXT, weight: 'regular', maxWidth: n.w - 2 * NOTE_PAD, maxLines });
			noteLines.set(n, lines);
		}
		for (const line of lines) {
			paints.push({ kind: 'text', line, x: n.x + NOTE_PAD, baseline, size: NOTE_TEXT, color: INK });
			baseline += lineHeight;
		}
		if (n.dots) dotsBadge(paints, n.dots, n.x + n.w - 6, n.y + n.h - 6);
	}

	if (!Number.isFinite(minX)) {
		minX = 0;
		minY = 0;
		maxX = 400;
		maxY = 200;
	}
	const x = minX - MARGIN;
	const y = minY - MARGIN;
	return {
		x,
		y,
		width: Math.min(MAX_EXTENT, maxX - minX + 2 * MARGIN),
		height: Math.min(MAX_EXTENT, maxY - minY + 2 * MARGIN),
		paints
	};
}

function sectionTitle(paints: Paint[], s: BoardSection, words: ExportWords): void {
	const { ascent, lineHeight } = lineMetrics(TITLE_TEXT);
	const [line] = wrapLines(words.sectionTitle(s), { size: TITLE_TEXT, weight: 'bold', maxWidth: s.w - 32, maxLines: 1 });
	if (line)
		paints.push({ kind: 'text', line, x: s.x + 16, baseline: s.y + (SECTION_HEADER - lineHeight) / 2 + ascent, size: TITLE_TEXT, color: INK });
}

/** A dark badge with the number of dots, its bottom-right corner at (right, bottom). */
function dotsBadge(paints: Paint[], dots: number, right: number, bottom: number): void {
	const size = 13;
	const [line] = wrapLines(String(dots), { size, weight: 'bold', maxWidth: 200, maxLines: 1 });
	if (!line) return;
	const { ascent, lineHeight } = lineMetrics(size);
	const w = Math.max(lineHeight, line.width + 12);
	const h = lineHeight + 2;
	paints.push({ kind: 'rect', x: right - w, y: bottom - h, w, h, fill: BADGE });
	paints.push({ kind: 'text', line, x: right - w + (w - line.width) / 2, baseline: bottom - h + 1 + ascent, size, color: WHITE });
}

// A note's lines, kept while its object lives: the PDF lays a note out for the overview and again
// for its section's page.
const noteLines = new WeakMap<ExportNote, Line[]>();

const words = new Intl.Segmenter('th', { granularity: 'word' });
const graphemes = new Intl.Segmenter('th', { granularity: 'grapheme' });
// Widths of words by size and weight: boards repeat words, and shaping is the slow part.
const widths = new Map<string, number>();

function width(text: string, size: number, weight: Weight): number {
	const key = `${weight} ${size} ${text}`;
	let w = widths.get(key);
	if (w === undefined) {
		if (widths.size > 100_000) widths.clear();
		w = measure(text, size, weight);
		widths.set(key, w);
	}
	return w;
}

/**
 * Wraps text into lines no wider than `maxWidth` at word boundaries (Thai ones from
 * Intl.Segmenter; a word too long for a line breaks between graphemes), at most `maxLines`, the
 * last one ending in "…" when cut. Like the poster's `wrapText`, but a line's width is the sum of
 * its words' (each measured once), so a board of thousands of notes lays out in well under a second.
 */
export function wrapLines(text: string, options: { size: number; weight: Weight; maxWidth: number; maxLines: number }): Line[] {
	const { size, weight, maxWidth, maxLines } = options;
	const lines: string[] = [];
	for (const paragraph of text.normalize('NFC').split(/\r?\n/)) {
		let current = '';
		let currentWidth = 0;
		for (const { segment } of words.segment(paragraph)) {
			const pieces = width(segment, size, weight) <= maxWidth ? [segment] : [...graphemes.segment(segment)].map((g) => g.segment);
			for (const piece of pieces) {
				const w = width(piece, size, weight);
				if (current && piece.trim() && currentWidth + w > maxWidth) {
					lines.push(current.trimEnd());
					current = piece;
					currentWidth = w;
				} else if (current || piece.trim()) {
					current += piece;
					currentWidth += w;
				}
			}
			if (lines.length > maxLines) break;
		}
		lines.push(current.trimEnd());
		if (lines.length > maxLines) break;
	}
	while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
	if (lines.length > maxLines) {
		lines.length = maxLines;
		const kept = [...graphemes.segment(lines[maxLines - 1]!)].map((g) => g.segment);
		while (kept.length > 0 && width(`${kept.join('')}…`, size, weight) > maxWidth) kept.pop();
		lines[maxLines - 1] = `${kept.join('').trimEnd()}…`;
	}
	return lines.map((l) => toLine(l, size, weight));
}
