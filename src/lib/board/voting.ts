import * as Y from 'yjs';
import { newBoardItemId } from './ids.ts';
import { boardRoots, type BoardNote } from './schema.ts';
import { readSecretResults } from './privacy.ts';

/**
 * Dot voting. The round lives in `meta.voting` (one plain value only facilitators write); the
 * dots in `votes: Y.Map<noteId, Y.Map<voterId, count>>`. The same rules run in the browser
 * (before a dot is cast) and in the hub (`checkVoteChanges`, on every update that touches votes),
 * so a modified client cannot vote for someone else, past its limit, or outside the round.
 */

/** open: people vote; closed: no more dots, results not shown yet; revealed: everyone sees them. */
export type VotingStatus = 'open' | 'closed' | 'revealed';

export interface VotingRound {
	id: string;
	status: VotingStatus;
	/** Dots each person may place (several on one note if they like). */
	perPerson: number;
	/** Voter ids are per-round pseudonyms and results never name anyone. */
	anonymous: boolean;
	/**
	 * Ballots go to the server, never into the document, until the reveal writes the results
	 * (privacy.ts): nobody can count dots before. A secret round is anonymous too.
	 */
	secret?: boolean;
	/** Only notes in this section take dots; '' for the whole board. */
	section: string;
	openedAt: number;
}

export const MAX_VOTES_PER_PERSON = 20;
export const DEFAULT_VOTES_PER_PERSON = 5;
const VOTING_STATUSES: readonly VotingStatus[] = ['open', 'closed', 'revealed'];

/** noteId → voterId → dots, as plain values. A malformed entry reads as `MALFORMED`. */
export type VoteState = Map<string, Map<string, number>>;
export const MALFORMED = -1;

export interface Tally {
	noteId: string;
	count: number;
	/** Voter ids, most dots first (user ids in a named round). */
	voters: { voterId: string; count: number }[];
}

export function readVotingRound(doc: Y.Doc): VotingRound | null {
	const raw = boardRoots(doc).meta.get('voting') as Record<string, unknown> | undefined;
	if (!raw || typeof raw !== 'object') return null;
	const { id, status, perPerson, anonymous, secret, section, openedAt } = raw;
	if (typeof id !== 'string' || !VOTING_STATUSES.includes(status as VotingStatus)) return null;
	if (!Number.isInteger(perPerson) || (perPerson as number) < 1 || (perPerson as number) > MAX_VOTES_PER_PERSON) return null;
	return {
		id,
		status: status as VotingStatus,
		perPerson: perPerson as number,
		anonymous: anonymous === true || secret === true,
		secret: secret === true,
		section: typeof section === 'string' ? section : '',
		openedAt: typeof openedAt === 'number' ? openedAt : 0
	};
}

export interface NewRound {
	perPerson: number;
	anonymous: boolean;
	secret?: boolean;
	section?: string;
	now?: number;
	/**
	 * The notes that may take dots: each gets its (empty) map of voters now, so two people's first
	 * dots on one note never race to create it (one map would win and the other's dot be lost).
	 */
	noteIds?: Iterable<string>;
}

/** Beyond this many notes, maps of voters are made as dots arrive. */
const PREPARED_NOTES = 2000;

/** Opens a new round (facilitators): the last round's dots are cleared. Returns it. */
export function openVotingRound(doc: Y.Doc, input: NewRound): VotingRound {
	const round: VotingRound = {
		id: newBoardItemId(),
		status: 'open',
		perPerson: Math.min(MAX_VOTES_PER_PERSON, Math.max(1, Math.round(input.perPerson))),
		anonymous: input.anonymous || input.secret === true,
		secret: input.secret === true,
		section: input.section ?? '',
		openedAt: input.now ?? Date.now()
	};
	const { meta, votes } = boardRoots(doc);
	doc.transact(() => {
		keepRevealedRound(doc, round.openedAt);
		for (const key of [...votes.keys()]) votes.delete(key);
		let prepared = 0;
		for (const id of input.noteIds ?? []) {
			if (prepared++ >= PREPARED_NOTES) break;
			votes.set(id, new Y.Map<number>());
		}
		meta.set('voting', { ...round });
	});
	return round;
}

/** Ends voting (closed) or shows the results (revealed). False without a round. */
export function setVotingStatus(doc: Y.Doc, status: Exclude<VotingStatus, 'open'>): boolean {
	const round = readVotingRound(doc);
	if (!round || round.status === status) return false;
	boardRoots(doc).meta.set('voting', { ...round, status });
	return true;
}

