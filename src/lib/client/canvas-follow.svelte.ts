import { untrack } from 'svelte';
import { boundingBox, currentSection, fitViewport, viewOnNote, MAX_ZOOM, READABLE_ZOOM } from '$lib/board';
import { firstView } from '$lib/board/viewport';
import type { BoardSession } from './board-session.svelte';
import type { BoardFind } from './board-find.svelte';
import type { CanvasView } from './canvas-view.svelte';

/**
 * Where the canvas's view goes by itself: the first fit once there is something to see, the
 * facilitator's view while I follow it (and mine to the others while I lead), a workshop step's
 * section, a search result asked for. Call during a component's initialisation: it sets up effects.
 */
export function steerView(
	session: BoardSession,
	canvas: CanvasView,
	options: { find: () => BoardFind | null; focusNote: (id: string) => void }
): { readonly leaderView: { x: number; y: number; w: number; h: number } | null; readonly leader: string | null } {
	const focus = $derived(session.facilitation.focus);
	const leading = $derived(!!focus && focus.by === session.me.id);
	// The one view of theirs to follow (their other tabs share none).
	const leaderView = $derived(session.following && focus ? (session.peers.find((p) => p.user.id === focus.by && p.view)?.view ?? null) : null);

	let viewTimer: ReturnType<typeof setTimeout> | null = null;
	let pendingView: { x: number; y: number; w: number; h: number } | null = null;
	// While I lead, my view goes to the others about ten times a second.
	$effect(() => {
		if (!leading || !canvas.laidOut) {
			untrack(() => {
				if (session.provider.awareness.getLocalState()?.view) session.setPresence({ view: null });
			});
			return;
		}
		const area = canvas.area();
		pendingView = { x: Math.round(area.x), y: Math.round(area.y), w: Math.round(area.w), h: Math.round(area.h) };
		viewTimer ??= setTimeout(() => {
			viewTimer = null;
			if (pendingView) session.setPresence({ view: pendingView });
		}, 100);
	});
	// While I follow, my view is theirs, fitted to my screen.
	$effect(() => {
		if (!leaderView || !canvas.laidOut) return;
		canvas.view = fitViewport(leaderView, canvas.width, canvas.height, 0, MAX_ZOOM);
	});

	// A workshop's move to a step on this board brings the view to the step's section, once per
	// move; a step on the board as a whole (a vote on ideas wherever they are) to all its notes.
	let fitted = false;
	let stepShown = 0;
	$effect(() => {
		const step = session.facilitation.workshopStep;
		if (!step || step.boardId !== session.boardId || step.startedAt === stepShown || !canvas.laidOut) return;
		const area = step.sectionId
			? (session.sections.find((s) => s.id === step.sectionId) ?? null)
			: boundingBox(untrack(() => [...session.notes.values()]));
		if (!area) return;
		stepShown = step.startedAt;
		fitted = true;
		canvas.view = fitViewport(area, canvas.width, canvas.height, 24, MAX_ZOOM);
	});

	// Zoom to fit once there is something to see.
	$effect(() => {
		if (fitted || !canvas.laidOut) return;
		if (session.status !== 'connected' && !session.savedLocally) return;
		const sections = session.sections;
		if (session.notes.size === 0 && sections.length === 0) return;
		fitted = true;
		// Following someone: their view, not mine.
		if (untrack(() => leaderView)) return;
		const writeIn = sections.find((s) => s.id === currentSection({ sections })) ?? sections[0] ?? null;
		canvas.view = firstView(boundingBox([...sections, ...session.notes.values()]), writeIn, canvas.width, canvas.height);
	});

	// A search result asked for comes to the middle of the screen at a readable zoom, highlighted
	// (and focused, unless the query is still being typed). After the first fit, which it overrides.
	let jumped: unknown = null;
	$effect(() => {
		const jump = options.find()?.jump;
		if (!jump || jump === jumped || !canvas.laidOut) return;
		jumped = jump;
		untrack(() => {
			const note = session.notes.get(jump.id);
			if (!note) return;
			canvas.goTo(viewOnNote(note, canvas.view, canvas.width, canvas.height, READABLE_ZOOM));
			if (jump.focus) options.focusNote(jump.id);
		});
	});

	return {
		get leaderView() {
			return leaderView;
		},
		get leader() {
			return focus?.by ?? null;
		}
	};
}
