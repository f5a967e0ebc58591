import { untrack } from 'svelte';
import type { BoardSession } from './board-session.svelte';
import type { CanvasNotes } from './canvas-notes.svelte';

/** Cursors and drags go to the others at most this often (ms): smooth enough, and light on the wire. */
const SHARE_EVERY = 50;

/**
 * My presence on the canvas, and the others' as the notes show it: what I select and edit goes
 * out when it changes, my cursor and my drags about twenty times a second; the others' selections
 * (their colours on a note) and drags (a note moving under their hand) come back as maps by note id.
 * Call during a component's initialisation: it sets up effects.
 */
export class CanvasPresence {
	readonly #session: BoardSession;
	#lastCursor = -Infinity;
	#lastDrag = -Infinity;

	/** The colours of the others who selected each note. */
	readonly selections = $derived.by(() => {
		const map = new Map<string, string[]>();
		for (const peer of this.#session.peers) for (const id of peer.selection) map.set(id, [...(map.get(id) ?? []), peer.user.color]);
		return map;
	});

	/** How far each note is being dragged by someone else. */
	readonly drags = $derived.by(() => {
		const map = new Map<string, { dx: number; dy: number }>();
		for (const peer of this.#session.peers) if (peer.drag) for (const id of peer.drag.ids) map.set(id, { dx: peer.drag.dx, dy: peer.drag.dy });
		return map;
	});

	constructor(session: BoardSession, notes: CanvasNotes) {
		this.#session = session;
		// Only when the selection changes: not on every change of a note.
		$effect(() => {
			const ids = [...notes.selected];
			untrack(() => session.setPresence({ selection: ids.filter((id) => session.index.notes.has(id)) }));
		});
		$effect(() => {
			session.setPresence({ editing: notes.editingId });
		});
	}

	/** My pointer at a board point, or off the canvas (null). */
	shareCursor(point: { x: number; y: number } | null, now = performance.now()): void {
		if (!point) {
			this.#session.setPresence({ cursor: null });
			return;
		}
		if (now - this.#lastCursor < SHARE_EVERY) return;
		this.#lastCursor = now;
		this.#session.setPresence({ cursor: { x: Math.round(point.x), y: Math.round(point.y) } });
	}

	/** The notes I drag and how far; `force` sends it even right after the last; null when I let go. */
	shareDrag(drag: { ids: string[]; dx: number; dy: number } | null, force = false, now = performance.now()): void {
		if (!drag) {
			this.#session.setPresence({ drag: null });
			return;
		}
		if (!force && now - this.#lastDrag < SHARE_EVERY) return;
		this.#lastDrag = now;
		this.#session.setPresence({ drag: { ids: drag.ids, dx: Math.round(drag.dx), dy: Math.round(drag.dy) } });
	}
}