/** Removes the round and its dots. */
export function clearVotingRound(doc: Y.Doc): void {
	const { meta, votes } = boardRoots(doc);
	doc.transact(() => {
		keepRevealedRound(doc, Date.now());
		for (const key of [...votes.keys()]) votes.delete(key);
		meta.delete('voting');
	});
}

/** A revealed round, kept in `meta.pastRounds` when the next one opens or it is cleared. */
export interface PastRound {
	id: string;
	/** The round's section ('' for the whole board). */
	section: string;
	secret: boolean;
	openedAt: number;
	/** When it gave way to the next round (or was cleared). */
	endedAt: number;
	/** Dots per note, most first: no voter ids, so an anonymous round stays so. */
	tallies: { noteId: string; count: number }[];
	voters: number;
	dots: number;
}

/** The last rounds kept: enough for a day of workshops, small beside a board's notes. */
export const MAX_PAST_ROUNDS = 40;

/**
 * Keeps the current round's results if it was revealed (the workshop report lists every revealed
 * round): what everyone saw already, as counts only. Called inside the facilitator's transaction
 * that opens the next round or clears this one.
 */
export function keepRevealedRound(doc: Y.Doc, endedAt: number): void {
	const round = readVotingRound(doc);
	if (!round || round.status !== 'revealed') return;
	const past = readPastRounds(doc);
	if (past.some((r) => r.id === round.id)) return;
	let kept: PastRound;
	if (round.secret) {
		const results = readSecretResults(doc, round.id);
		kept = { ...roundOf(round, endedAt), tallies: results?.tallies ?? [], voters: results?.voters ?? 0, dots: results?.dots ?? 0 };
	} else {
		const tallies = tallyVotes(readVotes(doc), () => true);
		const voters = new Set(tallies.flatMap((t) => t.voters.map((v) => v.voterId)));
		kept = {
			...roundOf(round, endedAt),
			tallies: tallies.map((t) => ({ noteId: t.noteId, count: t.count })),
			voters: voters.size,
			dots: tallies.reduce((sum, t) => sum + t.count, 0)
		};
	}
	boardRoots(doc).meta.set('pastRounds', [...past, kept].slice(-MAX_PAST_ROUNDS));
}

function roundOf(round: VotingRound, endedAt: number) {
	return { id: round.id, section: round.section, secret: round.secret === true, openedAt: round.openedAt, endedAt };
}

/** The revealed rounds kept on the board, oldest first (read defensively: meta is a facilitator's to write). */
export function readPastRounds(doc: Y.Doc): PastRound[] {
	const raw = boardRoots(doc).meta.get('pastRounds');
	if (!Array.isArray(raw)) return [];
	const whole = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
	return raw
		.filter((r): r is Record<string, unknown> => !!r && typeof r === 'object' && typeof (r as { id?: unknown }).id === 'string')
		.map((r) => ({
			id: r.id as string,
			section: typeof r.section === 'string' ? r.section : '',
			secret: r.secret === true,
			openedAt: whole(r.openedAt),
			endedAt: whole(r.endedAt),
			tallies: (Array.isArray(r.tallies) ? r.tallies : [])
				.filter((t): t is { noteId: string; count: number } => !!t && typeof t.noteId === 'string' && whole(t.count) > 0)
				.map((t) => ({ noteId: t.noteId, count: t.count })),
			voters: whole(r.voters),
			dots: whole(r.dots)
		}));
}

export function readVotes(doc: Y.Doc): VoteState {
	const out: VoteState = new Map();
	boardRoots(doc).votes.forEach((value, noteId) => {
		const voters = new Map<string, number>();
		if (value instanceof Y.Map) {
			value.forEach((count, voterId) => voters.set(voterId, Number.isInteger(count) && (count as number) > 0 ? (count as number) : MALFORMED));
		} else {
			voters.set('', MALFORMED);
		}
		if (voters.size > 0) out.set(noteId, voters);
	});
	return out;
}

/** Whether a note may take dots in this round. */
export function noteInRound(round: VotingRound, note: Pick<BoardNote, 'section'>): boolean {
	return round.section === '' || note.section === round.section;
}

/** Dots a voter has placed on notes that still exist. */
export function votesUsed(votes: VoteState, voterId: string, exists: (noteId: string) => boolean = () => true): number {
	let used = 0;
	for (const [noteId, voters] of votes) {
		const count = voters.get(voterId);
		if (count && count > 0 && exists(noteId)) used += count;
	}
	return used;
}

export interface Voter {
	voterId: string;
	round: VotingRound | null;
	votes: VoteState;
	note: Pick<BoardNote, 'id' | 'section'> | undefined;
	exists: (noteId: string) => boolean;
}

