/**
 * What one collab connection may send: a token bucket for messages and one for bytes. A fast
 * real user stays far inside both (bench/collab-rate.bench.ts). A connection over budget is
 * throttled: the hub stops reading its socket until the debt is paid, so its updates are delayed,
 * never dropped, and nobody else waits. What it sends meanwhile waits in its socket and arrives
 * together when reading resumes; once that is a whole burst of debt (a sender that keeps going
 * faster than the limit, or a flood read in one go), it is flooding and is closed.
 */

export interface RateLimits {
	messagesPerSecond: number;
	/** Messages that may arrive at once. */
	messageBurst: number;
	bytesPerSecond: number;
	/** Bytes that may arrive at once; at least the largest message allowed. */
	byteBurst: number;
}

/**
 * Defaults: a fast user peaks at about 40 messages and 9 KiB in a second (dragging notes: the
 * pointer and the drag shared 20 times a second each; bench/README.md). One largest message (the
 * whole of an offline session's edits, on reconnecting) always fits the byte burst: config.ts.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
	messagesPerSecond: 100,
	messageBurst: 500,
	bytesPerSecond: 256 * 1024,
	byteBurst: 1024 * 1024
};

export type Verdict =
	/** Go on. */
	| { kind: 'ok' }
	/** Handle this message, then read nothing more from the socket for `ms`. */
	| { kind: 'throttle'; ms: number }
	/** Close the connection; handle nothing more from it. */
	| { kind: 'flood' };

class TokenBucket {
	#rate: number;
	#burst: number;
	#tokens: number;
	#at: number;

	constructor(perSecond: number, burst: number, now: number) {
		this.#rate = perSecond / 1000;
		this.#burst = burst;
		this.#tokens = burst;
		this.#at = now;
	}

	/** Takes `n` tokens (the balance may go negative); returns the balance. */
	take(n: number, now: number): number {
		this.#tokens = Math.min(this.#burst, this.#tokens + Math.max(0, now - this.#at) * this.#rate);
		this.#at = Math.max(this.#at, now);
		this.#tokens -= n;
		return this.#tokens;
	}

	/** How long until a negative balance is back to zero, in ms. */
	debtMs(balance: number): number {
		return balance < 0 ? -balance / this.#rate : 0;
	}
}

/** One connection's budgets. `now` is in ms (Date.now() or a test clock). */
export class ConnectionThrottle {
	readonly #limits: RateLimits;
	readonly #messages: TokenBucket;
	readonly #bytes: TokenBucket;

	constructor(limits: RateLimits, now: number) {
		this.#limits = limits;
		this.#messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now);
		this.#bytes = new TokenBucket(limits.bytesPerSecond, limits.byteBurst, now);
	}

	/**
	 * Charges one message that costs `bytes` (its size, plus what answering it costs for a
	 * request to send the whole board again).
	 */
	admit(bytes: number, now: number): Verdict {
		const messages = this.#messages.take(1, now);
		const byteBalance = this.#bytes.take(bytes, now);
		if (messages < -this.#limits.messageBurst || byteBalance < -this.#limits.byteBurst) return { kind: 'flood' };
		const ms = Math.max(this.#messages.debtMs(messages), this.#bytes.debtMs(byteBalance));
		return ms > 0 ? { kind: 'throttle', ms } : { kind: 'ok' };
	}
}

/** A sync step 1 (a request for everything the sender lacks): message type 0, step 0. */
export function isSyncRequest(message: Uint8Array): boolean {
	return message.length >= 2 && message[0] === 0 && message[1] === 0;
}
