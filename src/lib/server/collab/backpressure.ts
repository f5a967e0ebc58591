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

/**
 * Frames already built, per message: one relayed update or awareness message goes to every
 * socket of a board as the same bytes, so its frame is built once for all of them.
 */
const frames = new WeakMap<Uint8Array, Buffer>();

/**
 * Sends a binary message as `socket.send` does, with its WebSocket frame built once per message
 * instead of once per socket: the frame a server sends carries no mask (RFC 6455 §5.1), so it is
 * the same for every receiver, and it goes to the TCP socket in one write. ws's own send built a
 * header and options per socket and wrote header and payload as two chunks (a `writev`). Safe
 * alongside ws's sends because the hub's WebSocketServer compresses nothing (ws queues frames
 * only while it compresses), and the room writes only to an OPEN socket.
 */
export function sendBinary(socket: WebSocket, message: Uint8Array): void {
	const tcp = tcpOf(socket);
	if (!tcp || !tcp.writable) {
		socket.send(message);
		return;
	}
	let frame = frames.get(message);
	if (!frame) frames.set(message, (frame = binaryFrame(message)));
	tcp.write(frame);
}

/** A final, unmasked binary WebSocket frame holding `payload` (RFC 6455 §5.2). */
export function binaryFrame(payload: Uint8Array): Buffer {
	const length = payload.byteLength;
	const header = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
	const frame = Buffer.allocUnsafe(header + length);
	frame[0] = 0x82; // FIN, opcode 2 (binary)
	if (header === 2) frame[1] = length;
	else if (header === 4) {
		frame[1] = 126;
		frame.writeUInt16BE(length, 2);
	} else {
		frame[1] = 127;
		frame.writeBigUInt64BE(BigInt(length), 2);
	}
	frame.set(payload, header);
	return frame;
}
