import type { WebSocket } from 'ws';

/**
 * Whether the hub reads a socket. Several reasons may hold it at once (the sender is over its
 * rate limit; the socket is too slow to take what it asked for); it is read again only once
 * none does. Not reading a socket is the back-pressure TCP carries to its sender: it cannot ask
 * for more than it has room to send.
 */
export class ReadGate {
	readonly #socket: WebSocket;
	/** How many holds of each reason (an access check may overlap another). */
	readonly #holds = new Map<string, number>();

	constructor(socket: WebSocket) {
		this.#socket = socket;
	}

	get held(): boolean {
		return this.#holds.size > 0;
	}

	hold(reason: string): void {
		if (this.#holds.size === 0) this.#socket.pause();
		this.#holds.set(reason, (this.#holds.get(reason) ?? 0) + 1);
	}

	release(reason: string): void {
		const left = (this.#holds.get(reason) ?? 0) - 1;
		if (left > 0) return void this.#holds.set(reason, left);
		if (!this.#holds.delete(reason)) return;
		// A closing socket too: its closing handshake is read like anything else.
		if (this.#holds.size === 0) this.#socket.resume();
	}
}
