import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { allPosterFonts } from './fonts.ts';
import { lineMetrics, wrapText, type Line } from './text-layout.ts';
import { Raster, type Color } from './raster.ts';
import { encodePng } from './png.ts';

/**
 * The printable poster of a feedback round: what it is about, a QR code and the short link,
 * laid out once on an A4 page and drawn twice, as PDF (vector, for printing) and as PNG (for
 * LINE, Facebook, a screen at the counter). The words come in from the route, in its language.
 */

export interface PosterContent {
	/** "ประชาแล็บ · Prachalab" */
	brand: string;
	/** The call to action, e.g. "ช่วยเราปรับปรุงบริการนี้". */
	headline: string;
	/** The same in the second language, if the round offers one. */
	headlineSecond?: string;
	title: string;
	titleSecond?: string;
	/** "Scan the code or type the link". */
	scanLine: string;
	/** What the QR code opens (tagged as the QR channel). */
	qrUrl: string;
	/** The link as printed, short enough to type: host/f/slug. */
	shortLink: string;
	/** Small lines under the link: no account needed, open until… */
	details: string[];
	footer: string;
	/** The PDF's title in its metadata. */
	documentTitle: string;
}

type Item =
	| { kind: 'rect'; x: number; y: number; w: number; h: number; color: Color }
	| { kind: 'text'; line: Line; x: number; baseline: number; size: number; color: Color }
	| { kind: 'qr'; x: number; y: number; size: number; modules: { size: number; data: Uint8Array } };

export interface PosterLayout {
	width: number;
	height: number;
	items: Item[];
}

// A4 in PostScript points.
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const GREEN: Color = [0x0b, 0x5c, 0x4a];
const WHITE: Color = [255, 255, 255];
const INK: Color = [0x1c, 0x24, 0x21];
const MUTED: Color = [0x4d, 0x5a, 0x55];

/** Places every element of the poster on the page. */
export function layoutPoster(content: PosterContent): PosterLayout {
	const items: Item[] = [];
	const maxWidth = PAGE.width - 2 * MARGIN;
	let y = 0;

	const block = (
		text: string,
		size: number,
		weight: 'regular' | 'bold',
		color: Color,
		align: 'left' | 'center',
		maxLines: number,
		gapAfter: number
	) => {
		if (!text) return;
		const { ascent, lineHeight } = lineMetrics(size);
		for (const line of wrapText(text, { size, weight, maxWidth, maxLines })) {
			const x = align === 'center' ? (PAGE.width - line.width) / 2 : MARGIN;
			items.push({ kind: 'text', line, x, baseline: y + ascent, size, color });
			y += lineHeight;
		}
		y += gapAfter;
	};

	// The green band with the call to action.
	const bandStart = items.length;
	items.push({ kind: 'rect', x: 0, y: 0, w: PAGE.width, h: 0, color: GREEN });
	y = 30;
	block(content.brand, 13, 'bold', WHITE, 'left', 1, 6);
	block(content.headline, 30, 'bold', WHITE, 'left', 2, 0);
	block(content.headlineSecond ?? '', 17, 'regular', WHITE, 'left', 2, 0);
	y += 22;
	(items[bandStart] as Extract<Item, { kind: 'rect' }>).h = y;
	y += 26;

	block(content.title, 22, 'bold', INK, 'left', 3, 0);
	block(content.titleSecond ?? '', 15, 'regular', MUTED, 'left', 2, 0);
	y += 14;

	const qr = QRCode.create(content.qrUrl, { errorCorrectionLevel: 'M' });
	const quiet = 4;
	const cells = qr.modules.size + 2 * quiet;
	const footerSpace = 150;
	const qrSize = Math.min(310, PAGE.height - y - footerSpace - 150);
	const cell = qrSize / cells;
	items.push({
		kind: 'qr',
		x: (PAGE.width - qrSize) / 2 + quiet * cell,
		y: y + quiet * cell,
		size: qr.modules.size * cell,
		modules: { size: qr.modules.size, data: qr.modules.data }
	});
	y += qrSize + 6;

	block(content.scanLine, 14, 'regular', MUTED, 'center', 2, 2);
	block(content.shortLink, 26, 'bold', GREEN, 'center', 2, 10);
	for (const detail of content.details) block(detail, 13, 'regular', INK, 'center', 2, 2);

	// The footer sits at the bottom of the page, whatever came before it.
	const { ascent, lineHeight } = lineMetrics(10);
	const footerLines = wrapText(content.footer, { size: 10, weight: 'regular', maxWidth, maxLines: 3 });
	let fy = PAGE.height - MARGIN / 2 - footerLines.length * lineHeight;
	items.push({ kind: 'rect', x: MARGIN, y: fy - 10, w: maxWidth, h: 0.75, color: [0xc9, 0xd1, 0xcd] });
	for (const line of footerLines) {
		items.push({ kind: 'text', line, x: MARGIN, baseline: fy + ascent, size: 10, color: MUTED });
		fy += lineHeight;
	}
	return { width: PAGE.width, height: PAGE.height, items };
}

