/**
 * The hub builds a relayed message's WebSocket frame once for every receiver and writes it to
 * the TCP socket itself (backpressure.ts, `sendBinary`). A real ws client on a real socket reads
 * them here: the three length encodings of RFC 6455 §5.2 at their edges, in order with what ws
 * itself sends on the same socket, and one frame shared by several sockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { binaryFrame, sendBinary } from '../../src/lib/server/collab/backpressure.ts';

const servers: WebSocketServer[] = [];
const clients: WebSocket[] = [];

afterEach(async () => {
	for (const client of clients.splice(0)) client.terminate();
	for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A server (as the hub's: no compression) and `count` clients, each with the server's side of its socket. */
async function connect(count: number): Promise<{ server: WebSocket; received: Uint8Array[] }[]> {
	const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
	servers.push(wss);
	await new Promise((resolve) => wss.once('listening', resolve));
	const pairs: { server: WebSocket; received: Uint8Array[] }[] = [];
	for (let i = 0; i < count; i++) {
		const accepted = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
		const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
		clients.push(client);
		const received: Uint8Array[] = [];
		client.on('message', (data: Buffer, binary: boolean) => received.push(binary ? new Uint8Array(data) : new TextEncoder().encode(`text:${data}`)));
		await new Promise((resolve) => client.once('open', resolve));
		pairs.push({ server: await accepted, received });
	}
	return pairs;
}

async function until(check: () => boolean): Promise<void> {
	for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

function payload(length: number, seed = 7): Uint8Array {
	return Uint8Array.from({ length }, (_, i) => (i * 31 + seed) % 256);
}

describe('a relayed message’s frame', () => {
	it('carries payloads of every length encoding as final binary messages, in order with ws’s own sends', async () => {
		const [pair] = await connect(1);
		const { server, received } = pair!;
		const lengths = [0, 1, 125, 126, 65_535, 65_536, 200_000];
		const expected: Uint8Array[] = [];
		for (const length of lengths) {
			const message = payload(length);
			sendBinary(server, message);
			expected.push(message);
			// ws's own send between them (the hub's notices go that way).
			server.send(payload(3, length));
			expected.push(payload(3, length));
		}
		await until(() => received.length >= expected.length);
		expect(received).toEqual(expected);
	});

	it('gives every socket of a board the same message from one frame', async () => {
		const pairs = await connect(3);
		const message = payload(300);
		for (const { server } of pairs) sendBinary(server, message);
		await until(() => pairs.every((p) => p.received.length === 1));
		for (const { received } of pairs) expect(received).toEqual([message]);
		expect(binaryFrame(message).byteLength).toBe(4 + 300);
		expect(binaryFrame(payload(125)).byteLength).toBe(2 + 125);
		expect(binaryFrame(payload(65_536)).byteLength).toBe(10 + 65_536);
	});
});
