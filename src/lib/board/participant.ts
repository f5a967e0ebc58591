import { contains, type Rect } from './geometry.ts';
import type { BoardNote, BoardSection } from './schema.ts';
import { noteInRound, type VotingRound } from './voting.ts';

/**
 * Pure helpers for the participant mode (a phone, or any narrow screen) and for reading a board
 * from far out: whose notes are mine, which section a new note goes to, the notes that take dots,
 * counts per section, and how much larger text and controls are drawn when zoomed out. No DOM, no
 * Yjs: plain values in, plain values out.
 */

/** The template sections a participant is asked to write in first, per stage (the board's main area). */
const WRITING_KEYS = ['brainstorm', 'says', 'test_worked', 'proto_what', 'hmw'];

/** My notes, newest first. */
export function myNotes(notes: Iterable<BoardNote>, me: string): BoardNote[] {
	const out: BoardNote[] = [];
	for (const note of notes) if (note.author === me) out.push(note);
	return out.sort((a, b) => b.created - a.created || b.id.localeCompare(a.id));
}

export interface CurrentSectionInput {
	sections: readonly BoardSection[];
	/** The voting round, when there is one: an open round in one section makes it the current one. */
	voting?: VotingRound | null;
	/** The board area the facilitator is showing (while they ask everyone to follow). */
	shown?: Rect | null;
	/** The section I chose last, if it still exists. */
	chosen?: string | null;
}

/**
 * The section a participant's next note goes to: the one I chose; else the section of an open
 * voting round; else the one in the middle of what the facilitator is showing; else the board's
 * main writing area (e.g. Brainstorm on Ideate); else the first section; '' for a board without any.
 */
export function currentSection(input: CurrentSectionInput): string {
	const { sections, voting, shown, chosen } = input;
	const exists = (id: string | null | undefined): id is string => !!id && sections.some((s) => s.id === id);
	if (chosen === '' || exists(chosen)) return chosen;
	if (voting?.status === 'open' && exists(voting.section)) return voting.section;
	const showing = shownSection(sections, shown ?? null);
	if (showing) return showing.id;
	for (const key of WRITING_KEYS) {
		const match = sections.find((s) => s.key === key);
		if (match) return match.id;
	}
	return sections[0]?.id ?? '';
}

/** The section in the middle of an area of the board (the smallest one there), or null. */
export function shownSection(sections: readonly BoardSection[], area: Rect | null): BoardSection | null {
	if (!area) return null;
	const cx = area.x + area.w / 2;
	const cy = area.y + area.h / 2;
	let best: BoardSection | null = null;
	for (const s of sections) if (contains(s, cx, cy) && (!best || s.w * s.h < best.w * best.h)) best = s;
	return best;
}

/** The notes that take dots in a round, in reading order (top to bottom, then left to right). */
export function votableNotes(notes: Iterable<BoardNote>, round: VotingRound | null): BoardNote[] {
	if (!round) return [];
	const out: BoardNote[] = [];
	for (const note of notes) if (noteInRound(round, note) && note.text.trim() !== '') out.push(note);
	return out.sort((a, b) => Math.round(a.y / 40) - Math.round(b.y / 40) || a.x - b.x || a.id.localeCompare(b.id));
}

/** How many notes each section holds (section id → count; '' for loose notes). */
export function countBySection(notes: Iterable<BoardNote>): Map<string, number> {
	const out = new Map<string, number>();
	for (const note of notes) out.set(note.section, (out.get(note.section) ?? 0) + 1);
	return out;
}

/**
 * Below this zoom a note's text is too small to read as it is: the canvas draws it larger and
 * shorter (semantic zoom).
 */
export const READABLE_ZOOM = 0.75;

/** The smallest on-screen text size (px) a note keeps when zoomed out. */
export const MIN_SCREEN_TEXT = 12;

/** How much larger than normal (16 px at zoom 1) a note's text is drawn at this zoom, so it stays readable. */
export function noteTextScale(zoom: number): number {
	if (zoom >= READABLE_ZOOM) return 1;
	return Math.min(3.5, Math.max(1, MIN_SCREEN_TEXT / (16 * zoom)));
}

/**
 * How many times larger a control of `size` board px is drawn at this zoom so its on-screen target
 * is at least `target` px (WCAG 2.5.8: 24 with a mouse, 44 on touch); never smaller than normal.
 */
export function targetScale(zoom: number, size: number, target: number): number {
	return Math.max(1, target / (size * zoom));
}
