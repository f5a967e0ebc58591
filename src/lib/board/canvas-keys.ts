/**
 * The canvas's keyboard shortcuts: which command a key press means. Plain values in and out, so
 * the map is tested without a browser; the canvas carries the commands out (BoardCanvas.svelte)
 * and lists them in its help (canvas/CanvasHelp.svelte).
 */

/** Board units an arrow key moves the selected notes; five times as far with Shift. */
export const MOVE_STEP = 10;
/** Without a selection an arrow pans the view this many times further than it would move a note. */
export const PAN_STEPS = 5;

export type CanvasCommand =
	| { kind: 'space' }
	| { kind: 'undo' }
	| { kind: 'redo' }
	| { kind: 'select-all' }
	/** Moves the selection by (dx, dy) board units, or the view by `PAN_STEPS` times that when nothing is selected. */
	| { kind: 'arrow'; dx: number; dy: number }
	| { kind: 'add' }
	| { kind: 'edit' }
	| { kind: 'delete' }
	| { kind: 'vote'; retract: boolean }
	| { kind: 'cluster' }
	| { kind: 'escape' }
	| { kind: 'zoom'; factor: number }
	| { kind: 'fit' }
	| { kind: 'actual-size' };

export interface KeyPress {
	key: string;
	ctrlKey: boolean;
	metaKey: boolean;
	shiftKey: boolean;
	altKey: boolean;
}

const ARROWS: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** The command a key press on the canvas means, or null. */
export function canvasCommand(press: KeyPress): CanvasCommand | null {
	const mod = press.ctrlKey || press.metaKey;
	const key = press.key;
	if (key === ' ' && !mod) return { kind: 'space' };
	if (mod && (key === 'z' || key === 'Z')) return { kind: press.shiftKey ? 'redo' : 'undo' };
	if (mod && (key === 'y' || key === 'Y')) return { kind: 'redo' };
	if (mod && (key === 'a' || key === 'A')) return { kind: 'select-all' };
	if (mod || press.altKey) return null;
	const arrow = ARROWS[key];
	if (arrow) {
		const step = press.shiftKey ? MOVE_STEP * 5 : MOVE_STEP;
		return { kind: 'arrow', dx: arrow[0] * step, dy: arrow[1] * step };
	}
	switch (key) {
		case 'n':
		case 'N':
			return { kind: 'add' };
		case 'Enter':
		case 'F2':
			return { kind: 'edit' };
		case 'Delete':
		case 'Backspace':
			return { kind: 'delete' };
		case 'v':
		case 'V':
			return { kind: 'vote', retract: press.shiftKey };
		case 'g':
		case 'G':
			return { kind: 'cluster' };
		case 'Escape':
			return { kind: 'escape' };
		case '+':
		case '=':
			return { kind: 'zoom', factor: 1.25 };
		case '-':
		case '_':
			return { kind: 'zoom', factor: 0.8 };
		case '0':
			return { kind: 'fit' };
		case '1':
			return { kind: 'actual-size' };
	}
	return null;
}