/** Why a dot cannot be placed now, or null if it can. */
export function cannotVote(input: Voter): 'no_round' | 'not_open' | 'no_note' | 'outside_section' | 'no_votes_left' | null {
	const { round, note } = input;
	if (!round) return 'no_round';
	if (round.status !== 'open') return 'not_open';
	if (!note) return 'no_note';
	if (!noteInRound(round, note)) return 'outside_section';
	if (votesUsed(input.votes, input.voterId, input.exists) >= round.perPerson) return 'no_votes_left';
	return null;
}

/** Places one of my dots on a note, if the round allows it. */
export function castVote(doc: Y.Doc, input: Voter): boolean {
	if (cannotVote(input) !== null) return false;
	const { votes } = boardRoots(doc);
	const noteId = input.note!.id;
	doc.transact(() => {
		let voters = votes.get(noteId);
		if (!(voters instanceof Y.Map)) {
			voters = new Y.Map<number>();
			votes.set(noteId, voters);
		}
		voters.set(input.voterId, (voters.get(input.voterId) ?? 0) + 1);
	});
	return true;
}

/** Takes one of my dots back from a note, while the round is open. */
export function retractVote(doc: Y.Doc, input: { voterId: string; round: VotingRound | null; noteId: string }): boolean {
	if (input.round?.status !== 'open') return false;
	const voters = boardRoots(doc).votes.get(input.noteId);
	const count = voters instanceof Y.Map ? voters.get(input.voterId) : undefined;
	if (!voters || !count || count < 1) return false;
	doc.transact(() => {
		if (count > 1) voters.set(input.voterId, count - 1);
		else voters.delete(input.voterId);
	});
	return true;
}

/** Dots per note (notes that exist only), most first; ties keep `order` (e.g. reading order). */
export function tallyVotes(votes: VoteState, exists: (noteId: string) => boolean, order: string[] = []): Tally[] {
	const rank = new Map(order.map((id, i) => [id, i]));
	const out: Tally[] = [];
	for (const [noteId, voters] of votes) {
		if (!exists(noteId)) continue;
		const list = [...voters].filter(([, c]) => c > 0).map(([voterId, count]) => ({ voterId, count }));
		const count = list.reduce((sum, v) => sum + v.count, 0);
		if (count > 0) out.push({ noteId, count, voters: list.sort((a, b) => b.count - a.count || a.voterId.localeCompare(b.voterId)) });
	}
	return out.sort(
		(a, b) => b.count - a.count || (rank.get(a.noteId) ?? Infinity) - (rank.get(b.noteId) ?? Infinity) || a.noteId.localeCompare(b.noteId)
	);
}

export interface VoteActor {
	/** The voter id this person votes under in the current round (null when there is none). */
	voterId: string | null;
	/** Facilitators may clear anyone's dots (a new round), never place them. */
	canFacilitate: boolean;
}

export type VoteCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether the change from `before` to `after` (one update, by `actor`) keeps the rules: every
 * changed dot is the actor's own, in an open round, on an existing note in the round's section,
 * within the per-person limit; facilitators may also remove anyone's dots. The hub undoes an
 * update that fails this.
 */
export function checkVoteChanges(
	before: VoteState,
	after: VoteState,
	actor: VoteActor,
	round: VotingRound | null,
	findNote: (noteId: string) => Pick<BoardNote, 'section'> | undefined
): VoteCheck {
	let mine = false;
	const noteIds = new Set([...before.keys(), ...after.keys()]);
	for (const noteId of noteIds) {
		const was = before.get(noteId);
		const now = after.get(noteId);
		const voterIds = new Set([...(was?.keys() ?? []), ...(now?.keys() ?? [])]);
		for (const voterId of voterIds) {
			const b = was?.get(voterId) ?? 0;
			const a = now?.get(voterId) ?? 0;
			if (a === b) continue;
			if (a === MALFORMED) return { ok: false, reason: 'malformed vote' };
			if (actor.canFacilitate && a === 0) continue;
			if (!round || round.status !== 'open') return { ok: false, reason: 'no open voting round' };
			if (voterId !== actor.voterId) return { ok: false, reason: 'a vote for someone else' };
			if (a > round.perPerson) return { ok: false, reason: 'more votes than allowed' };
			if (a > b) {
				const note = findNote(noteId);
				if (!note) return { ok: false, reason: 'a vote for a note that does not exist' };
				if (!noteInRound(round, note)) return { ok: false, reason: 'a vote outside the round’s section' };
			}
			mine = true;
		}
	}
	if (mine && round && actor.voterId && votesUsed(after, actor.voterId, (id) => !!findNote(id)) > round.perPerson) {
		return { ok: false, reason: 'more votes than allowed' };
	}
	return { ok: true };
}
