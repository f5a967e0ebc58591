import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { MalformedMessage } from './protocol.ts';
import { presenceColor } from '../../board/presence.ts';
import { COORD_LIMIT } from '../../board/schema.ts';

export interface AwarenessIdentity {
	userId: string;
	name: string;
	/** A guest of the board (shown as such). */
	guest?: boolean;
}

const MAX_STATE_CHARS = 64 * 1024;
/** Ids in a selection or a drag that others see (a larger selection is shown in part). */
const MAX_IDS = 1000;
const MAX_ID = 64;
const MAX_NAME = 80;
/** Awareness client ids one connection may speak for (a provider has one; a reconnect may briefly add one). */
export const MAX_CLIENT_IDS_PER_CONNECTION = 4;
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

function finite(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}
const coord = (value: number) => Math.min(COORD_LIMIT, Math.max(-COORD_LIMIT, value));
function ids(value: unknown): string[] | null {
	if (!Array.isArray(value)) return null;
	return value.filter((id): id is string => typeof id === 'string' && id.length <= MAX_ID).slice(0, MAX_IDS);
}
function shortString(value: unknown, max: number): string | null {
	return typeof value === 'string' && value.length <= max ? value : null;
}

/**
 * A presence state as others will see it: only the fields the board shares (presence.ts), each
 * checked and bounded; the person is the signed-in one, their colour a plain `#rrggbb` (or
 * theirs by default). Anything else a client adds is dropped.
 */
export function boundPresence(state: Record<string, unknown>, identity: AwarenessIdentity): Record<string, unknown> {
	const claimed = state.user && typeof state.user === 'object' ? (state.user as { color?: unknown }).color : undefined;
	const color = typeof claimed === 'string' && HEX_COLOR.test(claimed) ? claimed : presenceColor(identity.userId);
	const out: Record<string, unknown> = {
		user: { id: identity.userId, name: identity.name.slice(0, MAX_NAME), color, ...(identity.guest ? { guest: true } : {}) }
	};
	const cursor = state.cursor as { x?: unknown; y?: unknown } | null | undefined;
	if (cursor === null) out.cursor = null;
	else if (cursor && finite(cursor.x) && finite(cursor.y)) out.cursor = { x: coord(cursor.x), y: coord(cursor.y) };
	const selection = ids(state.selection);
	if (selection) out.selection = selection;
	const drag = state.drag as { ids?: unknown; dx?: unknown; dy?: unknown } | null | undefined;
	if (drag === null) out.drag = null;
	else if (drag && finite(drag.dx) && finite(drag.dy) && ids(drag.ids)) out.drag = { ids: ids(drag.ids), dx: coord(drag.dx), dy: coord(drag.dy) };
	for (const [key, max] of [
		['editing', MAX_ID],
		['following', 200]
	] as const) {
		if (state[key] === null) out[key] = null;
		else if (shortString(state[key], max) !== null) out[key] = state[key];
	}
	const view = state.view as Record<string, unknown> | null | undefined;
	if (view === null) out.view = null;
	else if (view && finite(view.x) && finite(view.y) && finite(view.w) && finite(view.h)) {
		out.view = { x: coord(view.x), y: coord(view.y), w: coord(view.w), h: coord(view.h) };
	}
	return out;
}

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
				out = boundPresence(state as Record<string, unknown>, identity);
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
