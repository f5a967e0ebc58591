/**
 * Workshops: a session on a project (a date, a start time, facilitators, the boards it uses)
 * with an agenda of timed steps. The shapes pages read, and the pure rule that turns the
 * steps' minutes into start times.
 */
import type { BoardStage } from './stages.ts';

/** planned → running → ended. Moving the room through the steps is the live part's. */
export const WORKSHOP_STATES = ['planned', 'running', 'ended'] as const;
export type WorkshopState = (typeof WORKSHOP_STATES)[number];

/** Steps that are not methods, offered with one click: their titles and instructions come from the catalogue. */
export const STEP_PRESETS = ['welcome', 'energizer', 'break', 'wrap_up'] as const;
export type StepPreset = (typeof STEP_PRESETS)[number];
export const PRESET_MINUTES: Record<StepPreset, number> = { welcome: 15, energizer: 10, break: 15, wrap_up: 15 };

export const WORKSHOP_LIMITS = {
	title: 160,
	purpose: 2000,
	stepTitle: 160,
	instructions: 4000,
	stepMinutesMax: 480,
	steps: 60,
	/** What the −/+ buttons change a step's length by. */
	nudgeMinutes: 5
} as const;

export interface WorkshopBoard {
	id: string;
	stage: BoardStage;
}

export interface Person {
	id: string;
	name: string;
}

export interface AgendaStep {
	id: string;
	/** 0, 1, 2 … in agenda order. */
	position: number;
	title: string;
	/** The library method it follows (a built-in slug or a lab method's id), if any. */
	methodId: string | null;
	/** That method's name now, in the reader's language; null when it has none or it was deleted. */
	methodName: string | null;
	minutes: number;
	instructions: string;
	/** One of the workshop's boards, or null (no board: a talk, a break). */
	boardId: string | null;
	/** A template section key on that board ('' for the whole board). */
	sectionKey: string;
}

export interface WorkshopSummary {
	id: string;
	projectId: string;
	title: string;
	/** 'YYYY-MM-DD' */
	date: string;
	/** 'HH:MM', Thailand time. */
	startTime: string;
	state: WorkshopState;
	stepCount: number;
	totalMinutes: number;
}

export interface Workshop extends WorkshopSummary {
	purpose: string;
	facilitators: Person[];
	boards: WorkshopBoard[];
	steps: AgendaStep[];
	/** The step the room is on while it runs (set by the live part). */
	currentStepId: string | null;
	/** When the room came to the current step, and when the workshop started and ended (ms). */
	currentStepStartedAt: number | null;
	startedAt: number | null;
	endedAt: number | null;
	createdAt: number;
	updatedAt: number;
}

/** Minutes since midnight for 'HH:MM' (00:00–23:59), or null. */
export function parseClock(value: unknown): number | null {
	if (typeof value !== 'string') return null;
	const match = /^(\d{2}):(\d{2})$/.exec(value.trim());
	if (!match) return null;
	const hours = Number(match[1]);
	const minutes = Number(match[2]);
	if (hours > 23 || minutes > 59) return null;
	return hours * 60 + minutes;
}

/** 'HH:MM' for minutes since midnight; past midnight reads as the next day's clock. */
export function formatClock(minutes: number): string {
	const m = ((Math.round(minutes) % 1440) + 1440) % 1440;
	return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export interface Scheduled<T> {
	steps: (T & { startsAt: number; endsAt: number })[];
	totalMinutes: number;
	/** Minutes since midnight of the start and the end of the whole agenda. */
	startsAt: number;
	endsAt: number;
}

/**
 * Start and end of every step, in agenda order, from the workshop's start time: each step
 * starts when the one before it ends. Recomputed whenever a step is added, moved, resized or
 * removed, so nothing stored can disagree with it.
 */
export function scheduleAgenda<T extends { minutes: number }>(startTime: string, steps: readonly T[]): Scheduled<T> {
	const startsAt = parseClock(startTime) ?? 0;
	let clock = startsAt;
	const scheduled = steps.map((step) => {
		const start = clock;
		clock += step.minutes;
		return { ...step, startsAt: start, endsAt: clock };
	});
	return { steps: scheduled, totalMinutes: clock - startsAt, startsAt, endsAt: clock };
}
