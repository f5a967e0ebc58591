import { createHmac } from 'node:crypto';
import { anonymousVoterId } from '../../board/voters.ts';
import type { VotingRound } from '../../board/voting.ts';

/** The name of the server key voter seeds are derived from (keys.ts). */
export const VOTER_KEY = 'voter-seeds';

/**
 * A user's secret seed for one board: only they (it is in their board page) and the server know
 * it. Their anonymous voter id in a round is `anonymousVoterId(seed, round.id)`.
 */
export function voterSeed(key: Uint8Array, boardId: string, userId: string): string {
	return createHmac('sha256', key).update(`${boardId}:${userId}`).digest('base64url');
}

/** The voter id a user must vote under in `round`: their user id, or their pseudonym when it is anonymous. */
export function expectedVoterId(key: Uint8Array, boardId: string, userId: string, round: VotingRound): string {
	return round.anonymous ? anonymousVoterId(voterSeed(key, boardId, userId), round.id) : userId;
}
