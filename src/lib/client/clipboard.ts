import type { BoardNote } from '$lib/board';

/**
 * Copy and paste of notes. The system clipboard gets plain text (one note per paragraph, so
 * pasting into a document works) plus our own JSON; pasting plain text from elsewhere makes a
 * note per line.
 */
export const NOTES_MIME = 'application/x-prachalab-notes+json';
const MAX_PASTED_NOTES = 200;

export interface CopiedNote {
	text: string;
	dx: number;
	dy: number;
	w: number;
	h: number;
	color: string;
}

export function copyNotes(notes: BoardNote[], data: DataTransfer): void {
	if (notes.length === 0) return;
	const minX = Math.min(...notes.map((n) => n.x));
	const minY = Math.min(...notes.map((n) => n.y));
	const copied: CopiedNote[] = notes.map((n) => ({ text: n.text, dx: n.x - minX, dy: n.y - minY, w: n.w, h: n.h, color: n.color }));
	data.setData(NOTES_MIME, JSON.stringify(copied));
	data.setData('text/plain', notes.map((n) => n.text).join('\n\n'));
}

/** What a paste holds: our notes, or lines of text from anywhere; capped so one paste stays one small update. */
export function pastedNotes(data: DataTransfer): CopiedNote[] {
	const json = data.getData(NOTES_MIME);
	if (json) {
		try {
			const parsed: unknown = JSON.parse(json);
			if (Array.isArray(parsed)) {
				return parsed
					.filter((n): n is CopiedNote => !!n && typeof n === 'object' && typeof n.text === 'string')
					.slice(0, MAX_PASTED_NOTES)
					.map((n) => ({
						text: n.text,
						dx: Number(n.dx) || 0,
						dy: Number(n.dy) || 0,
						w: Number(n.w) || 180,
						h: Number(n.h) || 140,
						color: String(n.color)
					}));
			}
		} catch {
			// Not ours after all: fall through to plain text.
		}
	}
	const text = data.getData('text/plain');
	return text
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter(Boolean)
		.slice(0, MAX_PASTED_NOTES)
		.map((line, i) => ({ text: line, dx: (i % 5) * 200, dy: Math.floor(i / 5) * 160, w: 180, h: 140, color: 'yellow' }));
}
