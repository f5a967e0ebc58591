import { moveSection, resizeSection, updateNote } from '$lib/board';
import { bandIsClick, bandSelection, dragGesture, dragOffset, pressSelection, type Gesture } from '$lib/board/gestures';
import { dragPanView, pinchView, startPinch, wheelPan, wheelZoomFactor, type PinchStart, type ScreenPoint } from '$lib/board/viewport';
import type { BoardSession } from './board-session.svelte';
import type { CanvasView } from './canvas-view.svelte';
import type { CanvasNotes } from './canvas-notes.svelte';
import type { CanvasPresence } from './canvas-presence.svelte';

/** Where a press began: never a gesture of the canvas (links, fields and buttons answer for themselves). */
const OWN_CONTROLS = 'a, textarea, input, button';

/**
 * Mouse, pen and touch on the canvas (reactive: the gesture under way is drawn by the layers):
 * pan (middle button, Space, one finger on the empty board), two-finger pinch, drag and resize
 * of notes and sections, the selection band, double-click (or tap) to write, and the wheel. The
 * gestures' states and their maths are plain (board/gestures.ts, board/viewport.ts); this class
 * reads the DOM event and writes the result to the view, the selection and the board.
 */
export class CanvasPointer {
	gesture = $state<Gesture | null>(null);
	/** Space is held: a press pans. */
	spaceHeld = false;
	readonly #touches = new Map<number, ScreenPoint>();
	#pinch: PinchStart | null = null;
	readonly #session: BoardSession;
	readonly #canvas: CanvasView;
	readonly #notes: CanvasNotes;
	readonly #presence: CanvasPresence;
	readonly #element: () => HTMLElement;
	readonly #onRename: (sectionId: string) => void;

	constructor(
		parts: { session: BoardSession; canvas: CanvasView; notes: CanvasNotes; presence: CanvasPresence },
		element: () => HTMLElement,
		onRename: (sectionId: string) => void
	) {
		this.#session = parts.session;
		this.#canvas = parts.canvas;
		this.#notes = parts.notes;
		this.#presence = parts.presence;
		this.#element = element;
		this.#onRename = onRename;
	}

	/** How far a note is drawn from its place: my drag, else someone else's. */
	offsetOf(note: { id: string; section: string }): { dx: number; dy: number } | null {
		return dragOffset(this.gesture, note) ?? this.#presence.drags.get(note.id) ?? null;
	}

