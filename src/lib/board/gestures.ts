import { intersects, type Rect } from './geometry.ts';
import { NOTE_SIZE, type BoardNote } from './schema.ts';
import { SECTION_HEADER, type BoardSection } from './sections.ts';
import { sectionAt } from './sections.ts';
import type { NotePatch } from './notes.ts';

/**
 * The canvas's pointer gestures as a state machine over plain values: a gesture starts on
 * pointerdown (the canvas chooses which from what is under the pointer), each pointermove gives
 * the next state (`dragGesture`), and pointerup turns the last state into a change of the board
 * (`dropNotes`, …). Screen points (sx, sy) are pixels from the canvas's top left; dx, dy, w, h
 * are board units.
 */

/** A pointer must travel this far (screen px) before a press on a note becomes a drag, not a tap. */
export const DRAG_THRESHOLD = 4;
/** The smallest section a drag can make. */
export const MIN_SECTION = { w: 200, h: SECTION_HEADER + 80 };
/** A band smaller than this on screen (px) is a click on the empty board. */
export const BAND_CLICK = 3;

export type Gesture =
	| { kind: 'pan'; pointerId: number; sx: number; sy: number; vx: number; vy: number }
	| {
			kind: 'notes';
			pointerId: number;
			sx: number;
			sy: number;
			ids: string[];
			dx: number;
			dy: number;
			moved: boolean;
			clicked: string;
			shift: boolean;
			/** A finger tapped a note that was already the one selected: the tap edits it. */
			tapToEdit: boolean;
	  }
	| { kind: 'resize'; pointerId: number; id: string; sx: number; sy: number; w0: number; h0: number; w: number; h: number }
	| { kind: 'section'; pointerId: number; id: string; sx: number; sy: number; dx: number; dy: number }
	| { kind: 'section-resize'; pointerId: number; id: string; sx: number; sy: number; w0: number; h0: number; w: number; h: number }
	| { kind: 'band'; pointerId: number; sx: number; sy: number; x0: number; y0: number; x1: number; y1: number; base: Set<string> };

/**
 * The next state of a gesture as the pointer reaches screen point (sx, sy) at this zoom, with
 * `board` the board point there; the same gesture when nothing changes (a press on a note that
 * has not yet travelled `DRAG_THRESHOLD`). A pan's state does not change: see `dragPanView`.
 */
export function dragGesture(g: Gesture, sx: number, sy: number, zoom: number, board: { x: number; y: number }): Gesture {
	const dx = (sx - g.sx) / zoom;
	const dy = (sy - g.sy) / zoom;
	switch (g.kind) {
		case 'pan':
			return g;
		case 'notes':
			if (!g.moved && Math.hypot(sx - g.sx, sy - g.sy) < DRAG_THRESHOLD) return g;
			return { ...g, dx, dy, moved: true };
		case 'resize':
			return { ...g, w: Math.max(NOTE_SIZE.min, g.w0 + dx), h: Math.max(NOTE_SIZE.min, g.h0 + dy) };
		case 'section':
			return { ...g, dx, dy };
		case 'section-resize':
			return { ...g, w: Math.max(MIN_SECTION.w, g.w0 + dx), h: Math.max(MIN_SECTION.h, g.h0 + dy) };
		case 'band':
			return { ...g, x1: board.x, y1: board.y };
	}
}

/** The rectangle a selection band covers, in board units. */
export function bandRect(g: { x0: number; y0: number; x1: number; y1: number }): Rect {
	return { x: Math.min(g.x0, g.x1), y: Math.min(g.y0, g.y1), w: Math.abs(g.x1 - g.x0), h: Math.abs(g.y1 - g.y0) };
}

/** What a band selects: the notes it touches, added to what was selected before (Shift). */
export function bandSelection(notes: Iterable<Rect & { id: string }>, g: Extract<Gesture, { kind: 'band' }>): Set<string> {
	const rect = bandRect(g);
	const hit = new Set(g.base);
	for (const note of notes) if (intersects(note, rect)) hit.add(note.id);
	return hit;
}

/** A band that hardly moved, without Shift, was a click on the empty board: it clears the selection. */
export function bandIsClick(g: Extract<Gesture, { kind: 'band' }>, zoom: number): boolean {
	return Math.abs(g.x1 - g.x0) * zoom < BAND_CLICK && Math.abs(g.y1 - g.y0) * zoom < BAND_CLICK && g.base.size === 0;
}

/** How far a note is drawn from where it is stored while I drag it (or its section): null when it is not dragged. */
export function dragOffset(g: Gesture | null, note: Pick<BoardNote, 'id' | 'section'>): { dx: number; dy: number } | null {
	if (g?.kind === 'notes' && g.moved && g.ids.includes(note.id)) return { dx: g.dx, dy: g.dy };
	if (g?.kind === 'section' && note.section === g.id) return { dx: g.dx, dy: g.dy };
	return null;
}

/**
 * The board change a drop of notes makes: each note at its rounded new place, in the section
 * its centre lands in (or none).
 */
export function dropNotes(notes: Map<string, BoardNote>, sections: BoardSection[], ids: string[], dx: number, dy: number): Map<string, NotePatch> {
	const patches = new Map<string, NotePatch>();
	for (const id of ids) {
		const note = notes.get(id);
		if (!note) continue;
		const x = Math.round(note.x + dx);
		const y = Math.round(note.y + dy);
		patches.set(id, { x, y, section: sectionAt(sections, x + note.w / 2, y + note.h / 2)?.id ?? '' });
	}
	return patches;
}

/** Shift+press toggles a note in the selection; a press on an unselected note selects it alone. */
export function pressSelection(selected: Set<string>, id: string, shift: boolean): Set<string> {
	if (shift) {
		const next = new Set(selected);
		if (next.has(id)) next.delete(id);
		else next.add(id);
		return next;
	}
	return selected.has(id) ? selected : new Set([id]);
}
