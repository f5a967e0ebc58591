import type * as Y from 'yjs';
import { boardRoots } from './schema.ts';

/**
 * The facilitator's countdown, in `meta.timer`, shown to everyone. Times are the server's clock
 * (each browser corrects its own by a measured offset), so every screen counts down together:
 * a running timer has `endsAt`; a paused one keeps `remainingMs`.
 */
export interface BoardTimer {
	/** What it was set to. */
	durationMs: number;
	/** When it reaches zero (server time, ms); null while paused. */
	endsAt: number | null;
	/** What is left while paused. */
	remainingMs: number;
}

export const MAX_TIMER_MS = 4 * 60 * 60 * 1000;

function clampMs(ms: number): number {
	return Math.min(MAX_TIMER_MS, Math.max(0, Math.round(ms)));
}

export function readTimer(doc: Y.Doc): BoardTimer | null {
	const raw = boardRoots(doc).meta.get('timer') as Record<string, unknown> | undefined;
	if (!raw || typeof raw !== 'object') return null;
	const { durationMs, endsAt, remainingMs } = raw;
	if (typeof durationMs !== 'number' || !Number.isFinite(durationMs) || durationMs <= 0) return null;
	return {
		durationMs: clampMs(durationMs),
		endsAt: typeof endsAt === 'number' && Number.isFinite(endsAt) ? endsAt : null,
		remainingMs: clampMs(typeof remainingMs === 'number' && Number.isFinite(remainingMs) ? remainingMs : durationMs)
	};
}

/** Milliseconds left at server time `now` (0 once it has run out). */
export function timeLeft(timer: BoardTimer, now: number): number {
	return timer.endsAt === null ? timer.remainingMs : Math.max(0, timer.endsAt - now);
}

/** Starts a countdown of `durationMs` now. */
export function startTimer(doc: Y.Doc, durationMs: number, now: number): BoardTimer {
	const ms = Math.max(1000, clampMs(durationMs));
	const timer: BoardTimer = { durationMs: ms, endsAt: now + ms, remainingMs: ms };
	boardRoots(doc).meta.set('timer', { ...timer });
	return timer;
}

export function pauseTimer(doc: Y.Doc, now: number): boolean {
	const timer = readTimer(doc);
	if (!timer || timer.endsAt === null) return false;
	boardRoots(doc).meta.set('timer', { ...timer, endsAt: null, remainingMs: timeLeft(timer, now) });
	return true;
}

export function resumeTimer(doc: Y.Doc, now: number): boolean {
	const timer = readTimer(doc);
	if (!timer || timer.endsAt !== null || timer.remainingMs <= 0) return false;
	boardRoots(doc).meta.set('timer', { ...timer, endsAt: now + timer.remainingMs });
	return true;
}

/** Adds (or with a negative `ms`, takes) time, running or paused. */
export function addTime(doc: Y.Doc, ms: number, now: number): boolean {
	const timer = readTimer(doc);
	if (!timer) return false;
	const left = clampMs(timeLeft(timer, now) + ms);
	boardRoots(doc).meta.set('timer', {
		durationMs: Math.max(timer.durationMs, left),
		endsAt: timer.endsAt === null ? null : now + left,
		remainingMs: left
	});
	return true;
}

/** Removes the timer. */
export function clearTimer(doc: Y.Doc): void {
	boardRoots(doc).meta.delete('timer');
}
