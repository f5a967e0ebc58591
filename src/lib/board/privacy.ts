import type * as Y from 'yjs';
import { boardRoots, cleanNoteFields, type BoardNote } from './schema.ts';
import type { VoteState } from './voting.ts';

/**
 * What a workshop keeps out of the shared document until the facilitator reveals it, and the one
 * message type that carries it (the hub's `collab/privacy.ts` answers it):
 *
 * - `meta.privateNotes` — a private brainstorm: a participant's new notes go to the server only
 *   and are seen by their author alone until the reveal, which writes them into the document
 *   (same ids) for everyone.
 * - `meta.anonymousNotes` — new notes carry no author: the server writes them without one.
 * - a secret voting round (`VotingRound.secret`): ballots go to the server, never into `votes`;
 *   the reveal writes the results (`meta.voteResults`: dots per note, how many voted).
 * - `meta.doneStep` — a done check: participants mark themselves done with the step; the
 *   facilitators see how many did.
 *
 * Only facilitators write `meta` (rules/meta-facilitators-only.ts), and the hub writes these keys
 * itself on a facilitator's request.
 */

/**
 * The y-websocket message type of these messages: after sync (0), awareness (1), auth (2) and
 * query-awareness (3). Its payload is one JSON string. A stock provider has no handler for it, so
 * the hub sends them only to a connection that spoke first (`hello`).
 */
export const MESSAGE_WORKSHOP = 4;

export interface BoardPrivacy {
	privateNotes: boolean;
	anonymousNotes: boolean;
	/** The step being checked for "done" (an id), or null when no check runs. */
	doneStep: string | null;
}

export function readPrivacy(doc: Y.Doc): BoardPrivacy {
	const meta = boardRoots(doc).meta;
	const step = meta.get('doneStep');
	return {
		privateNotes: meta.get('privateNotes') === true,
		anonymousNotes: meta.get('anonymousNotes') === true,
		doneStep: typeof step === 'string' && step.length > 0 && step.length <= 64 ? step : null
	};
}

/** A secret round's results, written by the hub at the reveal. */
export interface SecretResults {
	roundId: string;
	/** Dots per note, most first. */
	tallies: { noteId: string; count: number }[];
	/** How many people voted, and how many dots they placed in all. */
	voters: number;
	dots: number;
}

export function readSecretResults(doc: Y.Doc, roundId: string): SecretResults | null {
	const raw = boardRoots(doc).meta.get('voteResults') as Record<string, unknown> | undefined;
	if (!raw || typeof raw !== 'object' || raw.roundId !== roundId || !Array.isArray(raw.tallies)) return null;
	const tallies = raw.tallies
		.filter((t): t is { noteId: string; count: number } => !!t && typeof t.noteId === 'string' && Number.isInteger(t.count) && t.count > 0)
		.map((t) => ({ noteId: t.noteId, count: t.count }));
	return {
		roundId,
		tallies,
		voters: Number.isInteger(raw.voters) ? (raw.voters as number) : 0,
		dots: Number.isInteger(raw.dots) ? (raw.dots as number) : 0
	};
}

/** The results as dots per note, the shape the board's vote views read (one pseudo-voter per note). */
export function resultsAsVotes(results: SecretResults): VoteState {
	return new Map(results.tallies.map((t) => [t.noteId, new Map([['', t.count]])]));
}

/** The fields of a private note a client sends (never its author or creation time: the server sets them). */
export type PrivateNoteInput = Pick<BoardNote, 'id' | 'text' | 'x' | 'y' | 'w' | 'h' | 'color' | 'section'>;

/** What a client asks. */
export type WorkshopRequest =
	/** I speak this protocol: send me my state (and updates of it). */
	| { type: 'hello' }
	/** Facilitators: turn private brainstorm or anonymous mode on or off (off reveals the private notes). */
	| { type: 'set-privacy'; privateNotes?: boolean; anonymousNotes?: boolean }
	/** Facilitators: write every private note into the board now. */
	| { type: 'reveal-notes' }
	/** A new note (private or anonymous mode), or a change of my private note: all its fields. */
	| { type: 'note'; note: PrivateNoteInput }
	/** Deletes my private note. */
	| { type: 'delete-note'; id: string }
	/** One dot more (1) or less (-1) on a note, in a secret round. */
	| { type: 'vote'; roundId: string; noteId: string; delta: 1 | -1 }
	/** Facilitators: end a secret round and write its results. */
	| { type: 'reveal-votes' }
	/** Facilitators: start a done check (a new step) or end it. */
	| { type: 'done-check'; on: boolean }
	/** I am done with the step (or not after all). */
	| { type: 'done'; done: boolean };

/** Why the hub refused a request, for the sender to say in their language. */
export const WORKSHOP_REFUSALS = [
	'facilitators-only',
	'read-only',
	'not-yours',
	'no-round',
	'no-note',
	'no-dots-left',
	'no-check',
	'failed'
] as const;
export type WorkshopRefusal = (typeof WORKSHOP_REFUSALS)[number];

