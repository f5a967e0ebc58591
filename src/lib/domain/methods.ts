/**
 * The method library: the lab's toolkit of design-thinking methods, each tied to a stage and,
 * where it has one, to the place on a stage board it is worked on. Built-in methods ship with
 * the app (their texts are in the message catalogue); a lab adds its own (stored, both
 * languages). Pages read these shapes, already in the reader's language.
 */
import { BOARD_STAGES, STAGES, type BoardStage, type Stage } from './stages.ts';
import type { Role } from './roles.ts';

/** Where a method is worked on: a stage board and, first, the template section the room goes to. */
export interface MethodBoard {
	stage: BoardStage;
	/** Template section keys (src/lib/board/templates.ts), in order; empty: the whole board. */
	sections: string[];
}

export type MethodSource = 'builtin' | 'lab';

export interface MethodSummary {
	/** A built-in method's slug ('empathy-map') or a lab method's row id. */
	id: string;
	source: MethodSource;
	stage: Stage;
	name: string;
	summary: string;
	/** Suggested length of the activity, in minutes. */
	minutes: number;
	groupMin: number;
	groupMax: number;
	board: MethodBoard | null;
}

export interface MethodDetail extends MethodSummary {
	purpose: string;
	whenToUse: string;
	steps: string[];
	tips: string[];
	/** The built-in method or lab method this one was copied from, if any. */
	copiedFrom: { id: string; name: string } | null;
	updatedAt: number | null;
}

/** A lab method's fields in both languages, as its edit form shows them. */
export interface MethodDraft {
	nameTh: string;
	nameEn: string;
	summaryTh: string;
	summaryEn: string;
	purposeTh: string;
	purposeEn: string;
	whenTh: string;
	whenEn: string;
	/** One step per line. */
	stepsTh: string;
	stepsEn: string;
	tipsTh: string;
	tipsEn: string;
	stage: Stage;
	minutes: number;
	groupMin: number;
	groupMax: number;
	/** '' for no board. */
	boardStage: BoardStage | '';
	boardSections: string[];
}

export const METHOD_LIMITS = {
	name: 120,
	summary: 300,
	longText: 2000,
	steps: 20,
	tips: 10,
	line: 500,
	minutesMin: 5,
	minutesMax: 480,
	groupMax: 500
} as const;

/** How long a method takes, for the library's filter. */
export const DURATIONS = ['short', 'medium', 'long'] as const;
export type Duration = (typeof DURATIONS)[number];

/** Up to 20 minutes is short, up to 45 medium, anything longer long. */
export function durationOf(minutes: number): Duration {
	if (minutes <= 20) return 'short';
	if (minutes <= 45) return 'medium';
	return 'long';
}

export interface MethodFilter {
	stage: Stage | null;
	duration: Duration | null;
	/** Free text; matched against the name and texts in both languages. */
	query: string;
}

/** Reads the library's filter from a query string; anything unknown is ignored. */
export function methodFilterFrom(params: URLSearchParams): MethodFilter {
	const stage = params.get('stage');
	const duration = params.get('duration');
	return {
		stage: (STAGES as readonly string[]).includes(stage ?? '') ? (stage as Stage) : null,
		duration: (DURATIONS as readonly string[]).includes(duration ?? '') ? (duration as Duration) : null,
		query: (params.get('q') ?? '').trim().slice(0, 100)
	};
}

/** Lower case, NFC, spaces collapsed: how search compares text (Thai has no case; English does). */
export function searchable(text: string): string {
	return text.normalize('NFC').toLocaleLowerCase('en').replace(/\s+/g, ' ');
}

/**
 * Keeps the methods that pass the filter, in the order given. `haystack` is what a method's
 * search matches (its texts in both languages); every word of the query must appear in it.
 */
export function filterMethods<T extends Pick<MethodSummary, 'stage' | 'minutes'>>(
	methods: T[],
	filter: MethodFilter,
	haystack: (method: T) => string
): T[] {
	const words = searchable(filter.query).split(' ').filter(Boolean);
	return methods.filter(
		(method) =>
			(!filter.stage || method.stage === filter.stage) &&
			(!filter.duration || durationOf(method.minutes) === filter.duration) &&
			(words.length === 0 || words.every((word) => searchable(haystack(method)).includes(word)))
	);
}

export function isBoardStage(value: unknown): value is BoardStage {
	return typeof value === 'string' && (BOARD_STAGES as readonly string[]).includes(value);
}

/** Who may add, change, copy and delete the lab's methods: its facilitators and admins. */
export const METHOD_EDITORS = ['admin', 'facilitator'] as const satisfies readonly Role[];

export function canEditMethods(role: Role | undefined | null): boolean {
	return (METHOD_EDITORS as readonly (Role | undefined | null)[]).includes(role);
}
