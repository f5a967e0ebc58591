import { checkVoteChanges, readVotes, readVotingRound } from '../../../board/voting.ts';
import { expectedVoterId } from '../voters.ts';
import type { BoardRule } from './rule.ts';

/** Every dot is the sender's own, in an open round that is not secret, within its section and its limit (voting.ts). */
export const ownDots: BoardRule = {
	name: 'every dot the voter’s own, within the round',
	check: (board, _change, author) => ({
		scope: ['votes'],
		judge: () => {
			const round = readVotingRound(board.doc);
			// A secret round's ballots go to the hub (collab/privacy.ts), never into the document.
			if (round?.secret && !author.canFacilitate) return 'votes';
			const voterId = round ? expectedVoterId(board.voterKey, board.boardId, author.user.id, round) : null;
			const check = checkVoteChanges(board.votesBefore(), readVotes(board.doc), { voterId, canFacilitate: author.canFacilitate }, round, (id) =>
				board.notes.notes.get(id)
			);
			return check.ok ? null : 'votes';
		}
	})
};
