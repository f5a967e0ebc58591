import { describe, expect, it } from 'vitest';
import { PROTOTYPE_STATUSES, STATUS_PATH, canTransition, nextStatuses, statusForOutcome } from '../../src/lib/domain/prototype-lifecycle.ts';

describe('the prototype lifecycle', () => {
	it('moves forward one step at a time along idea → building → testing → piloting → scaled', () => {
		for (let i = 0; i + 1 < STATUS_PATH.length; i++) {
			expect(canTransition(STATUS_PATH[i]!, STATUS_PATH[i + 1]!)).toBe(true);
		}
	});

	it('refuses to skip a step forward', () => {
		expect(canTransition('idea', 'testing')).toBe(false);
		expect(canTransition('idea', 'scaled')).toBe(false);
		expect(canTransition('building', 'piloting')).toBe(false);
		expect(canTransition('testing', 'scaled')).toBe(false);
	});

	it('lets a test send a prototype back one step, because design thinking loops', () => {
		expect(canTransition('testing', 'building')).toBe(true);
		expect(canTransition('piloting', 'testing')).toBe(true);
		expect(canTransition('piloting', 'idea')).toBe(false);
	});

	it('lets anything still alive be dropped, and a dropped prototype only come back as an idea', () => {
		for (const status of PROTOTYPE_STATUSES) {
			if (status !== 'dropped') expect(canTransition(status, 'dropped')).toBe(true);
		}
		expect(nextStatuses('dropped')).toEqual(['idea']);
	});

	it('never allows staying where it is', () => {
		for (const status of PROTOTYPE_STATUSES) expect(canTransition(status, status)).toBe(false);
	});

	it('lists the allowed moves in lifecycle order', () => {
		expect(nextStatuses('testing')).toEqual(['building', 'piloting', 'dropped']);
	});

	it('maps each decision to the status it points to', () => {
		expect(statusForOutcome('iterate')).toBe('building');
		expect(statusForOutcome('pilot')).toBe('piloting');
		expect(statusForOutcome('scale')).toBe('scaled');
		expect(statusForOutcome('drop')).toBe('dropped');
	});
});
