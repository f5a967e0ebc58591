import { BoardSession } from '../../src/lib/client/board-session.svelte';

let boards = 0;

/**
 * A real board session with no server to reach (a board opened offline): its Y.Doc, index,
 * undo and presence all work; the provider keeps trying a port nothing listens on. Each call
 * makes a board of its own (its own offline copy in IndexedDB).
 */
export function offlineSession(options: { canFacilitate?: boolean; user?: string } = {}): BoardSession {
	boards += 1;
	return new BoardSession({
		boardId: `component-test-${Date.now()}-${boards}`,
		user: { id: options.user ?? 'u-me', name: 'Me' },
		canEdit: true,
		canFacilitate: options.canFacilitate ?? false,
		serverUrl: 'ws://127.0.0.1:9/collab'
	});
}

/** The canvas's view as the world layer draws it: `scale(z) translate(-x px, -y px)`. */
export function drawnView(world: HTMLElement): { x: number; y: number; zoom: number } {
	const match = /scale\(([-\d.e]+)\) translate\(([-\d.e]+)px, ([-\d.e]+)px\)/.exec(world.style.transform);
	if (!match) throw new Error(`no view in ${world.style.transform}`);
	return { zoom: Number(match[1]), x: -Number(match[2]), y: -Number(match[3]) };
}
