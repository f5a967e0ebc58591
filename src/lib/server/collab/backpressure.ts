import type { Socket } from 'node:net';
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

/** The TCP socket under a ws socket (ws keeps it as `_socket`), if it still has one. */
export function tcpOf(socket: WebSocket): Socket | undefined {
	return (socket as unknown as { _socket?: Socket })._socket;
}

/** The TCP sockets corked in this turn of the event loop (see `corkForTurn`). */
const corked = new Set<Socket>();

function uncorkAll(): void {
	for (const socket of corked) socket.uncork();
	corked.clear();
}

/**
 * Holds a socket's writes until the current run of callbacks ends, then sends them together: a
 * batch of stored updates (board-store.ts commits many at once) relayed to a socket goes out in
 * one write instead of one system call per update. The uncork runs on the next tick, after every
 * promise callback queued now (the relays of a batch are such callbacks), so nothing waits longer
 * than the callbacks already running.
 */
export function corkForTurn(socket: WebSocket): void {
	// ws's own sender corks around each frame the same way.
	const tcp = tcpOf(socket);
	if (!tcp || corked.has(tcp)) return;
	tcp.cork();
	corked.add(tcp);
	if (corked.size === 1) process.nextTick(uncorkAll);
}
