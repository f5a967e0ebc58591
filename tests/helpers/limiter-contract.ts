import { describe, expect, it } from 'vitest';
import { limiterOn, type LimiterStore, type LimitRule } from '../../src/lib/server/limits/limiter.ts';

let counter = 0;
/** A rule no other test shares (a shared store keeps keys between tests). */
function rule(points: number, durationS: number): LimitRule {
	return { name: `contract-${process.pid}-${Date.now().toString(36)}-${counter++}`, points, durationS };
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
		await new Promise((resolve) => setImmediate(resolve));
	}
}

/**
 * What every Limiters store must do, run against each (memory here; Redis where a deployment
 * shares limits between nodes): call it from a test file with the store to check.
 */
export function describeLimiterStore(name: string, store: () => LimiterStore): void {
	describe(`a limiter in ${name}`, () => {
		it('allows the rule’s points for a key, then refuses, leaving other keys alone', async () => {
			const r = rule(3, 60);
			const limiter = limiterOn(r, store()(r));
			const results = [];
			for (let i = 0; i < 4; i++) results.push((await limiter.consume('a')).allowed);
			expect(results).toEqual([true, true, true, false]);
			expect((await limiter.consume('b')).allowed).toBe(true);
			const spent = await limiter.peek('a');
			expect(spent.remaining).toBe(0);
			expect(spent.resetMs).toBeGreaterThan(0);
			expect(spent.resetMs).toBeLessThanOrEqual(60_000);
		});

		it('reports a key it never saw as untouched', async () => {
			const r = rule(5, 60);
			expect(await limiterOn(r, store()(r)).peek('nobody')).toEqual({ remaining: 5, resetMs: 0 });
		});

		it('counts penalties beyond the points without refusing them, and a reset forgets them', async () => {
			const r = rule(2, 60);
			const limiter = limiterOn(r, store()(r));
			for (let i = 0; i < 5; i++) await limiter.penalty('k');
			expect((await limiter.peek('k')).remaining).toBe(0);
			expect((await limiter.consume('k')).allowed).toBe(false);
			await limiter.reset('k');
			expect(await limiter.peek('k')).toEqual({ remaining: 2, resetMs: 0 });
		});

		it('gives points back on reward', async () => {
			const r = rule(2, 60);
			const limiter = limiterOn(r, store()(r));
			await limiter.consume('k', 2);
			expect((await limiter.reward('k')).remaining).toBe(1);
			expect((await limiter.consume('k')).allowed).toBe(true);
		});

		it('never lets concurrent consumers past the points', async () => {
			const r = rule(10, 60);
			const limiter = limiterOn(r, store()(r));
			const results = await Promise.all(Array.from({ length: 25 }, () => limiter.consume('burst')));
			expect(results.filter((result) => result.allowed)).toHaveLength(10);
		});

		it('gives every point back when the window ends', async () => {
			const r = rule(1, 1);
			const limiter = limiterOn(r, store()(r));
			await limiter.consume('k');
			expect((await limiter.consume('k')).allowed).toBe(false);
			await eventually(async () => (await limiter.peek('k')).remaining === 1, 'the window ends');
			expect((await limiter.consume('k')).allowed).toBe(true);
		});
	});
}
