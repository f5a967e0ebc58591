import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import {
	MESSAGE_WORKSHOP,
	parseWorkshopMessage,
	type BoardNote,
	type PrivateNoteInput,
	type WorkshopRefusal,
	type WorkshopRequest
} from '$lib/board';
import type { WorkshopOutbox } from './workshop-outbox';

export interface WorkshopChannelOptions {
	/** Keeps my unacknowledged private notes across reloads (workshop-outbox.ts). */
	outbox?: WorkshopOutbox | null;
	/** Whether the board's document has the note (revealed, or written by the hub). */
	onBoard?: (noteId: string) => boolean;
	/** My user id: the author of a note of mine the hub has not confirmed yet. */
	me?: string;
}

/** The note a request is about, for the requests kept until the hub confirms them. */
function noteOf(request: WorkshopRequest): string | null {
	return request.type === 'note' ? request.note.id : request.type === 'delete-note' ? request.id : null;
}

function sameNote(stored: BoardNote | undefined, sent: PrivateNoteInput): boolean {
	return (
		!!stored &&
		stored.text === sent.text &&
		stored.x === sent.x &&
		stored.y === sent.y &&
		stored.w === sent.w &&
		stored.h === sent.h &&
		stored.color === sent.color &&
		stored.section === sent.section
	);
}

/**
 * The browser's end of the workshop message type (board/privacy.ts) on the board's own socket:
 * my private notes, my secret ballot, the done check, and what the hub refused, as runes. What is
 * asked while offline is kept (the last request per note, every vote and mark) and sent when the
 * socket opens again, before `hello` asks for the state afresh.
 *
 * A request about one of my private notes stays pending until a state from the hub shows it done
 * (the note with those fields among mine, or on the board; a deleted one gone), and is sent again
 * on every reconnect until then: the hub takes a note request twice as once. With an outbox the
 * pending requests also outlive the page, so a note written offline and closed is sent next time.
 */
export class WorkshopChannel {
	/** My notes waiting for the reveal, as the hub last told (or as I changed them since). */
	privateNotes = $state(new Map<string, BoardNote>());
	ballot = $state<{ roundId: string; dots: Record<string, number> } | null>(null);
	done = $state(false);
	/** Facilitators: how many are done, of how many participants, and private notes waiting. */
	doneCount = $state<number | null>(null);
	participants = $state<number | null>(null);
	waitingNotes = $state<number | null>(null);
	/** The hub's last refusal; `at` tells one from the next. */
	refusal = $state<{ reason: WorkshopRefusal; at: number } | null>(null);

	readonly #provider: WebsocketProvider;
	#queue: WorkshopRequest[] = [];
	/** Requests about my private notes the hub has not confirmed, by note id (the last one each). */
	readonly #pending = new Map<string, WorkshopRequest>();
	readonly #outbox: WorkshopOutbox | null;
	readonly #onBoard: (noteId: string) => boolean;
	readonly #me: string;
	#onStatus: (event: { status: string }) => void;

	constructor(provider: WebsocketProvider, options: WorkshopChannelOptions = {}) {
		this.#provider = provider;
		this.#outbox = options.outbox ?? null;
		this.#onBoard = options.onBoard ?? (() => false);
		this.#me = options.me ?? '';
		provider.messageHandlers[MESSAGE_WORKSHOP] = (_encoder, decoder) => {
			let message;
			try {
				message = parseWorkshopMessage(JSON.parse(decoding.readVarString(decoder)));
			} catch {
				return;
			}
			if (!message) return;
			if (message.type === 'refused') {
				this.refusal = { reason: message.reason, at: Date.now() };
				return;
			}
			const mine = new Map(message.privateNotes.map((n) => [n.id, n]));
			this.#acknowledge(mine);
			this.privateNotes = this.#withPending(mine);
			this.ballot = message.ballot;
			this.done = message.done;
			this.doneCount = message.doneCount;
			this.participants = message.participants;
			this.waitingNotes = message.waitingNotes;
		};
		this.#onStatus = ({ status }) => {
			if (status !== 'connected') return;
			const queued = this.#queue;
			this.#queue = [];
			for (const request of this.#pending.values()) this.#write(request);
			for (const request of queued) this.#write(request);
			this.#write({ type: 'hello' });
		};
		provider.on('status', this.#onStatus);
		if (provider.wsconnected) this.#write({ type: 'hello' });
		void this.#outbox?.load().then((stored) => {
			const restored = stored.filter((request) => {
				const id = noteOf(request);
				return id !== null && !this.#pending.has(id);
			});
			if (restored.length === 0) return;
			for (const request of restored) this.#pending.set(noteOf(request)!, request);
			this.privateNotes = this.#withPending(this.privateNotes);
			if (this.#connected()) {
				for (const request of restored) this.#write(request);
				this.#write({ type: 'hello' });
			}
		});
	}

	/** Sends a request now, or when the socket is open again. */
	send(request: WorkshopRequest): void {
		const noteId = noteOf(request);
		if (noteId !== null) {
			this.#pending.set(noteId, request);
			this.#outbox?.save([...this.#pending.values()]);
			if (this.#connected()) this.#write(request);
			return;
		}
		if (this.#connected()) {
			this.#write(request);
			return;
		}
		this.#queue.push(request);
	}

	/** How many requests about my private notes wait for the hub (tests look). */
	get pendingNotes(): number {
		return this.#pending.size;
	}

	destroy(): void {
		this.#provider.off('status', this.#onStatus);
		this.#outbox?.close();
	}

	#connected(): boolean {
		return this.#provider.wsconnected && this.#provider.ws?.readyState === 1;
	}

	/** Drops the pending requests the hub's state shows done. */
	#acknowledge(mine: Map<string, BoardNote>): void {
		let changed = false;
		for (const [id, request] of this.#pending) {
			const done = request.type === 'note' ? this.#onBoard(id) || sameNote(mine.get(id), request.note) : !mine.has(id);
			if (done) {
				this.#pending.delete(id);
				changed = true;
			}
		}
		if (changed) this.#outbox?.save([...this.#pending.values()]);
	}

	/** My private notes as the hub says, with what I asked since and it has not confirmed yet. */
	#withPending(mine: Map<string, BoardNote>): Map<string, BoardNote> {
		const notes = new Map(mine);
		for (const [id, request] of this.#pending) {
			if (request.type === 'delete-note') notes.delete(id);
			else if (request.type === 'note' && !this.#onBoard(id)) {
				const known = notes.get(id);
				notes.set(id, { author: this.#me, created: Date.now(), ...known, ...request.note });
			}
		}
		return notes;
	}

	#write(request: WorkshopRequest): void {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_WORKSHOP);
		encoding.writeVarString(encoder, JSON.stringify(request));
		try {
			this.#provider.ws?.send(encoding.toUint8Array(encoder));
		} catch {
			// A pending note request is sent again on reconnect anyway.
			if (noteOf(request) === null) this.#queue.push(request);
		}
	}
}