	#screenPoint(event: { clientX: number; clientY: number }): { sx: number; sy: number } {
		const rect = this.#element().getBoundingClientRect();
		return { sx: event.clientX - rect.left, sy: event.clientY - rect.top };
	}

	#boardPoint(event: { clientX: number; clientY: number }): { x: number; y: number } {
		const { sx, sy } = this.#screenPoint(event);
		return this.#canvas.toBoard(sx, sy);
	}

	/** The two fingers on the canvas, relative to its top left. */
	#fingers(): [ScreenPoint, ScreenPoint] {
		const rect = this.#element().getBoundingClientRect();
		return [...this.#touches.values()].map((t) => ({ x: t.x - rect.left, y: t.y - rect.top })) as [ScreenPoint, ScreenPoint];
	}

	down = (event: PointerEvent): void => {
		if (event.button === 2) return;
		const target = event.target as Element;
		if (target.closest(OWN_CONTROLS)) return;
		const session = this.#session;
		const canvas = this.#canvas;
		const notes = this.#notes;
		if (event.pointerType === 'touch') {
			this.#touches.set(event.pointerId, { x: event.clientX, y: event.clientY });
			if (this.#touches.size === 2) {
				const [a, b] = this.#fingers();
				canvas.takeOver();
				this.#pinch = startPinch(canvas.view, a, b);
				this.gesture = null;
				return;
			}
		}
		const { sx, sy } = this.#screenPoint(event);
		const noteEl = target.closest<HTMLElement>('[data-note-id]');
		const resizeEl = target.closest<HTMLElement>('[data-resize]');
		const barEl = target.closest<HTMLElement>('[data-section-id]');
		const sectionResizeEl = target.closest<HTMLElement>('[data-section-resize]');
		const pointerId = event.pointerId;

		if (event.button === 1 || this.spaceHeld || (event.pointerType === 'touch' && !noteEl && !barEl && !sectionResizeEl)) {
			canvas.takeOver();
			this.gesture = { kind: 'pan', pointerId, sx, sy, vx: canvas.view.x, vy: canvas.view.y };
		} else if (resizeEl && session.editable) {
			const note = session.notes.get(resizeEl.dataset.resize!);
			if (!note || !session.mayChange(note)) return;
			this.gesture = { kind: 'resize', pointerId, id: note.id, sx, sy, w0: note.w, h0: note.h, w: note.w, h: note.h };
		} else if (noteEl) {
			const id = noteEl.dataset.noteId!;
			const onlySelected = notes.selected.size === 1 && notes.selected.has(id);
			notes.selected = pressSelection(notes.selected, id, event.shiftKey);
			const movable = notes.changeable(notes.selected);
			if (session.editable && notes.selected.has(id) && movable.length > 0) {
				this.gesture = {
					kind: 'notes',
					pointerId,
					sx,
					sy,
					ids: movable,
					dx: 0,
					dy: 0,
					moved: false,
					clicked: id,
					shift: event.shiftKey,
					tapToEdit: event.pointerType === 'touch' && onlySelected && !event.shiftKey
				};
			}
		} else if (sectionResizeEl && session.mayChangeSections) {
			const section = session.sections.find((s) => s.id === sectionResizeEl.dataset.sectionResize);
			if (!section) return;
			this.gesture = { kind: 'section-resize', pointerId, id: section.id, sx, sy, w0: section.w, h0: section.h, w: section.w, h: section.h };
		} else if (barEl && session.mayChangeSections) {
			this.gesture = { kind: 'section', pointerId, id: barEl.dataset.sectionId!, sx, sy, dx: 0, dy: 0 };
		} else {
			const point = canvas.toBoard(sx, sy);
			const base = event.shiftKey ? new Set(notes.selected) : new Set<string>();
			this.gesture = { kind: 'band', pointerId, sx, sy, x0: point.x, y0: point.y, x1: point.x, y1: point.y, base };
		}
		const element = this.#element();
		element.setPointerCapture(event.pointerId);
		if (this.gesture?.kind !== 'notes' && this.gesture?.kind !== 'resize') element.focus({ preventScroll: true });
	};

	move = (event: PointerEvent): void => {
		this.#presence.shareCursor(this.#boardPoint(event));
		const canvas = this.#canvas;
		if (event.pointerType === 'touch' && this.#touches.has(event.pointerId)) {
			this.#touches.set(event.pointerId, { x: event.clientX, y: event.clientY });
			if (this.#pinch && this.#touches.size === 2) {
				const [a, b] = this.#fingers();
				canvas.view = pinchView(this.#pinch, a, b);
				return;
			}
		}
		const g = this.gesture;
		if (!g || g.pointerId !== event.pointerId) return;
		const { sx, sy } = this.#screenPoint(event);
		if (g.kind === 'pan') {
			canvas.view = dragPanView({ x: g.vx, y: g.vy }, canvas.view.zoom, sx - g.sx, sy - g.sy);
			return;
		}
		const next = dragGesture(g, sx, sy, canvas.view.zoom, canvas.toBoard(sx, sy));
		if (next === g) return;
		this.gesture = next;
		if (next.kind === 'notes') this.#presence.shareDrag(next);
		if (next.kind === 'band') this.#notes.selected = bandSelection(this.#session.notes.values(), next);
	};

	up = (event: PointerEvent): void => {
		this.#touches.delete(event.pointerId);
		if (this.#touches.size < 2) this.#pinch = null;
		const g = this.gesture;
		if (!g || g.pointerId !== event.pointerId) return;
		this.gesture = null;
		const session = this.#session;
		const notes = this.#notes;
		switch (g.kind) {
			case 'notes':
				// A click (no drag) on one note of several selected selects just that one.
				if (!g.moved) {
					if (!g.shift && notes.selected.size > 1) notes.select([g.clicked]);
					if (g.tapToEdit) notes.edit(g.clicked);
					return;
				}
				notes.drop(g.ids, g.dx, g.dy);
				this.#presence.shareDrag(null);
				break;
			case 'resize':
				session.change((doc) => updateNote(doc, g.id, { w: Math.round(g.w), h: Math.round(g.h) }, session.index.notes));
				break;
			case 'section': {
				const section = session.sections.find((s) => s.id === g.id);
				if (section && (g.dx !== 0 || g.dy !== 0)) {
					session.change((doc) => moveSection(doc, g.id, Math.round(section.x + g.dx), Math.round(section.y + g.dy)));
				}
				break;
			}
			case 'section-resize':
				session.change((doc) => resizeSection(doc, g.id, g.w, g.h));
				break;
			case 'band':
				if (bandIsClick(g, this.#canvas.view.zoom)) notes.select([]);
				break;
		}
	};

	leave = (): void => {
		this.#presence.shareCursor(null);
	};

	doubleClick = (event: MouseEvent): void => {
		// Pointer capture (taken on pointerdown) retargets the click to the canvas itself: ask
		// what is really under the pointer.
		const target = document.elementFromPoint(event.clientX, event.clientY) ?? (event.target as Element);
		if (target.closest(OWN_CONTROLS)) return;
		const session = this.#session;
		if (!session.editable) return;
		const noteEl = target.closest<HTMLElement>('[data-note-id]');
		const barEl = target.closest<HTMLElement>('[data-section-id]');
		if (noteEl) {
			this.#notes.select([noteEl.dataset.noteId!]);
			this.#notes.edit(noteEl.dataset.noteId!);
		} else if (barEl) {
			if (session.mayChangeSections) this.#onRename(barEl.dataset.sectionId!);
		} else {
			const p = this.#boardPoint(event);
			this.#notes.createAt(p.x, p.y);
		}
	};

	/** Attached by hand (not passive), so it can keep the page from scrolling. */
	wheel = (event: WheelEvent): void => {
		event.preventDefault();
		const canvas = this.#canvas;
		// Trackpad pinch arrives as a wheel event with ctrlKey set.
		if (event.ctrlKey || event.metaKey) {
			const { sx, sy } = this.#screenPoint(event);
			canvas.zoomBy(wheelZoomFactor(event.deltaY), sx, sy);
		} else {
			canvas.goTo(wheelPan(canvas.view, event.deltaX, event.deltaY, event.deltaMode));
		}
	};
}
