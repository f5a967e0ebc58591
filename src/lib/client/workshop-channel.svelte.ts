import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { MESSAGE_WORKSHOP, parseWorkshopMessage, type BoardNote, type WorkshopRefusal, type WorkshopRequest } from '$lib/board';

/**
 * The browser's end of the workshop message type (board/privacy.ts) on the board's own socket:
 * my private notes, my secret ballot, the done check, and what the hub refused, as runes. What is
 * asked while offline is kept (the last request per note, every vote and mark) and sent when the
 * socket opens again, before `hello` asks for the state afresh.
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
	#onStatus: (event: { status: string }) => void;

	constructor(provider: WebsocketProvider) {
		this.#provider = provider;
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
			this.privateNotes = new Map(message.privateNotes.map((n) => [n.id, n]));
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
			for (const request of queued) this.#write(request);
			this.#write({ type: 'hello' });
		};
		provider.on('status', this.#onStatus);
		if (provider.wsconnected) this.#write({ type: 'hello' });
	}

	/** Sends a request now, or when the socket is open again. */
	send(request: WorkshopRequest): void {
		if (this.#provider.wsconnected && this.#provider.ws?.readyState === 1) {
			this.#write(request);
			return;
		}
		// Offline: a note's last version is all that needs to go.
		if (request.type === 'note' || request.type === 'delete-note') {
			const id = request.type === 'note' ? request.note.id : request.id;
			this.#queue = this.#queue.filter((q) => !((q.type === 'note' && q.note.id === id) || (q.type === 'delete-note' && q.id === id)));
		}
		this.#queue.push(request);
	}

	destroy(): void {
		this.#provider.off('status', this.#onStatus);
	}

	#write(request: WorkshopRequest): void {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MESSAGE_WORKSHOP);
		encoding.writeVarString(encoder, JSON.stringify(request));
		try {
			this.#provider.ws?.send(encoding.toUint8Array(encoder));
		} catch {
			this.#queue.push(request);
		}
	}
}
