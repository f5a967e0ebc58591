/**
 * How far this device's clock is from the server's, so a countdown whose end is in server time
 * reads the same on every screen. A few round trips to `/time`; the one with the shortest trip
 * wins, taking the server's reading as made halfway through it.
 */
export async function measureServerOffset(samples = 3): Promise<number | null> {
	let best: { rtt: number; offset: number } | null = null;
	for (let i = 0; i < samples; i++) {
		try {
			const sent = Date.now();
			const response = await fetch('/time', { cache: 'no-store', headers: { accept: 'application/json' } });
			const received = Date.now();
			if (!response.ok) return best?.offset ?? null;
			const { now } = (await response.json()) as { now: unknown };
			if (typeof now !== 'number') return best?.offset ?? null;
			const rtt = received - sent;
			if (!best || rtt < best.rtt) best = { rtt, offset: now + rtt / 2 - received };
		} catch {
			// Offline: keep what we have (the page's own reading, see BoardSession).
			break;
		}
	}
	return best?.offset ?? null;
}
