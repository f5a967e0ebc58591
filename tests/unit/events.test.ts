import { describe, expect, it } from 'vitest';
import { createLocalEvents, type AccessChange } from '../../src/lib/server/events/events.ts';

describe('events in one process', () => {
	it('resolves a publish only once every subscriber has handled it', async () => {
		const events = createLocalEvents();
		const handled: string[] = [];
		events.subscribe('access-changed', async (change) => {
			await Promise.resolve();
			handled.push(`slow ${change.scope}`);
		});
		events.subscribe('access-changed', (change) => void handled.push(`quick ${change.scope}`));
		await events.publish('access-changed', { scope: 'session', sessionId: 's1' });
		expect(handled.sort()).toEqual(['quick session', 'slow session']);
	});

	it('hands each subscriber a copy, and stops delivering once unsubscribed', async () => {
		const events = createLocalEvents();
		const seen: AccessChange[] = [];
		const unsubscribe = events.subscribe('access-changed', (change) => void seen.push(change));
		const change: AccessChange = { scope: 'membership', projectId: 'p1', userId: 'u1' };
		await events.publish('access-changed', change);
		expect(seen).toEqual([change]);
		expect(seen[0]).not.toBe(change);
		unsubscribe();
		await events.publish('access-changed', { scope: 'user', userId: 'u1' });
		expect(seen).toHaveLength(1);
	});

	it('reaches the other subscribers when one fails, and reports the failure', async () => {
		const logged: string[] = [];
		const events = createLocalEvents((message) => logged.push(message));
		let reached = false;
		events.subscribe('access-changed', () => {
			throw new Error('broken subscriber');
		});
		events.subscribe('access-changed', () => void (reached = true));
		await events.publish('access-changed', { scope: 'guest', guestId: 'g1' });
		expect(reached).toBe(true);
		expect(logged).toEqual(['a subscriber of access-changed failed']);
	});
});
