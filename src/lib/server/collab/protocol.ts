import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as authProtocol from 'y-protocols/auth';
import { NOTICE_PREFIX, type BoardNotice } from '../../board/notices.ts';
import { MESSAGE_WORKSHOP, parseWorkshopRequest, type WorkshopMessage, type WorkshopRequest } from '../../board/privacy.ts';

/**
 * The y-websocket wire protocol (what the stock `WebsocketProvider` speaks), parsed strictly:
 * anything that does not decode completely is a `MalformedMessage`, and its connection is closed.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;
/** Prachalab's own: one JSON request or answer of a workshop (board/privacy.ts). */
export { MESSAGE_WORKSHOP };

/** An update as Yjs decodes it (its structs and delete set), for the hub to look at before applying it. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

export type ClientMessage =
	| { kind: 'sync-step1'; stateVector: Uint8Array }
	| { kind: 'sync-step2'; update: Uint8Array; decoded: DecodedUpdate }
	| { kind: 'update'; update: Uint8Array; decoded: DecodedUpdate }
	| { kind: 'awareness'; update: Uint8Array }
	| { kind: 'query-awareness' }
	| { kind: 'workshop'; request: WorkshopRequest };

export class MalformedMessage extends Error {
	constructor(reason: string, options?: { cause?: unknown }) {
		super(`malformed collab message: ${reason}`, options);
		this.name = 'MalformedMessage';
	}
}

/** Decodes one message from a client. Updates are decoded in full (not applied) to prove them sound. */
export function parseClientMessage(data: Uint8Array): ClientMessage {
	try {
		const decoder = decoding.createDecoder(data);
		const type = decoding.readVarUint(decoder);
		let message: ClientMessage;
		if (type === MESSAGE_SYNC) {
			const step = decoding.readVarUint(decoder);
			const payload = decoding.readVarUint8Array(decoder);
			if (step === syncProtocol.messageYjsSyncStep1) {
				Y.decodeStateVector(payload);
				message = { kind: 'sync-step1', stateVector: payload };
			} else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
				const decoded = Y.decodeUpdate(payload);
				message = { kind: step === syncProtocol.messageYjsUpdate ? 'update' : 'sync-step2', update: payload, decoded };
			} else {
				throw new MalformedMessage(`unknown sync step ${step}`);
			}
		} else if (type === MESSAGE_AWARENESS) {
			message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
		} else if (type === MESSAGE_QUERY_AWARENESS) {
			message = { kind: 'query-awareness' };
		} else if (type === MESSAGE_WORKSHOP) {
			const request = parseWorkshopRequest(JSON.parse(decoding.readVarString(decoder)));
			if (!request) throw new MalformedMessage('not a workshop request');
			message = { kind: 'workshop', request };
		} else {
			throw new MalformedMessage(`unknown message type ${type}`);
		}
		if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes');
		return message;
	} catch (error) {
		if (error instanceof MalformedMessage) throw error;
		throw new MalformedMessage('does not decode', { cause: error });
	}
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
	return frame((e) => {
		encoding.writeVarUint(e, MESSAGE_SYNC);
		syncProtocol.writeSyncStep1(e, doc);
	});
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
	return frame((e) => {
		encoding.writeVarUint(e, MESSAGE_SYNC);
		syncProtocol.writeSyncStep2(e, doc, stateVector);
	});
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
	return frame((e) => {
		encoding.writeVarUint(e, MESSAGE_SYNC);
		syncProtocol.writeUpdate(e, update);
	});
}

export function encodeAwareness(awarenessUpdate: Uint8Array): Uint8Array {
	return frame((e) => {
		encoding.writeVarUint(e, MESSAGE_AWARENESS);
		encoding.writeVarUint8Array(e, awarenessUpdate);
	});
}

/** A notice for one person (notices.ts): the protocol's "permission denied", which stock providers only log. */
export function encodeNotice(notice: BoardNotice): Uint8Array {
	return frame((e) => {
		encoding.writeVarUint(e, MESSAGE_AUTH);
		authProtocol.writePermissionDenied(e, `${NOTICE_PREFIX}${notice}`);
	});
}

/** A workshop message for one connection (board/privacy.ts). */
export function encodeWorkshopMessage(message: WorkshopMessage): Uint8Array {
	return frame((e) => {
		encoding.writeVarUint(e, MESSAGE_WORKSHOP);
		encoding.writeVarString(e, JSON.stringify(message));
	});
}
