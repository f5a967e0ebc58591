import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addNote,
	clusterNotes,
	deleteSection,
	getNote,
	listSections,
	moveSection,
	renameSection,
	sectionAt,
	seedBoardTemplate,
	STAGE_TEMPLATES,
	boardStage,
	linkify,
	fitViewport,
	zoomAt,
	toBoard,
	visibleArea,
	intersects
} from '../../src/lib/board/index.ts';
import { BOARD_STAGES } from '../../src/lib/domain/stages.ts';

describe('board sections and templates', () => {
	it('seeds each stage’s template once, as titled sections', () => {
		for (const stage of BOARD_STAGES) {
			const doc = new Y.Doc();
			expect(seedBoardTemplate(doc, stage)).toBe(true);
			expect(seedBoardTemplate(doc, stage)).toBe(false);
			expect(
				listSections(doc)
					.map((s) => s.key)
					.sort()
			).toEqual(STAGE_TEMPLATES[stage].map((s) => s.key).sort());
			expect(boardStage(doc)).toBe(stage);
		}
	});

	it('lays template sections out without overlaps', () => {
		for (const stage of BOARD_STAGES) {
			const doc = new Y.Doc();
			seedBoardTemplate(doc, stage);
			const sections = listSections(doc);
			for (const a of sections) for (const b of sections) if (a !== b) expect(intersects(a, b), `${stage}: ${a.key} × ${b.key}`).toBe(false);
		}
	});

	it('makes a named cluster around selected notes, and moves its notes with it', () => {
		const doc = new Y.Doc();
		const a = addNote(doc, { text: 'a', x: 100, y: 100, author: 'u' });
		const b = addNote(doc, { text: 'b', x: 400, y: 200, author: 'u' });
		const c = addNote(doc, { text: 'c', x: 2000, y: 2000, author: 'u' });
		const cluster = clusterNotes(doc, [a, b], 'คิวยาวตอนเช้า')!;
		const section = listSections(doc).find((s) => s.id === cluster)!;
		expect(section).toMatchObject({ title: 'คิวยาวตอนเช้า', kind: 'cluster' });
		expect(section.x).toBeLessThan(100);
		expect(section.x + section.w).toBeGreaterThan(580);
		expect(getNote(doc, a)!.section).toBe(cluster);
		moveSection(doc, cluster, section.x + 1000, section.y + 50);
		expect(getNote(doc, a)).toMatchObject({ x: 1100, y: 150 });
		expect(getNote(doc, b)).toMatchObject({ x: 1400, y: 250 });
		expect(getNote(doc, c)).toMatchObject({ x: 2000, y: 2000, section: '' });
		renameSection(doc, cluster, '  กลุ่มใหม่ ');
		expect(listSections(doc)[0]!.title).toBe('กลุ่มใหม่');
		deleteSection(doc, cluster);
		expect(getNote(doc, a)).toMatchObject({ x: 1100, section: '' });
		expect(listSections(doc)).toEqual([]);
	});

	it('finds the innermost section under a point', () => {
		const doc = new Y.Doc();
		seedBoardTemplate(doc, 'ideate');
		const brainstorm = listSections(doc).find((s) => s.key === 'brainstorm')!;
		const n = addNote(doc, { text: 'x', x: brainstorm.x + 50, y: brainstorm.y + 80, author: 'u' });
		const cluster = clusterNotes(doc, [n], 'c')!;
		const sections = listSections(doc);
		expect(sectionAt(sections, brainstorm.x + 60, brainstorm.y + 90)?.id).toBe(cluster);
		expect(sectionAt(sections, brainstorm.x + brainstorm.w - 5, brainstorm.y + brainstorm.h - 5)?.id).toBe(brainstorm.id);
		expect(sectionAt(sections, -5000, -5000)).toBeNull();
	});
});

describe('note text links', () => {
	it('links only http and https addresses, never javascript: or data:', () => {
		expect(linkify('ดู https://example.go.th/q?a=1, แล้ว javascript:alert(1) data:text/html,x')).toEqual([
			{ kind: 'text', text: 'ดู ' },
			{ kind: 'link', text: 'https://example.go.th/q?a=1', href: 'https://example.go.th/q?a=1' },
			{ kind: 'text', text: ', แล้ว javascript:alert(1) data:text/html,x' }
		]);
		expect(linkify('ไม่มีลิงก์')).toEqual([{ kind: 'text', text: 'ไม่มีลิงก์' }]);
	});
});

describe('board viewport geometry', () => {
	it('zooms around the pointer, keeping the board point under it in place', () => {
		const view = { x: 100, y: 50, zoom: 1 };
		const before = toBoard(view, 300, 200);
		const zoomed = zoomAt(view, 2, 300, 200);
		expect(zoomed.zoom).toBe(2);
		expect(toBoard(zoomed, 300, 200)).toEqual(before);
	});

	it('fits a box into the screen and shows all of it', () => {
		const box = { x: -500, y: 0, w: 3000, h: 1500 };
		const view = fitViewport(box, 1200, 800);
		const area = visibleArea(view, 1200, 800);
		expect(area.x).toBeLessThanOrEqual(box.x);
		expect(area.x + area.w).toBeGreaterThanOrEqual(box.x + box.w);
		expect(area.y + area.h).toBeGreaterThanOrEqual(box.y + box.h);
	});
});