function hex(color: Color): string {
	return `#${color.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** The poster as a one-page A4 PDF with the fonts embedded (subset). */
export function renderPosterPdf(content: PosterContent): Promise<Buffer> {
	const layout = layoutPoster(content);
	const doc = new PDFDocument({
		size: 'A4',
		margin: 0,
		info: { Title: content.documentTitle, Creator: 'Prachalab', Producer: 'Prachalab' },
		lang: 'th'
	});
	for (const font of allPosterFonts()) doc.registerFont(font.key, font.bytes);
	const chunks: Buffer[] = [];
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('data', (c: Buffer) => chunks.push(c));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	for (const item of layout.items) {
		if (item.kind === 'rect') doc.rect(item.x, item.y, item.w, item.h).fill(hex(item.color));
		else if (item.kind === 'text') {
			for (const run of item.line.runs) {
				doc
					.font(run.font.key)
					.fontSize(item.size)
					.fillColor(hex(item.color))
					.text(run.text, item.x + run.x, item.baseline, { lineBreak: false, baseline: 'alphabetic' });
			}
		} else {
			const cell = item.size / item.modules.size;
			for (let r = 0; r < item.modules.size; r++) {
				// One rectangle per horizontal run of dark modules keeps the file small.
				let c = 0;
				while (c < item.modules.size) {
					if (!item.modules.data[r * item.modules.size + c]) {
						c++;
						continue;
					}
					const start = c;
					while (c < item.modules.size && item.modules.data[r * item.modules.size + c]) c++;
					doc.rect(item.x + start * cell, item.y + r * cell, (c - start) * cell, cell);
				}
			}
			doc.fill('#000000');
		}
	}
	doc.end();
	return done;
}

/** The poster as a PNG at `dpi` (150 by default: sharp on screens, fine for printing). */
export function renderPosterPng(content: PosterContent, dpi = 150): Buffer {
	const layout = layoutPoster(content);
	const scale = dpi / 72;
	const raster = new Raster(Math.round(layout.width * scale), Math.round(layout.height * scale));
	for (const item of layout.items) {
		if (item.kind === 'rect') raster.fillRect(item.x * scale, item.y * scale, item.w * scale, item.h * scale, item.color);
		else if (item.kind === 'text') {
			for (const run of item.line.runs)
				raster.drawText(run.font, run.text, (item.x + run.x) * scale, item.baseline * scale, item.size * scale, item.color);
		} else {
			// Whole pixels per module, so the code stays crisp for cameras.
			const n = item.modules.size;
			const cell = Math.max(1, Math.floor((item.size * scale) / n));
			const x0 = Math.round(item.x * scale + (item.size * scale - cell * n) / 2);
			const y0 = Math.round(item.y * scale + (item.size * scale - cell * n) / 2);
			for (let r = 0; r < n; r++) {
				for (let c = 0; c < n; c++) if (item.modules.data[r * n + c]) raster.fillRect(x0 + c * cell, y0 + r * cell, cell, cell, [0, 0, 0]);
			}
		}
	}
	return encodePng(raster.width, raster.height, raster.pixels);
}
