/**
 * Property: whatever several clients do to a board — random note and section operations, random
 * disconnects (editing offline meanwhile), random message delays — once they are all connected
 * again, every client and the server hold the same board.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import {
	addNote,
	clusterNotes,
	deleteNotes,
	listNotes,
	listSections,
	moveSection,
	NoteIndex,
	updateNote,
	updateNotes,
	NOTE_COLORS
} from '../../src/lib/board/index.ts';
import { makeBoardFixture, startCollabServer, until, type BoardFixture, type CollabServer } from './collab-harness.ts';

/** A small seeded PRNG (mulberry32), so a failing seed can be replayed. */
function prng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (n: number) => Math.floor(next() * n),
		pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
	};
}

type Random = ReturnType<typeof prng>;

/**
 * A `ws` socket whose frames, both ways, are held back by a random delay, in order (TCP never
 * reorders), so updates cross each other the way they do on a slow, jittery network.
 */
function jitterySocket(headers: Record<string, string>, random: Random, maxDelayMs: number) {
	return class JitterySocket extends WebSocket {
		#outbox: Promise<void> = Promise.resolve();
		#inbox: Promise<void> = Promise.resolve();

		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols ?? [], { headers });
			// The provider sets `onmessage`; ours sits in front of it and holds each message back.
			let handler: ((event: WebSocket.MessageEvent) => void) | null = null;
			const native = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage')!;
			native.set!.call(this, (event: WebSocket.MessageEvent) => {
				const delay = random.int(maxDelayMs);
				this.#inbox = this.#inbox.then(() => new Promise((resolve) => setTimeout(resolve, delay))).then(() => handler?.(event));
			});
			Object.defineProperty(this, 'onmessage', {
				get: () => handler,
				set: (value: typeof handler) => (handler = value),
				configurable: true
			});
		}

		override send(data: unknown): void {
			const delay = random.int(maxDelayMs);
			this.#outbox = this.#outbox
				.then(() => new Promise((resolve) => setTimeout(resolve, delay)))
				.then(() => {
					if (this.readyState === WebSocket.OPEN) super.send(data as Buffer);
				});
		}
	};
}

let server: CollabServer;
let fx: BoardFixture;
const cleanups: (() => void)[] = [];

beforeEach(async () => {
	server = await startCollabServer({ compactAfterUpdates: 40 });
	fx = await makeBoardFixture(server.db);
});

afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) cleanup();
	await server.close();
});

interface Peer {
	doc: Y.Doc;
	provider: WebsocketProvider;
	index: NoteIndex;
	author: string;
}

function randomOperation(peer: Peer, random: Random): void {
	const doc = peer.doc;
	const notes = listNotes(doc);
	const note = notes.length ? random.pick(notes) : null;
	const roll = random.int(100);
	if (roll < 30 || !note) {
		addNote(doc, { text: `โน้ต ${random.int(1e6)}`, x: random.int(2000), y: random.int(2000), author: peer.author, color: random.pick(NOTE_COLORS) });
	} else if (roll < 45) {
		updateNote(doc, note.id, { text: `${note.text} แก้ ${random.int(100)}` });
	} else if (roll < 65) {
		updateNote(doc, note.id, { x: note.x + random.int(200) - 100, y: note.y + random.int(200) - 100 });
	} else if (roll < 72) {
		updateNote(doc, note.id, { color: random.pick(NOTE_COLORS) });
	} else if (roll < 80) {
		deleteNotes(doc, [note.id]);
	} else if (roll < 85) {
		const group = notes.filter(() => random.next() < 0.2).map((n) => n.id);
		if (group.length) clusterNotes(doc, group, `กลุ่ม ${random.int(100)}`);
	} else if (roll < 92) {
		const sections = listSections(doc);
		if (sections.length) {
			const s = random.pick(sections);
			moveSection(doc, s.id, s.x + random.int(100) - 50, s.y + random.int(100) - 50);
		}
	} else {
		const patches = new Map(notes.filter(() => random.next() < 0.3).map((n) => [n.id, { w: 100 + random.int(200), h: 100 + random.int(200) }]));
		updateNotes(doc, patches);
	}
}

async function runScenario(seed: number, peersCount: number, steps: number): Promise<void> {
	const random = prng(seed);
	const board = fx.boards.ideate;
	const people = [fx.facilitator, fx.member];
	const peers: Peer[] = [];
	for (let i = 0; i < peersCount; i++) {
		const person = people[i % people.length]!;
		const doc = new Y.Doc();
		const Socket = jitterySocket({ cookie: person.cookie, origin: server.origin }, random, 25);
		const provider = new WebsocketProvider(server.collabUrl, board, doc, {
			WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket,
			disableBc: true,
			maxBackoffTime: 100
		});
		const peer = { doc, provider, index: new NoteIndex(doc), author: person.id };
		peers.push(peer);
		cleanups.push(() => {
			peer.index.destroy();
			provider.destroy();
			doc.destroy();
		});
	}
	await until(() => peers.every((p) => p.provider.synced), 'every peer synced');

	for (let step = 0; step < steps; step++) {
		if (step === Math.floor(steps / 2)) {
			// Halfway, everyone leaves: the server compacts and unloads the board while the peers go
			// on editing offline, then come back to a board loaded afresh from SQLite.
			for (const p of peers) p.provider.disconnect();
			await until(() => server.hub.stats().boards === 0, 'the board is unloaded');
		}
		const peer = random.pick(peers);
		const roll = random.int(100);
		if (roll < 6 && peer.provider.shouldConnect) peer.provider.disconnect();
		else if (roll < 12 && !peer.provider.shouldConnect) peer.provider.connect();
		else randomOperation(peer, random);
		// Let the network move now and then, so operations interleave with deliveries.
		if (random.int(4) === 0) await new Promise((resolve) => setTimeout(resolve, random.int(15)));
	}

	for (const peer of peers) if (!peer.provider.shouldConnect) peer.provider.connect();
	const snapshot = (doc: Y.Doc) => JSON.stringify({ notes: listNotes(doc), sections: listSections(doc) });
	await until(
		() => {
			const first = snapshot(peers[0]!.doc);
			return peers.every((p) => p.provider.synced && snapshot(p.doc) === first);
		},
		`seed ${seed}: the peers converge`,
		20_000
	);

	const expected = snapshot(peers[0]!.doc);
	expect(await server.hub.readBoard(board, (doc) => snapshot(doc))).toBe(expected);
	for (const peer of peers) {
		// The incremental index the UI reads agrees with a fold from scratch.
		const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
		expect([...peer.index.notes.values()].sort(byId)).toEqual(listNotes(peer.doc).sort(byId));
	}
	expect(listNotes(peers[0]!.doc).length).toBeGreaterThan(0);
}

describe('the board under concurrent random editing', () => {
	for (const seed of [1, 2, 3, 4, 5]) {
		it(`converges on every client and the server (seed ${seed})`, { timeout: 60_000 }, async () => {
			await runScenario(seed, 4, 160);
		});
	}
});
