import { describe, expect, it } from 'vitest';
import { NOTE_SIZE, type BoardNote, type BoardSection } from '../../src/lib/board/index.ts';
import {
	bandIsClick,
	bandRect,
	bandSelection,
	dragGesture,
	dragOffset,
	dropNotes,
	pressSelection,
	DRAG_THRESHOLD,
	MIN_SECTION,
	type Gesture
} from '../../src/lib/board/gestures.ts';

function note(id: string, x: number, y: number, section = ''): BoardNote {
	return { id, text: id, x, y, w: 180, h: 140, color: 'yellow', section, author: 'u1', created: 0 };
}

function section(id: string, x: number, y: number, w: number, h: number): BoardSection {
	return { id, title: id, key: '', kind: 'cluster', x, y, w, h, color: '' };
}

const nowhere = { x: 0, y: 0 };

function notesGesture(ids = ['a']): Extract<Gesture, { kind: 'notes' }> {
	return { kind: 'notes', pointerId: 1, sx: 100, sy: 100, ids, dx: 0, dy: 0, moved: false, clicked: ids[0]!, shift: false, tapToEdit: false };
}

function band(x0: number, y0: number, x1: number, y1: number, base = new Set<string>()): Extract<Gesture, { kind: 'band' }> {
	return { kind: 'band', pointerId: 1, sx: 0, sy: 0, x0, y0, x1, y1, base };
}

describe('dragging notes', () => {
	it('stays a tap until the pointer travels the drag threshold', () => {
		const g = notesGesture();
		expect(dragGesture(g, 100 + DRAG_THRESHOLD - 1, 100, 1, nowhere)).toBe(g);
		const moved = dragGesture(g, 100 + DRAG_THRESHOLD, 100, 1, nowhere);
		expect(moved).toMatchObject({ moved: true, dx: DRAG_THRESHOLD, dy: 0 });
	});

	it('measures the threshold on screen, whatever the zoom', () => {
		const g = notesGesture();
		expect(dragGesture(g, 102, 102, 0.2, nowhere)).toBe(g);
		expect(dragGesture(g, 110, 100, 0.2, nowhere)).toMatchObject({ moved: true, dx: 50 });
	});

	it('keeps following the pointer back under the threshold once moved', () => {
		const moved = dragGesture(notesGesture(), 120, 100, 1, nowhere);
		expect(dragGesture(moved, 101, 100, 1, nowhere)).toMatchObject({ moved: true, dx: 1 });
	});

	it('draws the dragged notes and the notes of a dragged section offset, and nothing else', () => {
		const moved = dragGesture(notesGesture(['a']), 140, 120, 2, nowhere);
		expect(dragOffset(moved, note('a', 0, 0))).toEqual({ dx: 20, dy: 10 });
		expect(dragOffset(moved, note('b', 0, 0))).toBeNull();
		expect(dragOffset(notesGesture(['a']), note('a', 0, 0))).toBeNull();
		const sectionDrag: Gesture = { kind: 'section', pointerId: 1, id: 's', sx: 0, sy: 0, dx: 5, dy: 6 };
		expect(dragOffset(sectionDrag, note('c', 0, 0, 's'))).toEqual({ dx: 5, dy: 6 });
		expect(dragOffset(null, note('c', 0, 0, 's'))).toBeNull();
	});

	it('drops notes at rounded places, each in the section its centre lands in', () => {
		const notes = new Map([
			['a', note('a', 0, 0)],
			['b', note('b', 400, 0, 's1')]
		]);
		const sections = [section('s1', 300, -100, 600, 400), section('s2', -500, 300, 400, 400)];
		const patches = dropNotes(notes, sections, ['a', 'b', 'gone'], -300.4, 400.6);
		expect(patches.get('a')).toEqual({ x: -300, y: 401, section: 's2' });
		expect(patches.get('b')).toEqual({ x: 100, y: 401, section: '' });
		expect(patches.has('gone')).toBe(false);
	});
});

describe('resizing', () => {
	it('resizes a note by board units, never below the smallest note', () => {
		const g: Gesture = { kind: 'resize', pointerId: 1, id: 'a', sx: 0, sy: 0, w0: 180, h0: 140, w: 180, h: 140 };
		expect(dragGesture(g, 40, 20, 2, nowhere)).toMatchObject({ w: 200, h: 150 });
		expect(dragGesture(g, -1000, -1000, 1, nowhere)).toMatchObject({ w: NOTE_SIZE.min, h: NOTE_SIZE.min });
	});

	it('keeps a section at least its smallest size', () => {
		const g: Gesture = { kind: 'section-resize', pointerId: 1, id: 's', sx: 0, sy: 0, w0: 600, h0: 400, w: 600, h: 400 };
		expect(dragGesture(g, -5000, -5000, 1, nowhere)).toMatchObject({ w: MIN_SECTION.w, h: MIN_SECTION.h });
	});
});

describe('the selection band', () => {
	it('follows the pointer in board units and covers the rectangle between its corners', () => {
		const g = dragGesture(band(100, 100, 100, 100), 0, 0, 1, { x: 20, y: 300 });
		expect(g).toMatchObject({ x1: 20, y1: 300 });
		expect(bandRect(g as Extract<Gesture, { kind: 'band' }>)).toEqual({ x: 20, y: 100, w: 80, h: 200 });
	});

	it('selects the notes it touches, added to the selection kept with Shift', () => {
		const notes = [note('a', 0, 0), note('b', 500, 0), note('c', 1000, 1000)];
		expect(bandSelection(notes, band(170, 130, 520, 10))).toEqual(new Set(['a', 'b']));
		expect(bandSelection(notes, band(900, 900, 950, 950, new Set(['a'])))).toEqual(new Set(['a']));
		expect(bandSelection(notes, band(900, 900, 1010, 1010, new Set(['a'])))).toEqual(new Set(['a', 'c']));
	});

	it('is a click on the empty board when it hardly moved on screen and Shift was not held', () => {
		expect(bandIsClick(band(0, 0, 2, 2), 1)).toBe(true);
		expect(bandIsClick(band(0, 0, 2, 2), 2)).toBe(false);
		expect(bandIsClick(band(0, 0, 0, 0, new Set(['a'])), 1)).toBe(false);
	});
});

describe('pressing a note', () => {
	it('selects an unselected note alone and keeps a selection that has it', () => {
		const selected = new Set(['a', 'b']);
		expect(pressSelection(selected, 'c', false)).toEqual(new Set(['c']));
		expect(pressSelection(selected, 'a', false)).toBe(selected);
	});

	it('toggles a note with Shift', () => {
		expect(pressSelection(new Set(['a', 'b']), 'a', true)).toEqual(new Set(['b']));
		expect(pressSelection(new Set(['a']), 'b', true)).toEqual(new Set(['a', 'b']));
	});
});
