/**
 * How many collab sockets one user, one guest and one client address may hold open at once. A
 * socket costs the server memory for as long as it is open (its buffers, its place in a room),
 * so nobody may open hundreds (one session opened 600 before these limits, issue 8).
 */
export interface SocketLimits {
	perUser: number;
	perGuest: number;
	perAddress: number;
}

/**
 * - 20 per user: a facilitator with the four stage boards open on a laptop and a phone, each
 *   briefly twice while a reconnect overlaps a socket that has not closed yet, is 16.
 * - 8 per guest: a guest has one board; a phone and a laptop, a tab or two each, doubled the same way.
 * - 200 per address: a workshop of 40 on one Wi-Fi shares one public address behind its router;
 *   each with up to four sockets (two tabs or devices, each doubled during a reconnect) is 160,
 *   and the projector's and facilitators' fit in the rest.
 */
export const DEFAULT_SOCKET_LIMITS: SocketLimits = { perUser: 20, perGuest: 8, perAddress: 200 };

export class SocketCounts {
	readonly #limits: Record<'user' | 'guest' | 'address', number>;
	readonly #counts = new Map<string, number>();

	constructor(limits: SocketLimits) {
		this.#limits = { user: limits.perUser, guest: limits.perGuest, address: limits.perAddress };
	}

	/** Takes a slot for one more socket; false when `who` has all theirs already. */
	take(kind: 'user' | 'guest' | 'address', who: string): boolean {
		const key = `${kind}:${who}`;
		const count = this.#counts.get(key) ?? 0;
		if (count >= this.#limits[kind]) return false;
		this.#counts.set(key, count + 1);
		return true;
	}

	give(kind: 'user' | 'guest' | 'address', who: string): void {
		const key = `${kind}:${who}`;
		const count = (this.#counts.get(key) ?? 0) - 1;
		if (count > 0) this.#counts.set(key, count);
		else this.#counts.delete(key);
	}
}
