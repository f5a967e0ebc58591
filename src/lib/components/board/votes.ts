import { castVote, noteInRound, retractVote, votesUsed, type BoardNote, type VotingRound } from '$lib/board';
import type { BoardSession } from '$lib/client/board-session.svelte';

/** Where I stand in the current round (reactive where it is read: it reads the session's getters). */
export interface MyVoting {
	round: VotingRound;
	/** My voter id in this round, or null (a viewer, or no seed for an anonymous round). */
	voterId: string | null;
	used: number;
	left: number;
	/** The round is open and I may vote. */
	canVote: boolean;
	/** Totals are shown: after the reveal to everyone, and to facilitators once voting has ended. */
	showTotals: boolean;
}

export function myVoting(session: BoardSession): MyVoting | null {
	const round = session.facilitation.voting;
	if (!round) return null;
	const voterId = session.voterId(round);
	const notes = session.notes;
	const used = voterId ? votesUsed(session.votes, voterId, (id) => notes.has(id)) : 0;
	return {
		round,
		voterId,
		used,
		left: Math.max(0, round.perPerson - used),
		canVote: round.status === 'open' && !!voterId,
		// A secret round's totals exist only once revealed (the hub keeps the ballots until then).
		showTotals: round.status === 'revealed' || (round.status === 'closed' && session.canFacilitate && !round.secret)
	};
}

/** One note's dots as I may see them. */
export interface NoteVoting {
	mine: number;
	/** All dots on it, when totals are shown. */
	total: number | null;
	canAdd: boolean;
	canRemove: boolean;
	/** It takes dots in this round. */
	inRound: boolean;
	/** The round is open and I vote in it (so the buttons show, disabled when I have no dots left). */
	voting: boolean;
}

export function noteVoting(session: BoardSession, mine: MyVoting | null, note: BoardNote): NoteVoting | null {
	if (!mine) return null;
	const inRound = noteInRound(mine.round, note);
	const voters = session.votes.get(note.id);
	const count = mine.voterId ? (voters?.get(mine.voterId) ?? 0) : 0;
	let total = 0;
	for (const c of voters?.values() ?? []) if (c > 0) total += c;
	if (!inRound && total === 0) return null;
	return {
		mine: Math.max(0, count),
		total: mine.showTotals ? total : null,
		canAdd: mine.canVote && inRound && mine.left > 0,
		canRemove: mine.canVote && count > 0,
		inRound,
		voting: mine.canVote
	};
}

/** Places one of my dots on a note; false if the round does not allow it. */
export function voteFor(session: BoardSession, noteId: string): boolean {
	const mine = myVoting(session);
	if (!mine?.voterId || !mine.canVote) return false;
	if (mine.round.secret) {
		if (mine.left <= 0) return false;
		session.request({ type: 'vote', roundId: mine.round.id, noteId, delta: 1 });
		return true;
	}
	let done = false;
	const notes = session.notes;
	session.vote((doc) => {
		done = castVote(doc, { voterId: mine.voterId!, round: mine.round, votes: session.votes, note: notes.get(noteId), exists: (id) => notes.has(id) });
	});
	return done;
}

/** Takes one of my dots back from a note. */
export function unvote(session: BoardSession, noteId: string): boolean {
	const mine = myVoting(session);
	if (!mine?.voterId) return false;
	if (mine.round.secret) {
		if (mine.round.status !== 'open') return false;
		session.request({ type: 'vote', roundId: mine.round.id, noteId, delta: -1 });
		return true;
	}
	let done = false;
	session.vote((doc) => {
		done = retractVote(doc, { voterId: mine.voterId!, round: mine.round, noteId });
	});
	return done;
}
