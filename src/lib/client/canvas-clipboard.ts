import { addNote, sectionAt } from '$lib/board';
import type { BoardSession } from './board-session.svelte';
import type { CanvasView } from './canvas-view.svelte';
import type { CanvasNotes } from './canvas-notes.svelte';
import { copyNotes, pastedNotes } from './clipboard';

/**
 * Copy, cut and paste of notes while the canvas has the focus (not while a note's text or
 * another field has it: those copy text). Pasted notes keep their layout, placed in the middle
 * of the view, each in the section it lands in, and become the selection. Returns what detaches
 * the listeners.
 */
export function listenForClipboard(canvasElement: HTMLElement, parts: { session: BoardSession; canvas: CanvasView; notes: CanvasNotes }): () => void {
	const { session, canvas, notes } = parts;
	const focusedHere = () => {
		const active = document.activeElement;
		return !!active && canvasElement.contains(active) && !active.closest('textarea, input');
	};
	const onCopy = (event: ClipboardEvent) => {
		const selected = notes.selectedNotes;
		if (!focusedHere() || selected.length === 0 || !event.clipboardData) return;
		event.preventDefault();
		copyNotes(selected, event.clipboardData);
		if (event.type === 'cut' && session.editable) notes.deleteSelected();
	};
	const onPaste = (event: ClipboardEvent) => {
		if (!focusedHere() || !session.editable || !event.clipboardData) return;
		const items = pastedNotes(event.clipboardData);
		if (items.length === 0) return;
		event.preventDefault();
		const origin = canvas.toBoard(canvas.width / 2 - 90, canvas.height / 2 - 70);
		const sections = session.sections;
		const ids: string[] = [];
		session.change((doc) => {
			for (const item of items) {
				const x = Math.round(origin.x + item.dx);
				const y = Math.round(origin.y + item.dy);
				const section = sectionAt(sections, x + item.w / 2, y + item.h / 2)?.id;
				ids.push(addNote(doc, { text: item.text, x, y, w: item.w, h: item.h, color: item.color, section, author: session.me.id }));
			}
		});
		notes.select(ids);
	};
	document.addEventListener('copy', onCopy);
	document.addEventListener('cut', onCopy);
	document.addEventListener('paste', onPaste);
	return () => {
		document.removeEventListener('copy', onCopy);
		document.removeEventListener('cut', onCopy);
		document.removeEventListener('paste', onPaste);
	};
}
