import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import type { BoardNote } from '../../src/lib/board/index.ts';
import NoteLayer from '../../src/lib/components/board/canvas/NoteLayer.svelte';

function note(id: string, x: number, y: number, text = id): BoardNote {
	return { id, text, x, y, w: 180, h: 140, color: 'yellow', section: '', author: 'u1', created: 0 };
}

const voting = { mine: 1, total: null, canAdd: true, canRemove: true, inRound: true, voting: true };

function props(notes: BoardNote[], calls: string[]) {
	return {
		notes,
		selected: new Set<string>(),
		editingId: null,
		far: false,
		touch: true,
		canEdit: () => true,
		authorName: (id: string) => `Author ${id}`,
		peerColors: new Map<string, string[]>(),
		offsetOf: () => null,
		resizing: null,
		voting: (n: BoardNote) => (n.id === 'b' ? null : voting),
		found: () => null,
		onCommit: (id: string) => calls.push(`commit ${id}`),
		onFinish: (id: string) => calls.push(`finish ${id}`),
		onVote: (id: string) => calls.push(`vote ${id}`),
		onUnvote: (id: string) => calls.push(`unvote ${id}`)
	};
}

describe('NoteLayer', () => {
	it('casts and takes back a dot of the note whose button is tapped', async () => {
		const calls: string[] = [];
		const screen = await render(NoteLayer, props([note('a', 0, 0), note('c', 400, 0)], calls));
		const second = screen.container.querySelector('[data-note-id="c"]')!;
		await userEvent.click(second.querySelector('.vote-button.add')!);
		await userEvent.click(second.querySelector('.vote-button:not(.add)')!);
		expect(calls).toEqual(['vote c', 'unvote c']);
	});

	it('draws the notes in the order given, dot buttons only on notes in the round', async () => {
		const screen = await render(NoteLayer, props([note('b', 0, 400), note('a', 0, 0)], []));
		const ids = [...screen.container.querySelectorAll<HTMLElement>('[data-note-id]')].map((el) => el.dataset.noteId);
		expect(ids).toEqual(['b', 'a']);
		expect(screen.container.querySelector('[data-note-id="b"] .vote-button')).toBeNull();
		expect(screen.container.querySelector('[data-note-id="a"] .vote-button')).not.toBeNull();
	});
});
