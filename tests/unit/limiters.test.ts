import { describe, expect, it } from 'vitest';
import { createMemoryLimiters, LIMIT_RULES, memoryStore } from '../../src/lib/server/limits/limiters.ts';
import { describeLimiterStore } from '../helpers/limiter-contract.ts';

describeLimiterStore('memory (one process)', () => memoryStore);

describe('the app’s limits', () => {
	it('give each limit its own name, so a shared store keeps their counts apart', () => {
		const names = Object.values(LIMIT_RULES).map((rule) => rule.name);
		expect(new Set(names).size).toBe(names.length);
	});

	it('are independent counters: spending one leaves the others', async () => {
		const limiters = createMemoryLimiters();
		for (let i = 0; i < LIMIT_RULES.feedbackSubmit.points; i++) await limiters.feedbackSubmit.consume('203.0.113.9');
		expect((await limiters.feedbackSubmit.consume('203.0.113.9')).allowed).toBe(false);
		expect((await limiters.feedbackReceipt.consume('203.0.113.9')).allowed).toBe(true);
		expect((await limiters.joinFailures.peek('203.0.113.9')).remaining).toBe(LIMIT_RULES.joinFailures.points);
	});
});
