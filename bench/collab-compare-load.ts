/**
 * One load-generator process of `collab-compare.bench.ts` (run pinned to the core the server is
 * not on). Lean y-websocket clients over `ws`: each syncs once, then writes notes and reads what
 * the server relays without applying it — only the time stamp written into each note is looked
 * for, so that the generator costs little beside the server it measures.
 *
 * Protocol: argv[2] is a JSON `LoadPlan`; the process prints `{"ready":true}` once every client
 * has synced, waits for `{"start":EPOCH_MS}` on stdin, runs, and prints one JSON `LoadResult`.
 */
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { addNote } from '../src/lib/board/index.ts';

export interface LoadClient {
	url: string;
	headers: Record<string, string>;
	/** How this client writes: one note a second at `phase` ms into each second, as fast as its observer lets it, at `rate` a second, or not at all. */
	writes: 'each-second' | 'flood' | 'paced' | null;
	phase?: number;
	/** For a flood or paced writer: the index (in this process) of the client that watches its board. */
	observer?: number;
	/** Records latencies of what it receives. */
	records: boolean;
}

export interface LoadPlan {
	clients: LoadClient[];
	author: string;
	/** Notes a second for each paced writer. */
	rate: number;
	/** Notes a flood writer may have unseen by its observer. */
	window: number;
	warmupMs: number;
	measureMs: number;
	/** This process's number, in the markers (a client skips its own notes). */
	process: number;
}

export interface LoadResult {
	/** Latency histogram as [bin, count] pairs: bin i counts samples in [i/10, (i+1)/10) ms; the last bin is everything longer. */
	histogram: [number, number][];
	/** Notes observed (by observers) inside the measuring window. */
	observed: number;
	/** Notes written inside the measuring window. */
	written: number;
	/** Clients closed by the server. */
	closed: number;
	/** Frames with others' notes that recording clients received inside the measuring window, and the notes in them. */
	frames: number;
	framedNotes: number;
}

const BINS = 100_000;
const MARK = Buffer.from('@@t');
const now = () => performance.timeOrigin + performance.now();

const plan = JSON.parse(process.argv[2]!) as LoadPlan;
const histogram = new Uint32Array(BINS + 1);
let observed = 0;
let frames = 0;
let framedNotes = 0;
let written = 0;
let closed = 0;
let measureFrom = Infinity;
let measureTo = Infinity;
let stopAt = Infinity;

interface Live {
	plan: LoadClient;
	index: number;
	socket: WebSocket;
	doc: Y.Doc;
	synced: boolean;
	/** For a flood writer: notes written, and seen by its observer. */
	sent: number;
	seen: number;
	/** For an observer: the writers it reports to, by their index. */
	writers: Map<number, Live>;
	pending: Uint8Array[];
}

function frame(write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	write(e);
	return encoding.toUint8Array(e);
}

const clients: Live[] = [];

const DOT = 46;
const AT = 64;

/**
 * The unsigned decimal number in `data` from `at` up to the byte `stop` (digits and at most one
 * dot), and where `stop` is; -1 for the position when the number is cut off. Read by hand rather
 * than through strings, `split` and `Number`: at 500 clients the generators read about 250,000
 * notes a second, and string parsing was a third of their CPU.
 */
function readNumber(data: Buffer, at: number, stop: number): [value: number, end: number] {
	let whole = 0;
	let fraction = 0;
	let scale = 0;
	for (let i = at; i < data.length; i++) {
		const byte = data[i]!;
		if (byte === stop) return [scale === 0 ? whole : whole + fraction / scale, i];
		if (byte === DOT && scale === 0) scale = 1;
		else if (scale === 0) whole = whole * 10 + byte - 48;
		else {
			fraction = fraction * 10 + byte - 48;
			scale *= 10;
		}
	}
	return [0, -1];
}

/** Scans a relayed message for note markers `@@t<ms>@<process>.<client>@@`. */
function onUpdate(client: Live, data: Buffer): void {
	let at = data.indexOf(MARK);
	if (at < 0) return;
	const received = now();
	const counted = client.plan.records && received >= measureFrom && received < measureTo;
	let notes = 0;
	while (at >= 0) {
		const [sentAt, end] = readNumber(data, at + 3, AT);
		if (end < 0) break;
		const [proc, dot] = readNumber(data, end + 1, DOT);
		if (dot < 0) break;
		const [index, close] = readNumber(data, dot + 1, AT);
		if (close < 0) break;
		const own = proc === plan.process && index === client.index;
		if (!own) notes++;
		if (!own && client.plan.records && sentAt >= measureFrom && sentAt < measureTo) {
			histogram[Math.min(BINS, Math.floor((received - sentAt) * 10))]!++;
		}
		if (proc === plan.process) {
			const writer = client.writers.get(index);
			if (writer) {
				writer.seen++;
				if (received >= measureFrom && received < measureTo) observed++;
				if (writer.plan.writes === 'flood') flood(writer);
			}
		}
		at = data.indexOf(MARK, close);
	}
	if (counted && notes > 0) {
		frames++;
		framedNotes += notes;
	}
}

