import { addNote, deleteNotes, sectionAt, updateNote, updateNotes, NOTE_SIZE, type BoardNote, type NotePatch } from '$lib/board';
import { dropNotes } from '$lib/board/gestures';
import { viewForWriting } from '$lib/board/viewport';
import type { BoardSession } from './board-session.svelte';
import type { HistoryMark } from './private-notes';
import type { CanvasView } from './canvas-view.svelte';

/**
 * What I do to notes on the canvas (reactive): which are selected, which one I am writing in,
 * and the changes (add, write, move, recolour, delete) made through the session, on the notes I
 * may change only.
 */
export class CanvasNotes {
	selected = $state<Set<string>>(new Set());
	editingId = $state<string | null>(null);
	/** The note I just added and have not written in yet: it goes if I leave it empty. */
	newNoteId: string | null = null;
	/** Where my writing in the open editor started on the undo stack: its sends are one step. */
	#writingFrom: HistoryMark | null = null;
	readonly #session: BoardSession;
	readonly #canvas: CanvasView;
	readonly #focus: { canvas: () => void; note: (id: string) => void; painted: () => boolean };

	constructor(session: BoardSession, canvas: CanvasView, focus: { canvas: () => void; note: (id: string) => void; painted: () => boolean }) {
		this.#session = session;
		this.#canvas = canvas;
		this.#focus = focus;
	}

	/** The selected notes that still exist. */
	get selectedNotes(): BoardNote[] {
		const notes = this.#session.notes;
		return [...this.selected].map((id) => notes.get(id)).filter((n): n is BoardNote => !!n);
	}

	select(ids: Iterable<string>): void {
		this.selected = new Set(ids);
	}

	/** Of `ids`, the notes I may change (a guest: their own, unless the facilitator allows more). */
	changeable(ids: Iterable<string>): string[] {
		const session = this.#session;
		return [...ids].filter((id) => {
			const note = session.notes.get(id);
			return note !== undefined && session.mayChange(note);
		});
	}

	/** Opens the editor of a note I may change; false when I may not. */
	edit(id: string): boolean {
		const note = this.#session.notes.get(id);
		if (!note || !this.#session.mayChange(note)) return false;
		this.editingId = note.id;
		this.#writingFrom = this.#session.historyMark();
		return true;
	}

	/** Adds a note centred on board point (x, y) and opens its editor, bringing the view to it when too far out to type. */
	createAt(x: number, y: number): void {
		const session = this.#session;
		if (!session.editable) return;
		const canvas = this.#canvas;
		const view = viewForWriting(canvas.view, x, y, canvas.width, canvas.height, NOTE_SIZE, this.#focus.painted());
		if (view !== canvas.view) canvas.goTo(view);
		const section = sectionAt(session.sections, x, y);
		let id = '';
		session.change((doc) => {
			id = addNote(doc, {
				text: '',
				x: Math.round(x - NOTE_SIZE.w / 2),
				y: Math.round(y - NOTE_SIZE.h / 2),
				section: section?.id,
				author: session.me.id
			});
		});
		this.newNoteId = id;
		this.select([id]);
		this.editingId = id;
		this.#writingFrom = session.historyMark();
	}

	/** Adds a note in the middle of the view. */
	addInView(): void {
		const centre = this.#canvas.toBoard(this.#canvas.width / 2, this.#canvas.height / 2);
		// Stagger, so pressing N repeatedly does not stack notes exactly on top of each other.
		const jitter = (this.#session.notes.size % 5) * 24;
		this.createAt(centre.x + jitter, centre.y + jitter);
	}

	commitText(id: string, text: string): void {
		const session = this.#session;
		session.change((doc) => updateNote(doc, id, { text }, session.index.notes));
	}

	finishEditing(id: string, text: string): void {
		if (this.editingId !== id) return;
		this.editingId = null;
		// A note whose editor closes empty goes: no "(empty note)" is left on anyone's board.
		if (text.trim() === '') {
			this.#session.change((doc) => deleteNotes(doc, [id]));
			this.select([]);
			this.#focus.canvas();
		} else {
			this.commitText(id, text);
			if (this.#writingFrom) this.#session.joinHistory(this.#writingFrom);
			this.#focus.note(id);
		}
		this.#writingFrom = null;
		this.newNoteId = null;
	}

	deleteSelected(): void {
		const ids = this.changeable(this.selected);
		if (ids.length === 0) return;
		this.#session.change((doc) => deleteNotes(doc, ids));
		this.select([]);
		this.#focus.canvas();
	}

	colorSelected(color: string): void {
		const session = this.#session;
		const patches = new Map<string, NotePatch>(this.changeable(this.selected).map((id) => [id, { color }]));
		session.change((doc) => updateNotes(doc, patches, session.index.notes));
	}

	/** Moves the selected notes by board units (the keyboard), keeping the first in view. */
	moveSelected(dx: number, dy: number): void {
		const moved = this.selectedNotes[0];
		this.drop(this.changeable(this.selected), dx, dy);
		if (moved) this.#canvas.reveal({ ...moved, x: moved.x + dx, y: moved.y + dy });
	}

	/** Puts notes down (dx, dy) from where they are, each in the section it lands in. */
	drop(ids: string[], dx: number, dy: number): void {
		const session = this.#session;
		const patches = dropNotes(session.notes, session.sections, ids, dx, dy);
		session.change((doc) => updateNotes(doc, patches, session.index.notes));
	}

	/** Leaving the canvas while a new note is still empty removes it. */
	dropUnwritten(): void {
		const id = this.newNoteId;
		const session = this.#session;
		if (id && !session.index.notes.get(id)?.text.trim()) session.change((doc) => deleteNotes(doc, [id]));
	}
}
