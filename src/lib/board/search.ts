import type { BoardNote, BoardSection } from './schema.ts';
import type { Rect, Viewport } from './geometry.ts';
import { MAX_ZOOM } from './geometry.ts';

/**
 * Finding notes on a board: Thai-aware text matching, filters (author, colour, dots, section)
 * and the view that brings a result to the middle of the screen. Pure: the browser runs it over
 * the notes it holds (never anyone else's private notes), tests run it over plain objects.
 *
 * Thai is written without spaces between words, so words come from `Intl.Segmenter`; a query
 * word matches where it starts a word of the note or anywhere inside the note's text, so
 * "สูงอายุ" finds "ผู้สูงอายุรอคิวนาน" (the segmenter reads ผู้|สูง|อายุ|รอ|คิว|นาน).
 */

const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
// Zero-width space, non-joiner, joiner, word joiner, BOM and the soft hyphen: invisible, yet they
// split what a reader sees as one word (Thai editors insert U+200B as a word break).
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// A Thai SARA AM typed as NIKHAHIT + SARA AA looks the same; NFC leaves the two apart.
const SARA_AM_SPLIT = /\u0E4D\u0E32/g;

/**
 * Text as search compares it: NFC (so a tone mark typed before its vowel, as Thai keyboards
 * allow, is the same text), case-folded, invisible characters removed, whitespace collapsed.
 */
