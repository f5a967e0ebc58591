import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addNote,
	addTime,
	anonymousVoterId,
	arrangeByVotes,
	askToFollow,
	boardRoots,
	castVote,
	checkVoteChanges,
	clearTimer,
	clearVotingRound,
	endFocus,
	findSectionByKey,
	isLocked,
	listNotes,
	listSections,
	MALFORMED,
	openVotingRound,
	pauseTimer,
	readFocus,
	readTimer,
	readVotes,
	readVotingRound,
	resultsAsText,
	resumeTimer,
	retractVote,
	seedBoardTemplate,
	setLocked,
	setVotingStatus,
	startTimer,
	tallyVotes,
	timeLeft,
	votesUsed,
	type BoardNote,
	type VoteState
} from '../../src/lib/board/index.ts';

function ideateBoard() {
	const doc = new Y.Doc();
	seedBoardTemplate(doc, 'ideate');
	const brainstorm = findSectionByKey(doc, 'brainstorm')!;
	const hmw = findSectionByKey(doc, 'hmw')!;
	const a = addNote(doc, { text: 'คิวออนไลน์', author: 'u1', section: brainstorm.id });
	const b = addNote(doc, { text: 'ป้ายบอกเวลารอ', author: 'u2', section: brainstorm.id });
	const c = addNote(doc, { text: 'เราจะลดเวลารอได้อย่างไร', author: 'u1', section: hmw.id });
	return { doc, brainstorm, hmw, a, b, c };
}

function notesOf(doc: Y.Doc): Map<string, BoardNote> {
	return new Map(listNotes(doc).map((n) => [n.id, n]));
}

function voter(doc: Y.Doc, voterId: string, noteId: string) {
	const notes = notesOf(doc);
	return { voterId, round: readVotingRound(doc), votes: readVotes(doc), note: notes.get(noteId), exists: (id: string) => notes.has(id) };
}

const votes = (entries: Record<string, Record<string, number>>): VoteState =>
	new Map(Object.entries(entries).map(([note, voters]) => [note, new Map(Object.entries(voters))]));

