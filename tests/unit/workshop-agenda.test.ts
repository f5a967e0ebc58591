import { describe, expect, it } from 'vitest';
import { formatClock, parseClock, scheduleAgenda } from '../../src/lib/domain/workshops.ts';

describe('a workshop agenda’s times', () => {
	it('starts each step when the one before it ends, from the workshop’s start time', () => {
		const { steps, totalMinutes, startsAt, endsAt } = scheduleAgenda('09:00', [{ minutes: 15 }, { minutes: 40 }, { minutes: 20 }]);
		expect(steps.map((s) => [formatClock(s.startsAt), formatClock(s.endsAt)])).toEqual([
			['09:00', '09:15'],
			['09:15', '09:55'],
			['09:55', '10:15']
		]);
		expect(totalMinutes).toBe(75);
		expect(formatClock(startsAt)).toBe('09:00');
		expect(formatClock(endsAt)).toBe('10:15');
	});

	it('recomputes every later start when a step is moved or resized, and nothing earlier', () => {
		const before = scheduleAgenda('13:30', [{ minutes: 10 }, { minutes: 30 }, { minutes: 15 }]).steps.map((s) => s.startsAt);
		const moved = scheduleAgenda('13:30', [{ minutes: 10 }, { minutes: 15 }, { minutes: 30 }]).steps.map((s) => s.startsAt);
		const resized = scheduleAgenda('13:30', [{ minutes: 10 }, { minutes: 35 }, { minutes: 15 }]).steps.map((s) => s.startsAt);
		expect(before.map(formatClock)).toEqual(['13:30', '13:40', '14:10']);
		expect(moved.map(formatClock)).toEqual(['13:30', '13:40', '13:55']);
		expect(resized.map(formatClock)).toEqual(['13:30', '13:40', '14:15']);
	});

	it('keeps what each step carries', () => {
		const { steps } = scheduleAgenda('08:00', [{ minutes: 5, id: 'a', title: 'ต้อนรับ' }]);
		expect(steps[0]).toMatchObject({ id: 'a', title: 'ต้อนรับ', startsAt: 480, endsAt: 485 });
	});

	it('has no steps and no length when the agenda is empty', () => {
		const empty = scheduleAgenda('10:00', []);
		expect(empty.steps).toEqual([]);
		expect(empty.totalMinutes).toBe(0);
		expect(formatClock(empty.endsAt)).toBe('10:00');
	});

	it('reads a clock past midnight as the next day’s', () => {
		expect(formatClock(scheduleAgenda('23:30', [{ minutes: 45 }]).endsAt)).toBe('00:15');
	});

	it('accepts only real 24-hour times written HH:MM', () => {
		expect(parseClock('00:00')).toBe(0);
		expect(parseClock('09:05')).toBe(545);
		expect(parseClock('23:59')).toBe(1439);
		for (const bad of ['24:00', '9:00', '12:60', '12.30', '', ' ', 'noon', null, 930]) expect(parseClock(bad)).toBeNull();
	});
});
