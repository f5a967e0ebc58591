import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardRoots, clearVotingRound, MAX_PAST_ROUNDS, openVotingRound, readPastRounds, setVotingStatus } from '../../src/lib/board/index.ts';

describe('revealed rounds kept for the report', () => {
	it('keeps a revealed round’s counts when the next opens, without voter ids, and no round that was never revealed', () => {
		const doc = new Y.Doc();
		const first = openVotingRound(doc, { perPerson: 3, anonymous: false, noteIds: ['n1', 'n2'], now: 1000 });
		boardRoots(doc).votes.get('n1')!.set('user-a', 2);
		boardRoots(doc).votes.get('n2')!.set('user-b', 1);
		setVotingStatus(doc, 'revealed');
		const second = openVotingRound(doc, { perPerson: 1, anonymous: false, noteIds: ['n1'], now: 2000 });
		boardRoots(doc).votes.get('n1')!.set('user-a', 1);
		setVotingStatus(doc, 'closed');
		openVotingRound(doc, { perPerson: 1, anonymous: false, now: 3000 });

		const past = readPastRounds(doc);
		expect(past).toEqual([
			{
				id: first.id,
				section: '',
				secret: false,
				openedAt: 1000,
				endedAt: 2000,
				tallies: [
					{ noteId: 'n1', count: 2 },
					{ noteId: 'n2', count: 1 }
				],
				voters: 2,
				dots: 3
			}
		]);
		expect(JSON.stringify(past)).not.toContain('user-');
		expect(past.some((r) => r.id === second.id)).toBe(false);
	});

	it('keeps a secret round’s results as the hub wrote them, and one cleared after its reveal', () => {
		const doc = new Y.Doc();
		const secret = openVotingRound(doc, { perPerson: 2, anonymous: false, secret: true, now: 1000 });
		boardRoots(doc).meta.set('voteResults', { roundId: secret.id, tallies: [{ noteId: 'n9', count: 4 }], voters: 3, dots: 4 });
		setVotingStatus(doc, 'revealed');
		clearVotingRound(doc);
		expect(readPastRounds(doc)).toMatchObject([{ id: secret.id, secret: true, tallies: [{ noteId: 'n9', count: 4 }], voters: 3, dots: 4 }]);
	});

	it('keeps the last rounds only', () => {
		const doc = new Y.Doc();
		for (let i = 0; i < MAX_PAST_ROUNDS + 5; i++) {
			openVotingRound(doc, { perPerson: 1, anonymous: false, now: i });
			setVotingStatus(doc, 'revealed');
		}
		openVotingRound(doc, { perPerson: 1, anonymous: false });
		const past = readPastRounds(doc);
		expect(past).toHaveLength(MAX_PAST_ROUNDS);
		expect(past.at(-1)!.openedAt).toBe(MAX_PAST_ROUNDS + 4);
	});
});
