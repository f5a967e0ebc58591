import { describe, expect, it } from 'vitest';
import { canvasCommand, MOVE_STEP, type KeyPress } from '../../src/lib/board/canvas-keys.ts';

function press(key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress {
	return { key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods };
}

describe('canvas keys', () => {
	it('nudges the selection by a step with an arrow, five steps with Shift', () => {
		expect(canvasCommand(press('ArrowLeft'))).toEqual({ kind: 'arrow', dx: -MOVE_STEP, dy: 0 });
		expect(canvasCommand(press('ArrowDown', { shiftKey: true }))).toEqual({ kind: 'arrow', dx: 0, dy: 5 * MOVE_STEP });
	});

	it('undoes with Ctrl+Z or ⌘Z, redoes with Shift or Ctrl+Y', () => {
		expect(canvasCommand(press('z', { ctrlKey: true }))).toEqual({ kind: 'undo' });
		expect(canvasCommand(press('z', { metaKey: true }))).toEqual({ kind: 'undo' });
		expect(canvasCommand(press('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'redo' });
		expect(canvasCommand(press('y', { ctrlKey: true }))).toEqual({ kind: 'redo' });
	});

	it('leaves other shortcuts with Ctrl or Alt to the browser', () => {
		expect(canvasCommand(press('n', { ctrlKey: true }))).toBeNull();
		expect(canvasCommand(press('ArrowLeft', { altKey: true }))).toBeNull();
		expect(canvasCommand(press('c', { ctrlKey: true }))).toBeNull();
	});

	it('casts a dot with V and takes one back with Shift+V', () => {
		expect(canvasCommand(press('v'))).toEqual({ kind: 'vote', retract: false });
		expect(canvasCommand(press('V', { shiftKey: true }))).toEqual({ kind: 'vote', retract: true });
	});

	it('maps the single keys of the help', () => {
		const kinds = Object.fromEntries(
			['n', 'Enter', 'F2', 'Delete', 'Backspace', 'g', 'Escape', '0', '1', ' '].map((k) => [k, canvasCommand(press(k))?.kind])
		);
		expect(kinds).toEqual({
			n: 'add',
			Enter: 'edit',
			F2: 'edit',
			Delete: 'delete',
			Backspace: 'delete',
			g: 'cluster',
			Escape: 'escape',
			'0': 'fit',
			'1': 'actual-size',
			' ': 'space'
		});
		expect(canvasCommand(press('+'))).toEqual({ kind: 'zoom', factor: 1.25 });
		expect(canvasCommand(press('-'))).toEqual({ kind: 'zoom', factor: 0.8 });
		expect(canvasCommand(press('x'))).toBeNull();
	});

	it('selects all with Ctrl+A', () => {
		expect(canvasCommand(press('a', { ctrlKey: true }))).toEqual({ kind: 'select-all' });
		expect(canvasCommand(press('a'))).toBeNull();
	});
});
