import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { MalformedMessage } from './protocol.ts';

export interface AwarenessIdentity {
	userId: string;
	name: string;
	/** A guest of the board (shown as such). */
	guest?: boolean;
}

const MAX_STATE_CHARS = 64 * 1024;

/**
 * Rewrites an awareness update from one connection before it reaches anyone: entries for client
 * ids another connection owns are dropped (nobody can move someone else's cursor or make them
 * leave), the rest are claimed by this connection, and `user.id` / `user.name` are set to the
 * signed-in user's (nobody can pose as someone else). Returns null when nothing is left.
 */
export function guardAwarenessUpdate(
	update: Uint8Array,
	identity: AwarenessIdentity,
	owns: (clientId: number) => boolean
): { update: Uint8Array; clientIds: number[] } | null {
	const clientIds: number[] = [];
	const encoder = encoding.createEncoder();
	let count = 0;
	const entries: [number, number, string][] = [];
	try {
		const decoder = decoding.createDecoder(update);
		const len = decoding.readVarUint(decoder);
		for (let i = 0; i < len; i++) {
			const clientId = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			const json = decoding.readVarString(decoder);
			if (json.length > MAX_STATE_CHARS) throw new MalformedMessage('awareness state too large');
			const state: unknown = JSON.parse(json);
			if (!owns(clientId)) continue;
			let out: unknown = null;
			if (state !== null) {
				if (typeof state !== 'object' || Array.isArray(state)) throw new MalformedMessage('awareness state is not an object');
				const user = (state as { user?: unknown }).user;
				const color = user && typeof user === 'object' && typeof (user as { color?: unknown }).color === 'string'
					? (user as { color: string }).color.slice(0, 32)
					: '#4d5a55';
				out = { ...state, user: { id: identity.userId, name: identity.name, color, ...(identity.guest ? { guest: true } : {}) } };
			}
			entries.push([clientId, clock, JSON.stringify(out)]);
			clientIds.push(clientId);
			count++;
		}
		if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes in awareness update');
	} catch (error) {
		if (error instanceof MalformedMessage) throw error;
		throw new MalformedMessage('awareness update does not decode', { cause: error });
	}
	if (count === 0) return null;
	encoding.writeVarUint(encoder, count);
	for (const [clientId, clock, json] of entries) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, json);
	}
	return { update: encoding.toUint8Array(encoder), clientIds };
}