export function normalizeForSearch(text: string): string {
	return text.normalize('NFC').replace(INVISIBLE, '').replace(SARA_AM_SPLIT, '\u0E33').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The words of a normalized text (Thai segmented by dictionary, others by spaces and punctuation). */
export function searchWords(normalized: string): string[] {
	const words: string[] = [];
	for (const s of segmenter.segment(normalized)) if (s.isWordLike) words.push(s.segment);
	return words;
}

/** A query split once, for matching many notes. */
export interface TextQuery {
	/** The whole query, normalized ('' when there is none). */
	phrase: string;
	/** Its words; a query of punctuation only is one "word", itself. */
	words: string[];
}

export function parseQuery(text: string): TextQuery {
	const phrase = normalizeForSearch(text);
	if (!phrase) return { phrase, words: [] };
	const words = searchWords(phrase);
	return { phrase, words: words.length > 0 ? [...new Set(words)] : [phrase] };
}

/** How well a text answers a query, or null when some query word is not in it. */
export interface TextMatch {
	/** The whole query appears as it was typed. */
	phrase: boolean;
	/** How many query words begin a word of the text. */
	prefixes: number;
}

export function matchText(text: string, query: TextQuery): TextMatch | null {
	if (query.words.length === 0) return null;
	const normalized = normalizeForSearch(text);
	// Spaces are not part of a Thai word: "รอ คิว" and "รอคิว" are read alike.
	const joined = normalized.replace(/ /g, '');
	if (!query.words.every((w) => normalized.includes(w) || joined.includes(w))) return null;
	const words = searchWords(normalized);
	return {
		phrase: normalized.includes(query.phrase) || joined.includes(query.phrase.replace(/ /g, '')),
		prefixes: query.words.filter((q) => words.some((w) => w.startsWith(q))).length
	};
}

/** What a vote filter asks of a note. */
export type VoteFilter =
	/** It has dots I can see in the current round (all of them in an open round; mine in a secret one). */
	| { kind: 'dotted' }
	/** At least this many dots I can see. */
	| { kind: 'at-least'; min: number }
	/** It is among the results of a revealed round. */
	| { kind: 'revealed' };

/** The filters; null means "any". An author of '' is the anonymous notes; a section of '' the loose ones. */
export interface FindFilters {
	author: string | null;
	color: string | null;
	section: string | null;
	votes: VoteFilter | null;
}

export const NO_FILTERS: FindFilters = Object.freeze({ author: null, color: null, section: null, votes: null });

export function activeFilterCount(filters: FindFilters): number {
	return [filters.author, filters.color, filters.section, filters.votes].filter((f) => f !== null).length;
}

/** What search needs to know of the board besides its notes. */
export interface FindContext {
	/** Sections with their titles as the board shows them (the template's in the reader's language). */
	sections: readonly (Pick<BoardSection, 'id'> & { title: string })[];
	/** The dots on a note that this client sees. */
	dots: (noteId: string) => number;
	/** The round's results have been revealed. */
	revealed: boolean;
}

export interface FindResult {
	/** Search or a filter is on: what does not match is dimmed. */
	active: boolean;
	/** The matching notes, best first: the notes whose text matches, then those of matching sections. */
	ids: string[];
	matches: Set<string>;
	/** Sections whose title matches or that hold a matching note (the others are dimmed). */
	sections: Set<string>;
}

type FindableNote = Pick<BoardNote, 'id' | 'text' | 'x' | 'y' | 'color' | 'section' | 'author'>;

/**
 * The notes that pass the filters and match the query, ranked: the whole phrase first, then
 * more query words at the start of a word, then reading order (top left first). A section whose
 * title matches brings its notes too, after the notes that match by their own text.
 */
export function findNotes(notes: Iterable<FindableNote>, text: string, filters: FindFilters, context: FindContext): FindResult {
	const query = parseQuery(text);
	const searching = query.words.length > 0;
	const filtering = activeFilterCount(filters) > 0;
	if (!searching && !filtering) return { active: false, ids: [], matches: new Set(), sections: new Set() };

	const titled = new Set(searching ? context.sections.filter((s) => matchText(s.title, query)).map((s) => s.id) : []);
	const known = new Set(context.sections.map((s) => s.id));
	const direct: { note: FindableNote; match: TextMatch }[] = [];
	const bySection: FindableNote[] = [];
	for (const note of notes) {
		if (!passes(note, filters, context, known)) continue;
		if (!searching) {
			bySection.push(note);
			continue;
		}
		const match = matchText(note.text, query);
		if (match) direct.push({ note, match });
		else if (titled.has(note.section)) bySection.push(note);
	}
	direct.sort((a, b) => Number(b.match.phrase) - Number(a.match.phrase) || b.match.prefixes - a.match.prefixes || readingOrder(a.note, b.note));
	bySection.sort(readingOrder);
	const ids = [...direct.map((d) => d.note.id), ...bySection.map((n) => n.id)];
	const sections = new Set(titled);
	for (const { note } of direct) if (note.section) sections.add(note.section);
	for (const note of bySection) if (note.section) sections.add(note.section);
	// With only filters on, a section matches by what it holds, not by its title.
	if (!searching) for (const id of titled) sections.delete(id);
	return { active: true, ids, matches: new Set(ids), sections };
}

function passes(note: FindableNote, filters: FindFilters, context: FindContext, known: Set<string>): boolean {
	if (filters.author !== null && note.author !== filters.author) return false;
	if (filters.color !== null && note.color !== filters.color) return false;
	if (filters.section !== null && (known.has(note.section) ? note.section : '') !== filters.section) return false;
	const votes = filters.votes;
	if (votes) {
		const dots = context.dots(note.id);
		if (votes.kind === 'dotted' && dots <= 0) return false;
		if (votes.kind === 'at-least' && dots < Math.max(1, votes.min)) return false;
		if (votes.kind === 'revealed' && (!context.revealed || dots <= 0)) return false;
	}
	return true;
}

/** Top left first, rows of 40 px, as the canvas orders notes for Tab. */
export function readingOrder(a: Pick<BoardNote, 'x' | 'y'>, b: Pick<BoardNote, 'x' | 'y'>): number {
	return Math.round(a.y / 40) - Math.round(b.y / 40) || a.x - b.x;
}

/** The zoom at which a note is read comfortably (the canvas's READABLE_ZOOM is the floor). */
const READ_AT = 1;

/**
 * The view that puts a note in the middle of a screen `width` × `height` at a readable zoom: the
 * current zoom if it already is one and the note fits, else 100 % (less on a screen too small
 * for the note, never below `minReadable`).
 */
export function viewOnNote(note: Rect, current: Viewport, width: number, height: number, minReadable: number): Viewport {
	const fits = Math.min(width / (note.w * 1.25), height / (note.h * 1.25), MAX_ZOOM);
	const zoom = current.zoom >= minReadable && current.zoom <= fits ? current.zoom : Math.max(minReadable, Math.min(READ_AT, fits));
	return { zoom, x: note.x + note.w / 2 - width / (2 * zoom), y: note.y + note.h / 2 - height / (2 * zoom) };
}