describe('dot voting', () => {
	it('opens a round that clears the last one’s dots, and closes, reveals and clears it', () => {
		const { doc, a } = ideateBoard();
		openVotingRound(doc, { perPerson: 3, anonymous: false, noteIds: [a] });
		expect(castVote(doc, voter(doc, 'u1', a))).toBe(true);
		const second = openVotingRound(doc, { perPerson: 50, anonymous: true, now: 5 });
		expect(second).toMatchObject({ status: 'open', perPerson: 20, anonymous: true, section: '', openedAt: 5 });
		expect(readVotes(doc).size).toBe(0);
		expect(setVotingStatus(doc, 'closed')).toBe(true);
		expect(readVotingRound(doc)?.status).toBe('closed');
		expect(setVotingStatus(doc, 'revealed')).toBe(true);
		expect(readVotingRound(doc)).toMatchObject({ id: second.id, status: 'revealed' });
		clearVotingRound(doc);
		expect(readVotingRound(doc)).toBeNull();
	});

	it('casts and retracts dots within the per-person limit, several on one note allowed', () => {
		const { doc, a, b } = ideateBoard();
		openVotingRound(doc, { perPerson: 3, anonymous: false });
		expect(castVote(doc, voter(doc, 'u1', a))).toBe(true);
		expect(castVote(doc, voter(doc, 'u1', a))).toBe(true);
		expect(castVote(doc, voter(doc, 'u1', b))).toBe(true);
		expect(castVote(doc, voter(doc, 'u1', b))).toBe(false);
		expect(votesUsed(readVotes(doc), 'u1')).toBe(3);
		expect(retractVote(doc, { voterId: 'u1', round: readVotingRound(doc), noteId: a })).toBe(true);
		expect(readVotes(doc).get(a)?.get('u1')).toBe(1);
		expect(castVote(doc, voter(doc, 'u1', b))).toBe(true);
		expect(retractVote(doc, { voterId: 'u1', round: readVotingRound(doc), noteId: 'nope' })).toBe(false);
	});

	it('refuses dots outside the round’s section, on a missing note, and once the round is closed', () => {
		const { doc, a, c, brainstorm } = ideateBoard();
		openVotingRound(doc, { perPerson: 5, anonymous: false, section: brainstorm.id });
		expect(castVote(doc, voter(doc, 'u1', c))).toBe(false);
		expect(castVote(doc, voter(doc, 'u1', 'missing'))).toBe(false);
		expect(castVote(doc, voter(doc, 'u1', a))).toBe(true);
		setVotingStatus(doc, 'closed');
		expect(castVote(doc, voter(doc, 'u1', a))).toBe(false);
		expect(retractVote(doc, { voterId: 'u1', round: readVotingRound(doc), noteId: a })).toBe(false);
	});

	it('keeps both people’s first dots on one note when the facilitator prepared the note', () => {
		const { doc, a } = ideateBoard();
		openVotingRound(doc, { perPerson: 5, anonymous: false, noteIds: [a] });
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
		castVote(doc, voter(doc, 'u1', a));
		castVote(other, voter(other, 'u2', a));
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
		Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
		expect(readVotes(doc).get(a)).toEqual(
			new Map([
				['u1', 1],
				['u2', 1]
			])
		);
		expect(readVotes(other)).toEqual(readVotes(doc));
	});

	it('tallies dots per existing note, most first, with who placed them', () => {
		const tally = tallyVotes(votes({ n1: { u1: 1 }, n2: { u1: 2, u2: 1 }, gone: { u3: 5 }, n3: { u2: 1 } }), (id) => id !== 'gone', [
			'n3',
			'n1',
			'n2'
		]);
		expect(tally).toEqual([
			{
				noteId: 'n2',
				count: 3,
				voters: [
					{ voterId: 'u1', count: 2 },
					{ voterId: 'u2', count: 1 }
				]
			},
			{ noteId: 'n3', count: 1, voters: [{ voterId: 'u2', count: 1 }] },
			{ noteId: 'n1', count: 1, voters: [{ voterId: 'u1', count: 1 }] }
		]);
	});

	it('reads a malformed vote as such', () => {
		const doc = new Y.Doc();
		const { votes: root } = boardRoots(doc);
		(root as Y.Map<unknown>).set('n1', 3);
		const inner = new Y.Map<number>();
		root.set('n2', inner);
		inner.set('u1', 1.5);
		expect(readVotes(doc)).toEqual(votes({ n1: { '': MALFORMED }, n2: { u1: MALFORMED } }));
	});

	it('checks a change of votes the way the hub does', () => {
		const round = { id: 'r1', status: 'open' as const, perPerson: 3, anonymous: false, section: 's1', openedAt: 0 };
		const notes: Record<string, { section: string }> = { n1: { section: 's1' }, n2: { section: 's1' }, n3: { section: 's2' } };
		const find = (id: string) => notes[id];
		const me = { voterId: 'u1', canFacilitate: false };
		const before = votes({ n1: { u1: 1, u2: 2 } });
		expect(checkVoteChanges(before, votes({ n1: { u1: 2, u2: 2 } }), me, round, find)).toEqual({ ok: true });
		expect(checkVoteChanges(before, votes({ n1: { u1: 1, u2: 2 }, n2: { u1: 2 } }), me, round, find)).toEqual({ ok: true });
		expect(checkVoteChanges(before, votes({ n1: { u1: 2, u2: 2 }, n2: { u1: 2 } }), me, round, find).ok).toBe(false);
		expect(checkVoteChanges(before, votes({ n1: { u1: 1, u2: 3 } }), me, round, find)).toEqual({ ok: false, reason: 'a vote for someone else' });
		expect(checkVoteChanges(before, votes({ n1: { u1: 1 } }), me, round, find)).toEqual({ ok: false, reason: 'a vote for someone else' });
		expect(checkVoteChanges(before, votes({ n1: { u1: 1, u2: 2 }, n3: { u1: 1 } }), me, round, find).ok).toBe(false);
		expect(checkVoteChanges(before, votes({ n1: { u1: 1, u2: 2 }, zz: { u1: 1 } }), me, round, find).ok).toBe(false);
		expect(checkVoteChanges(before, votes({ n1: { u1: MALFORMED, u2: 2 } }), me, round, find).ok).toBe(false);
		expect(checkVoteChanges(before, votes({ n1: { u2: 2 } }), me, { ...round, status: 'closed' }, find).ok).toBe(false);
		expect(checkVoteChanges(before, votes({ n1: { u1: 2, u2: 2 } }), me, null, find).ok).toBe(false);
		// A facilitator clears anyone's dots, but never places them for someone.
		const facilitator = { voterId: 'f1', canFacilitate: true };
		expect(checkVoteChanges(before, votes({}), facilitator, { ...round, status: 'closed' }, find)).toEqual({ ok: true });
		expect(checkVoteChanges(before, votes({ n1: { u1: 2, u2: 2 } }), facilitator, round, find).ok).toBe(false);
	});

	it('makes an anonymous voter id from the voter’s seed and the round, unlinkable across rounds', () => {
		const id = anonymousVoterId('seed-of-somchai', 'round1');
		expect(id).toMatch(/^a-[a-z2-9]{16}$/);
		expect(anonymousVoterId('seed-of-somchai', 'round1')).toBe(id);
		expect(anonymousVoterId('seed-of-somchai', 'round2')).not.toBe(id);
		expect(anonymousVoterId('seed-of-wichai', 'round1')).not.toBe(id);
	});

	it('lays notes out in vote order inside their section, and lists the results as text', () => {
		const { doc, a, b, c, brainstorm } = ideateBoard();
		const tally = tallyVotes(votes({ [b]: { u1: 3 }, [a]: { u2: 1 } }), () => true);
		const notes = notesOf(doc);
		expect(arrangeByVotes(doc, tally, notes, listSections(doc))).toBeGreaterThanOrEqual(1);
		const after = notesOf(doc);
		expect(after.get(b)!.y).toBeLessThanOrEqual(after.get(a)!.y);
		expect(after.get(b)!.x).toBeLessThan(after.get(a)!.x);
		expect(after.get(b)!.x).toBe(brainstorm.x + 16);
		expect(after.get(c)).toEqual(notes.get(c));
		expect(resultsAsText(tally, after, (id) => ({ u1: 'สมชาย', u2: 'วิชัย' })[id] ?? id)).toBe('3 · ป้ายบอกเวลารอ (สมชาย ×3)\n1 · คิวออนไลน์ (วิชัย)');
		expect(resultsAsText(tally, after, null)).toBe('3 · ป้ายบอกเวลารอ\n1 · คิวออนไลน์');
	});
});

