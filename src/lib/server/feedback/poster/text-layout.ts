import { posterFont, scriptOf, type PosterFont, type Script, type Weight } from './fonts.ts';

/**
 * Lays out poster text: splits it into runs by script (see fonts.ts), measures them with the
 * fonts' own shaping, and wraps lines at word boundaries. Thai has no spaces between words, so
 * the break opportunities come from Intl.Segmenter, not from spaces.
 */

export interface Run {
	font: PosterFont;
	text: string;
	/** Left edge, relative to the line's start. */
	x: number;
	width: number;
}

export interface Line {
	runs: Run[];
	width: number;
}

const wordSegmenter = new Intl.Segmenter('th', { granularity: 'word' });
const graphemeSegmenter = new Intl.Segmenter('th', { granularity: 'grapheme' });

/** Splits text into runs of one script; spaces stay with the run they follow. */
function scriptRuns(text: string): { script: Script; text: string }[] {
	const runs: { script: Script; text: string }[] = [];
	for (const char of text) {
		const script = char === ' ' && runs.length > 0 ? runs[runs.length - 1]!.script : scriptOf(char);
		const last = runs[runs.length - 1];
		if (last && last.script === script) last.text += char;
		else runs.push({ script, text: char });
	}
	return runs;
}

/** The width of `text` at `size` points, in one weight. */
export function measure(text: string, size: number, weight: Weight): number {
	let width = 0;
	for (const run of scriptRuns(text)) {
		const { font } = posterFont(weight, run.script);
		width += (font.layout(run.text).advanceWidth * size) / font.unitsPerEm;
	}
	return width;
}

/** One line of text as runs of one script each, measured. */
export function toLine(text: string, size: number, weight: Weight): Line {
	const runs: Run[] = [];
	let x = 0;
	for (const part of scriptRuns(text)) {
		const font = posterFont(weight, part.script);
		const width = (font.font.layout(part.text).advanceWidth * size) / font.font.unitsPerEm;
		runs.push({ font, text: part.text, x, width });
		x += width;
	}
	return { runs, width: x };
}

/** Pieces a line may break between: words (and the spaces after them); a word too long for a line breaks between graphemes. */
function pieces(text: string, size: number, weight: Weight, maxWidth: number): string[] {
	const out: string[] = [];
	for (const { segment } of wordSegmenter.segment(text)) {
		if (measure(segment, size, weight) <= maxWidth) out.push(segment);
		else for (const { segment: g } of graphemeSegmenter.segment(segment)) out.push(g);
	}
	return out;
}

/** Wraps `text` into lines no wider than `maxWidth`, at most `maxLines` (the last one ends with "…" if cut). */
export function wrapText(text: string, options: { size: number; weight: Weight; maxWidth: number; maxLines?: number }): Line[] {
	const { size, weight, maxWidth } = options;
	const maxLines = options.maxLines ?? 20;
	const lines: string[] = [];
	let current = '';
	for (const paragraph of text.normalize('NFC').split(/\r?\n/)) {
		for (const piece of pieces(paragraph, size, weight, maxWidth)) {
			const candidate = current + piece;
			if (current && measure(candidate.trimEnd(), size, weight) > maxWidth) {
				lines.push(current.trimEnd());
				current = piece.trimStart();
			} else current = candidate;
		}
		lines.push(current.trimEnd());
		current = '';
	}
	let kept = lines.filter((l, i) => l.length > 0 || i < lines.length - 1);
	if (kept.length > maxLines) {
		kept = kept.slice(0, maxLines);
		let last = kept[maxLines - 1]!;
		while (last && measure(`${last}…`, size, weight) > maxWidth)
			last = [...graphemeSegmenter.segment(last)]
				.slice(0, -1)
				.map((s) => s.segment)
				.join('');
		kept[maxLines - 1] = `${last}…`;
	}
	return kept.map((l) => toLine(l, size, weight));
}

/** Distance from the top of a line box to its baseline, and the line height, at `size`. */
export function lineMetrics(size: number): { ascent: number; lineHeight: number } {
	const { font } = posterFont('regular', 'thai');
	const ascent = (font.ascent * size) / font.unitsPerEm;
	const descent = (-font.descent * size) / font.unitsPerEm;
	return { ascent, lineHeight: Math.max(size * 1.35, ascent + descent) };
}