/** What the hub tells one connection. */
export type WorkshopMessage =
	| {
			type: 'state';
			/** My notes waiting for the reveal. */
			privateNotes: BoardNote[];
			/** My dots in the open secret round, per note. */
			ballot: { roundId: string; dots: Record<string, number> } | null;
			/** I marked myself done with the current step. */
			done: boolean;
			/** Facilitators only: how many are done, of how many participants are here, and how many private notes wait. */
			doneCount: number | null;
			participants: number | null;
			waitingNotes: number | null;
	  }
	| { type: 'refused'; reason: WorkshopRefusal };

const ID = /^[a-z0-9-]{1,64}$/;

function note(value: unknown): PrivateNoteInput | null {
	if (!value || typeof value !== 'object') return null;
	const raw = value as Record<string, unknown>;
	if (typeof raw.id !== 'string' || !ID.test(raw.id)) return null;
	const fields = cleanNoteFields(raw);
	if (fields.text === undefined || fields.x === undefined || fields.y === undefined) return null;
	return {
		id: raw.id,
		text: fields.text,
		x: fields.x,
		y: fields.y,
		w: fields.w ?? 180,
		h: fields.h ?? 140,
		color: fields.color ?? 'yellow',
		section: fields.section ?? ''
	};
}

/** A request as a client sent it (JSON), checked field by field; null when it is not one. */
export function parseWorkshopRequest(value: unknown): WorkshopRequest | null {
	if (!value || typeof value !== 'object') return null;
	const raw = value as Record<string, unknown>;
	const flag = (key: string) => (raw[key] === undefined ? undefined : raw[key] === true ? true : raw[key] === false ? false : null);
	switch (raw.type) {
		case 'hello':
		case 'reveal-notes':
		case 'reveal-votes':
			return { type: raw.type };
		case 'set-privacy': {
			const privateNotes = flag('privateNotes');
			const anonymousNotes = flag('anonymousNotes');
			if (privateNotes === null || anonymousNotes === null) return null;
			return {
				type: 'set-privacy',
				...(privateNotes === undefined ? {} : { privateNotes }),
				...(anonymousNotes === undefined ? {} : { anonymousNotes })
			};
		}
		case 'note': {
			const input = note(raw.note);
			return input ? { type: 'note', note: input } : null;
		}
		case 'delete-note':
			return typeof raw.id === 'string' && ID.test(raw.id) ? { type: 'delete-note', id: raw.id } : null;
		case 'vote':
			if (typeof raw.roundId !== 'string' || !ID.test(raw.roundId) || typeof raw.noteId !== 'string' || !ID.test(raw.noteId)) return null;
			if (raw.delta !== 1 && raw.delta !== -1) return null;
			return { type: 'vote', roundId: raw.roundId, noteId: raw.noteId, delta: raw.delta };
		case 'done-check':
			return typeof raw.on === 'boolean' ? { type: 'done-check', on: raw.on } : null;
		case 'done':
			return typeof raw.done === 'boolean' ? { type: 'done', done: raw.done } : null;
		default:
			return null;
	}
}

/** A message from the hub, read defensively (the browser side). */
export function parseWorkshopMessage(value: unknown): WorkshopMessage | null {
	if (!value || typeof value !== 'object') return null;
	const raw = value as Record<string, unknown>;
	if (raw.type === 'refused') {
		return (WORKSHOP_REFUSALS as readonly unknown[]).includes(raw.reason) ? { type: 'refused', reason: raw.reason as WorkshopRefusal } : null;
	}
	if (raw.type !== 'state') return null;
	const count = (v: unknown) => (Number.isInteger(v) ? (v as number) : null);
	const notes: BoardNote[] = [];
	for (const item of Array.isArray(raw.privateNotes) ? raw.privateNotes : []) {
		const input = note(item);
		if (input)
			notes.push({
				...input,
				author: String((item as { author?: unknown }).author ?? ''),
				created: Number((item as { created?: unknown }).created) || 0
			});
	}
	const ballotRaw = raw.ballot as { roundId?: unknown; dots?: unknown } | null | undefined;
	let ballot: { roundId: string; dots: Record<string, number> } | null = null;
	if (ballotRaw && typeof ballotRaw.roundId === 'string' && ballotRaw.dots && typeof ballotRaw.dots === 'object') {
		const dots: Record<string, number> = {};
		for (const [id, n] of Object.entries(ballotRaw.dots as Record<string, unknown>))
			if (Number.isInteger(n) && (n as number) > 0) dots[id] = n as number;
		ballot = { roundId: ballotRaw.roundId, dots };
	}
	return {
		type: 'state',
		privateNotes: notes,
		ballot,
		done: raw.done === true,
		doneCount: count(raw.doneCount),
		participants: count(raw.participants),
		waitingNotes: count(raw.waitingNotes)
	};
}