describe('the facilitator’s timer, lock and focus', () => {
	it('counts down on the server’s clock, pauses, resumes, takes extra time and clears', () => {
		const doc = new Y.Doc();
		startTimer(doc, 5 * 60_000, 1_000_000);
		expect(timeLeft(readTimer(doc)!, 1_060_000)).toBe(240_000);
		expect(pauseTimer(doc, 1_060_000)).toBe(true);
		expect(readTimer(doc)).toEqual({ durationMs: 300_000, endsAt: null, remainingMs: 240_000 });
		expect(timeLeft(readTimer(doc)!, 9_999_999)).toBe(240_000);
		expect(resumeTimer(doc, 2_000_000)).toBe(true);
		expect(readTimer(doc)?.endsAt).toBe(2_240_000);
		expect(addTime(doc, 60_000, 2_000_000)).toBe(true);
		expect(timeLeft(readTimer(doc)!, 2_000_000)).toBe(300_000);
		expect(timeLeft(readTimer(doc)!, 3_000_000)).toBe(0);
		clearTimer(doc);
		expect(readTimer(doc)).toBeNull();
	});

	it('ignores a malformed timer', () => {
		const doc = new Y.Doc();
		boardRoots(doc).meta.set('timer', { durationMs: 'soon' });
		expect(readTimer(doc)).toBeNull();
	});

	it('locks and unlocks the board, and asks everyone to follow and stops', () => {
		const doc = new Y.Doc();
		expect(isLocked(doc)).toBe(false);
		setLocked(doc, true);
		expect(isLocked(doc)).toBe(true);
		setLocked(doc, false);
		expect(isLocked(doc)).toBe(false);
		askToFollow(doc, { by: 'f1', name: 'สมหญิง', since: 7 });
		expect(readFocus(doc)).toEqual({ by: 'f1', name: 'สมหญิง', since: 7 });
		endFocus(doc);
		expect(readFocus(doc)).toBeNull();
	});
});
