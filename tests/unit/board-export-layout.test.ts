import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNote, listSections, seedBoardTemplate } from '../../src/lib/board/index.ts';
import { contentOf } from '../../src/lib/server/board-export/content.ts';
import { layoutBoard, wrapLines } from '../../src/lib/server/board-export/layout.ts';
import { MAX_PIXELS, MAX_SIDE, pngSize, renderScenePng } from '../../src/lib/server/board-export/png.ts';
import type { ExportWords } from '../../src/lib/server/board-export/words.ts';

const words = { sectionTitle: (s: { key: string }) => s.key } as unknown as ExportWords;
const lineText = (line: { runs: { text: string }[] }) => line.runs.map((r) => r.text).join('');

describe('wrapping note text', () => {
	it('breaks Thai between words, never wider than the note', () => {
		const lines = wrapLines('ผู้สูงอายุต้องรอคิวนานที่โรงพยาบาลประจำจังหวัด', { size: 15, weight: 'regular', maxWidth: 160, maxLines: 10 });
		expect(lines.length).toBeGreaterThan(1);
		for (const line of lines) expect(line.width).toBeLessThanOrEqual(160);
		expect(lines.map(lineText).join('')).toBe('ผู้สูงอายุต้องรอคิวนานที่โรงพยาบาลประจำจังหวัด');
		const words = new Set([...new Intl.Segmenter('th', { granularity: 'word' }).segment('ผู้สูงอายุต้องรอคิวนานที่โรงพยาบาลประจำจังหวัด')].map((s) => s.index));
		let at = 0;
		for (const line of lines.slice(0, -1)) {
			at += lineText(line).length;
			expect(words.has(at)).toBe(true);
		}
	});

	it('ends a cut text with an ellipsis within the width', () => {
		const lines = wrapLines('คำ '.repeat(200), { size: 15, weight: 'regular', maxWidth: 160, maxLines: 3 });
		expect(lines).toHaveLength(3);
		expect(lineText(lines[2]!).endsWith('…')).toBe(true);
		expect(lines[2]!.width).toBeLessThanOrEqual(160);
	});
});

describe('the board image', () => {
	it('keeps a 2,000-note board within the size cap and still draws it', () => {
		const doc = new Y.Doc();
		seedBoardTemplate(doc, 'ideate');
		const sections = listSections(doc);
		for (let i = 0; i < 2000; i++) addNote(doc, { text: `ไอเดียที่ ${i} ลดเวลารอคิว`, section: sections[i % sections.length]!.id, author: 'u' });
		const scene = layoutBoard(contentOf(doc, null)!, words);
		const size = pngSize(scene);
		expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(MAX_SIDE);
		expect(size.width * size.height).toBeLessThanOrEqual(MAX_PIXELS);
		const png = renderScenePng(scene);
		expect(png.readUInt32BE(16)).toBe(size.width);
		expect(png.readUInt32BE(20)).toBe(size.height);
	});
});
