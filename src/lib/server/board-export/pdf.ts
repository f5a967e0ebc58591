import PDFDocument from 'pdfkit';
import { allPosterFonts } from '../feedback/poster/fonts.ts';
import { lineMetrics, type Line } from '../feedback/poster/text-layout.ts';
import type { Color } from '../feedback/poster/raster.ts';
import { BACKGROUND, layoutBoard, wrapLines, type Paint, type Scene } from './layout.ts';
import type { BoardContent, ExportNames } from './content.ts';
import type { ExportWords } from './words.ts';

/**
 * A board as an A4 landscape PDF: a cover (board, project, stage, date in the reader's calendar,
 * the part exported), then the board fitted to a page, then, for a whole board, one page per
 * section so its notes can be read, then the notes' comments (when there are any). Vector and selectable: pdfkit with Sarabun embedded (the
 * poster's fonts), text laid out by the same code as the PNG (layout.ts). fontkit shapes Thai
 * with the font's GSUB/GPOS, so tone marks over upper vowels sit where Chromium puts them;
 * tests/integration/board-export.test.ts rasterises a page and compares it with Chromium.
 */

export const PAGE = { width: 841.89, height: 595.28 };
export const MARGIN = 36;
export const INK: Color = [0x1c, 0x24, 0x21];
export const MUTED: Color = [0x4d, 0x5a, 0x55];
const GREEN: Color = [0x0b, 0x5c, 0x4a];
const WHITE: Color = [255, 255, 255];