function writeNote(client: Live): void {
	const t = now();
	const tag = `@@t${t.toFixed(3)}@${plan.process}.${client.index}@@`;
	addNote(client.doc, { text: `บันทึก ${tag}`, x: (client.sent % 40) * 210, y: Math.floor(client.sent / 40) * 170, author: plan.author });
	client.sent++;
	if (t >= measureFrom && t < measureTo) written++;
}

function flood(client: Live): void {
	while (client.sent - client.seen < plan.window && now() < stopAt) writeNote(client);
}

function connect(spec: LoadClient, index: number): Promise<Live> {
	return new Promise((resolve, reject) => {
		const socket = new WebSocket(spec.url, { headers: spec.headers, perMessageDeflate: false });
		socket.binaryType = 'nodebuffer';
		const doc = new Y.Doc();
		const client: Live = { plan: spec, index, socket, doc, synced: false, sent: 0, seen: 0, writers: new Map(), pending: [] };
		doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === 'server') return;
			socket.send(
				frame((e) => {
					encoding.writeVarUint(e, 0);
					syncProtocol.writeUpdate(e, update);
				})
			);
		});
		socket.on('open', () => {
			socket.send(
				frame((e) => {
					encoding.writeVarUint(e, 0);
					syncProtocol.writeSyncStep1(e, doc);
				})
			);
		});
		socket.on('message', (data: Buffer) => {
			if (data[0] !== 0) return;
			if (client.synced) {
				if (data[1] === 2 || data[1] === 1) onUpdate(client, data);
				return;
			}
			const decoder = decoding.createDecoder(data);
			decoding.readVarUint(decoder);
			const step = decoding.readVarUint(decoder);
			if (step === syncProtocol.messageYjsSyncStep1) {
				const reply = encoding.createEncoder();
				encoding.writeVarUint(reply, 0);
				syncProtocol.writeSyncStep2(reply, doc, decoding.readVarUint8Array(decoder));
				socket.send(encoding.toUint8Array(reply));
			} else if (step === syncProtocol.messageYjsSyncStep2) {
				// The board as it is: applied once, so that this client's notes build on it.
				Y.applyUpdate(doc, decoding.readVarUint8Array(decoder), 'server');
				client.synced = true;
				resolve(client);
			}
		});
		socket.on('close', () => closed++);
		socket.on('error', reject);
	});
}

for (const [index, spec] of plan.clients.entries()) clients.push(await connect(spec, index));
for (const client of clients) {
	if (client.plan.observer !== undefined) clients[client.plan.observer]!.writers.set(client.index, client);
}
console.log(JSON.stringify({ ready: true }));

const lines = createInterface({ input: process.stdin });
const start = await new Promise<number>((resolve) =>
	lines.on('line', (line) => {
		const message = JSON.parse(line) as { start?: number };
		if (message.start) resolve(message.start);
	})
);
measureFrom = start + plan.warmupMs;
measureTo = measureFrom + plan.measureMs;
stopAt = measureTo;
const timers: ReturnType<typeof setTimeout>[] = [];
await new Promise((resolve) => setTimeout(resolve, Math.max(0, start - now())));

for (const client of clients) {
	const spec = client.plan;
	if (spec.writes === 'each-second') {
		timers.push(
			setTimeout(() => {
				writeNote(client);
				timers.push(setInterval(() => now() < stopAt && writeNote(client), 1000));
			}, spec.phase ?? 0)
		);
	} else if (spec.writes === 'flood') {
		flood(client);
		// A writer whose window closed on notes the server dropped would stop: nudge it.
		timers.push(setInterval(() => flood(client), 50));
	} else if (spec.writes === 'paced') {
		const began = now();
		const pace = () => {
			const due = Math.floor(((now() - began) / 1000) * plan.rate);
			while (client.sent < due && now() < stopAt) writeNote(client);
			if (now() < stopAt) timers.push(setTimeout(pace, 1));
		};
		pace();
	}
}

// Whatever was written in the window, given a second to arrive.
await new Promise((resolve) => setTimeout(resolve, Math.max(0, stopAt + 1000 - now())));
for (const timer of timers) clearTimeout(timer);
const bins: [number, number][] = [];
histogram.forEach((count, bin) => count > 0 && bins.push([bin, count]));
const result: LoadResult = { histogram: bins, observed, written, closed, frames, framedNotes };
for (const client of clients) client.socket.terminate();
// Exits once the line is out (a pipe is written asynchronously).
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