function hex(color: Color): string {
	return `#${color.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** The board images' files by row id, as stored (board-images/images.ts: readBoardImages). */
export type ImageFiles = ReadonlyMap<string, { bytes: Uint8Array; contentType: string }>;

export function renderBoardPdf(content: BoardContent, words: ExportWords, names: ExportNames, files: ImageFiles = new Map()): Promise<Buffer> {
	const { doc, done } = openPdf(`${words.cover.title} · ${words.cover.project}`);
	coverPage(doc, {
		brand: words.cover.brand,
		title: words.cover.title,
		rows: [
			[words.cover.projectLabel, words.cover.project],
			[words.cover.stageLabel, words.cover.stage],
			[words.cover.partLabel, words.cover.part],
			[words.cover.dateLabel, words.cover.date]
		],
		footnote: words.cover.notes
	});
	boardPages(doc, content, words, undefined, false, files);
	commentPages(doc, content, words, names);
	doc.end();
	return done;
}

/**
 * Every note that has comments, in reading order: the note's text, then its comments a line each
 * (a reply indented under what it answers), with their writers. A block that would cross the
 * bottom of the page starts the next one.
 */
export function commentPages(doc: PDFKit.PDFDocument, content: BoardContent, words: ExportWords, names: ExportNames): void {
	const notes = content.notes.filter((n) => n.comments.length > 0);
	if (notes.length === 0) return;
	const width = PAGE.width - 2 * MARGIN;
	const bottom = PAGE.height - MARGIN;
	let y = bottom;
	const place = (text: string, x: number, gap: number, options: Parameters<typeof textBlock>[4]) => {
		const height = wrapLines(text, options).length * lineMetrics(options.size).lineHeight;
		if (y + gap + height > bottom) {
			doc.addPage();
			y = textBlock(doc, words.comments, MARGIN, MARGIN - 12, { size: 16, weight: 'bold', color: INK, maxWidth: width, maxLines: 1 }) + 10;
			gap = 0;
		}
		y = textBlock(doc, text, x, y + gap, options);
	};
	for (const note of notes) {
		place(note.text, MARGIN, 14, { size: 13, weight: 'bold', color: INK, maxWidth: width, maxLines: 3 });
		for (const c of note.comments) {
			const indent = c.reply ? 40 : 16;
			const line = `${names.person(c.author) || words.someone}: ${c.text}`;
			place(line, MARGIN + indent, 4, { size: 12, weight: 'regular', color: c.reply ? MUTED : INK, maxWidth: width - indent, maxLines: 12 });
		}
	}
}

/** An A4 landscape document with the app's fonts; `done` resolves with its bytes once it is ended. */
export function openPdf(title: string): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
	const doc = new PDFDocument({
		size: 'A4',
		layout: 'landscape',
		margin: 0,
		autoFirstPage: false,
		info: { Title: title, Creator: 'Prachalab', Producer: 'Prachalab' },
		lang: 'th'
	});
	for (const font of allPosterFonts()) doc.registerFont(font.key, font.bytes);
	const chunks: Buffer[] = [];
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('data', (c: Buffer) => chunks.push(c));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	return { doc, done };
}

/**
 * The board fitted to a page, then, for a whole board, one page per section (and the loose notes);
 * with `onlyWithNotes`, none for a section without notes (a report's boards, where an empty
 * template section says nothing the overview does not).
 */
export function boardPages(
	doc: PDFKit.PDFDocument,
	content: BoardContent,
	words: ExportWords,
	heading?: string,
	onlyWithNotes = false,
	files: ImageFiles = new Map()
): void {
	const whole = layoutBoard(content, words);
	boardPage(doc, heading ?? (content.section ? words.cover.part : words.overview), whole, words, files);
	if (!content.section && content.sections.length > 1) {
		const inSection = (id: string) => content.sections.some((s) => s.id === id);
		for (const section of content.sections) {
			const notes = content.notes.filter((n) => n.section === section.id);
			const images = (content.images ?? []).filter((i) => i.section === section.id);
			if (onlyWithNotes && notes.length === 0 && images.length === 0) continue;
			boardPage(doc, words.sectionTitle(section), layoutBoard({ sections: [section], notes, section, images }, words), words, files);
		}
		const loose = content.notes.filter((n) => !inSection(n.section));
		const looseImages = (content.images ?? []).filter((i) => !inSection(i.section));
		if (loose.length > 0 || looseImages.length > 0) {
			boardPage(doc, words.looseNotes, layoutBoard({ sections: [], notes: loose, section: null, images: looseImages }, words), words, files);
		}
	}
}

/** Writes one line of text (wrapped to `maxWidth`, at most `maxLines`) with its top at `top`; returns the y below it. */
export function textBlock(
	doc: PDFKit.PDFDocument,
	text: string,
	x: number,
	top: number,
	options: { size: number; weight: 'regular' | 'bold'; color: Color; maxWidth: number; maxLines: number }
): number {
	const { ascent, lineHeight } = lineMetrics(options.size);
	let y = top;
	for (const line of wrapLines(text, options)) {
		drawLine(doc, line, x, y + ascent, options.size, options.color);
		y += lineHeight;
	}
	return y;
}

export interface Cover {
	brand: string;
	title: string;
	/** Label and value, one row each. */
	rows: [string, string][];
	footnote: string;
}

export function coverPage(doc: PDFKit.PDFDocument, cover: Cover): void {
	doc.addPage();
	const width = PAGE.width - 2 * MARGIN;
	doc.rect(0, 0, PAGE.width, 150).fill(hex(GREEN));
	let y = textBlock(doc, cover.brand, MARGIN + 12, 40, { size: 14, weight: 'bold', color: WHITE, maxWidth: width, maxLines: 1 });
	textBlock(doc, cover.title, MARGIN + 12, y + 6, { size: 34, weight: 'bold', color: WHITE, maxWidth: width - 24, maxLines: 1 });
	y = 190;
	for (const [label, value] of cover.rows) {
		textBlock(doc, label, MARGIN + 12, y + 3, { size: 14, weight: 'regular', color: MUTED, maxWidth: 180, maxLines: 1 });
		y = textBlock(doc, value, MARGIN + 200, y, { size: 18, weight: 'bold', color: INK, maxWidth: width - 200, maxLines: 3 }) + 14;
	}
	textBlock(doc, cover.footnote, MARGIN + 12, y + 10, { size: 14, weight: 'regular', color: MUTED, maxWidth: width, maxLines: 1 });
}

/** A page with a heading and the scene fitted below it. */
function boardPage(doc: PDFKit.PDFDocument, heading: string, scene: Scene, words: ExportWords, files: ImageFiles): void {
	doc.addPage();
	const top =
		textBlock(doc, heading, MARGIN, MARGIN - 12, { size: 16, weight: 'bold', color: INK, maxWidth: PAGE.width - 2 * MARGIN, maxLines: 1 }) + 6;
	const area = { x: MARGIN, y: top, w: PAGE.width - 2 * MARGIN, h: PAGE.height - top - MARGIN };
	if (scene.paints.length === 0) {
		textBlock(doc, words.empty, MARGIN, top + 20, { size: 14, weight: 'regular', color: MUTED, maxWidth: area.w, maxLines: 1 });
		return;
	}
	// Never enlarge past 1:1 (a small section stays at note size); shrink a large board to fit.
	const scale = Math.min(1, area.w / scene.width, area.h / scene.height);
	const offsetX = area.x + (area.w - scene.width * scale) / 2;
	doc.save();
	doc.translate(offsetX, area.y).scale(scale).translate(-scene.x, -scene.y);
	doc.rect(scene.x, scene.y, scene.width, scene.height).fill(hex(BACKGROUND));
	for (const paint of scene.paints) drawPaint(doc, paint, files);
	doc.restore();
}

/** pdfkit's opened image: `doc.image` takes it again without embedding it again (its types leave `openImage` out). */
type OpenedImage = { width: number; height: number };
// Each file embedded once per document, however many pages show it.
const embedded = new WeakMap<PDFKit.PDFDocument, Map<string, OpenedImage | null>>();

/** pdfkit embeds JPEG and PNG as they are (JPEG turned as its EXIF says); a WebP keeps its placeholder. */
function embeddedImage(doc: PDFKit.PDFDocument, id: string, files: ImageFiles): OpenedImage | null {
	let images = embedded.get(doc);
	if (!images) embedded.set(doc, (images = new Map()));
	if (!images.has(id)) {
		const file = files.get(id);
		let image: OpenedImage | null = null;
		if (file && (file.contentType === 'image/jpeg' || file.contentType === 'image/png')) {
			try {
				image = (doc as unknown as { openImage(src: Buffer): OpenedImage }).openImage(Buffer.from(file.bytes));
			} catch {
				image = null;
			}
		}
		images.set(id, image);
	}
	return images.get(id) ?? null;
}

function drawPaint(doc: PDFKit.PDFDocument, paint: Paint, files: ImageFiles): void {
	switch (paint.kind) {
		case 'image': {
			const image = embeddedImage(doc, paint.id, files);
			if (image) doc.image(image as unknown as Buffer, paint.x, paint.y, { fit: [paint.w, paint.h], align: 'center', valign: 'center' });
			return;
		}
		case 'rect':
			doc.rect(paint.x, paint.y, paint.w, paint.h).fill(hex(paint.fill));
			return;
		case 'frame':
			doc.rect(paint.x, paint.y, paint.w, paint.h).lineWidth(paint.width).stroke(hex(paint.color));
			return;
		case 'text':
			drawLine(doc, paint.line, paint.x, paint.baseline, paint.size, paint.color);
	}
}

/**
 * One line of shaped text, run by run. Glyphs carry the font's mark positioning (a tone mark
 * raised over an upper vowel), which text extractors read out of order or as a line of its own;
 * the line's characters as ActualText make copying and searching give back the words as written.
 */
function drawLine(doc: PDFKit.PDFDocument, line: Line, x: number, baseline: number, size: number, color: Color): void {
	doc.markContent('Span', { actual: line.runs.map((r) => r.text).join('') } as never);
	for (const run of line.runs) {
		doc
			.font(run.font.key)
			.fontSize(size)
			.fillColor(hex(color))
			.text(run.text, x + run.x, baseline, { lineBreak: false, baseline: 'alphabetic' });
	}
	doc.endMarkedContent();
}
