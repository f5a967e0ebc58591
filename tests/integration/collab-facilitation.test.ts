import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import {
	addNote,
	askToFollow,
	boardRoots,
	castVote,
	deleteNotes,
	findSectionByKey,
	getNote,
	isLocked,
	listNotes,
	openVotingRound,
	readFocus,
	readTimer,
	readVotes,
	readVotingRound,
	setLocked,
	setVotingStatus,
	startTimer,
	updateNote,
	anonymousVoterId
} from '../../src/lib/board/index.ts';
import { voterSeed } from '../../src/lib/server/collab/voters.ts';
import { setTeamRole } from '../../src/lib/server/projects/team.ts';
import { connectClient, makeBoardFixture, startCollabServer, until, type BoardFixture, type Client, type CollabServer } from './collab-harness.ts';

let server: CollabServer;
let fx: BoardFixture;
const clients: Client[] = [];
const voterKey = randomBytes(32);

function client(boardId: string, cookie: string): Client {
	const c = connectClient(server.collabUrl, boardId, { cookie, origin: server.origin });
	clients.push(c);
	return c;
}

/** Resolves once `doc` has taken in an update from the server (the echo of an undo, or a relay). */
function nextRemoteUpdate(c: Client): Promise<void> {
	return new Promise((resolve) => {
		const listener = (_update: Uint8Array, origin: unknown) => {
			if (origin !== c.provider) return;
			c.doc.off('update', listener);
			resolve();
		};
		c.doc.on('update', listener);
	});
}

/** The server's copy of something, read through the hub. */
function onServer<T>(board: string, read: (doc: Y.Doc) => T): Promise<T> {
	return server.hub.readBoard(board, read);
}

/** The dots as plain objects, keys sorted (so two copies compare equal as JSON). */
const votesOf = (doc: Y.Doc): Record<string, Record<string, number>> =>
	Object.fromEntries(
		[...readVotes(doc)]
			.sort(([x], [y]) => x.localeCompare(y))
			.map(([note, voters]) => [note, Object.fromEntries([...voters].sort(([x], [y]) => x.localeCompare(y)))])
	);
const sameVotes = (a: Y.Doc, b: Y.Doc | Record<string, Record<string, number>>) =>
	JSON.stringify(votesOf(a)) === JSON.stringify(b instanceof Y.Doc ? votesOf(b) : votesOf(docOf(b)));
function docOf(votes: Record<string, Record<string, number>>): Y.Doc {
	const doc = new Y.Doc();
	for (const [note, voters] of Object.entries(votes)) {
		const map = new Y.Map<number>();
		boardRoots(doc).votes.set(note, map);
		for (const [voter, count] of Object.entries(voters)) map.set(voter, count);
	}
	return doc;
}

beforeEach(async () => {
	server = await startCollabServer({ voterKey });
	fx = await makeBoardFixture(server.db);
});

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await server.close();
});

/** An Ideate board with three notes in the brainstorm section and one in HMW; everyone synced. */
async function ideateRoom() {
	const board = fx.boards.ideate;
	const facilitator = client(board, fx.facilitator.cookie);
	const member = client(board, fx.member.cookie);
	await Promise.all([facilitator.synced(), member.synced()]);
	const brainstorm = findSectionByKey(facilitator.doc, 'brainstorm')!;
	const hmw = findSectionByKey(facilitator.doc, 'hmw')!;
	const ids = ['คิวออนไลน์', 'ป้ายบอกเวลารอ', 'จุดบริการด่วน'].map((text) =>
		addNote(facilitator.doc, { text, author: fx.facilitator.id, section: brainstorm.id })
	);
	const hmwNote = addNote(facilitator.doc, { text: 'เราจะลดเวลารอได้อย่างไร', author: fx.facilitator.id, section: hmw.id });
	await until(() => listNotes(member.doc).length === 4, 'the member has the notes');
	return { board, facilitator, member, brainstorm, ids, hmwNote };
}

describe('facilitation rules in the collab hub', () => {
	it('lets only a facilitator run a round, the timer, the lock and focus: a member’s attempt is undone everywhere, in their copy too', async () => {
		const { board, facilitator, member, brainstorm, ids } = await ideateRoom();
		openVotingRound(facilitator.doc, { perPerson: 3, anonymous: false, section: brainstorm.id, noteIds: ids });
		startTimer(facilitator.doc, 300_000, Date.now());
		await until(() => readVotingRound(member.doc)?.status === 'open' && readTimer(member.doc) !== null, 'the member sees the round and the timer');

		const undone = nextRemoteUpdate(member);
		member.doc.transact(() => {
			setVotingStatus(member.doc, 'revealed');
			startTimer(member.doc, 10_000, Date.now());
			setLocked(member.doc, true);
			askToFollow(member.doc, { by: fx.member.id, name: 'ปลอม', since: 1 });
		});
		await undone;
		await until(() => readVotingRound(member.doc)?.status === 'open', 'the member’s copy is put back');
		for (const doc of [member.doc, facilitator.doc, await onServer(board, (d) => d)]) {
			expect(readVotingRound(doc)?.status).toBe('open');
			expect(readTimer(doc)?.durationMs).toBe(300_000);
			expect(isLocked(doc)).toBe(false);
			expect(readFocus(doc)).toBeNull();
		}
		expect(readVotingRound(await onServer(board, (d) => d))?.status).toBe('open');

		// The facilitator's own changes go through.
		setVotingStatus(facilitator.doc, 'closed');
		await until(() => readVotingRound(member.doc)?.status === 'closed', 'the member sees the round closed');
	});

	it('takes a member’s dots within the limit and undoes a dot past it, for someone else, outside the section or after the round', async () => {
		const { board, facilitator, member, brainstorm, ids, hmwNote } = await ideateRoom();
		openVotingRound(facilitator.doc, { perPerson: 2, anonymous: false, section: brainstorm.id, noteIds: ids });
		await until(() => readVotingRound(member.doc)?.status === 'open', 'the round reaches the member');
		const [a, b] = ids as [string, string];
		const mine = (noteId: string) => ({
			voterId: fx.member.id,
			round: readVotingRound(member.doc),
			votes: readVotes(member.doc),
			note: getNote(member.doc, noteId) ?? undefined,
			exists: () => true
		});
		expect(castVote(member.doc, mine(a))).toBe(true);
		expect(castVote(member.doc, mine(b))).toBe(true);
		// Facilitators vote too, under their own id.
		expect(castVote(facilitator.doc, { ...mine(a), voterId: fx.facilitator.id, votes: readVotes(facilitator.doc) })).toBe(true);
		const expected = { [a]: { [fx.member.id]: 1, [fx.facilitator.id]: 1 }, [b]: { [fx.member.id]: 1 } };
		await until(() => sameVotes(member.doc, expected) && sameVotes(facilitator.doc, expected), 'everyone sees the three dots');

		// A modified client writes straight into the votes map.
		const voters = (doc: Y.Doc, noteId: string) => boardRoots(doc).votes.get(noteId)!;
		const attempts: [string, () => void][] = [
			['a third dot', () => voters(member.doc, a).set(fx.member.id, 2)],
			['a dot for someone else', () => voters(member.doc, a).set(fx.facilitator.id, 2)],
			[
				'a dot outside the section',
				() => {
					const map = new Y.Map<number>();
					boardRoots(member.doc).votes.set(hmwNote, map);
					voters(member.doc, b).delete(fx.member.id);
					map.set(fx.member.id, 1);
				}
			],
			['taking away someone else’s dots', () => boardRoots(member.doc).votes.delete(a)]
		];
		for (const [what, attempt] of attempts) {
			const undone = nextRemoteUpdate(member);
			member.doc.transact(attempt);
			await undone;
			await until(() => sameVotes(member.doc, expected), `the member’s copy converges after ${what}`);
			expect(votesOf(await onServer(board, (d) => d)), what).toEqual(votesOf(docOf(expected)));
		}

		// After the round, nothing moves.
		setVotingStatus(facilitator.doc, 'closed');
		await until(() => readVotingRound(member.doc)?.status === 'closed', 'the member sees it closed');
		const undone = nextRemoteUpdate(member);
		voters(member.doc, a).delete(fx.member.id);
		await undone;
		expect(votesOf(await onServer(board, (d) => d))).toEqual(votesOf(docOf(expected)));
		await until(() => votesOf(member.doc)[a]?.[fx.member.id] === 1, 'the dot is back in the member’s copy');
	});

	it('takes only the voter’s own pseudonym in an anonymous round', async () => {
		const { board, facilitator, member, ids } = await ideateRoom();
		const round = openVotingRound(facilitator.doc, { perPerson: 3, anonymous: true, noteIds: ids });
		await until(() => readVotingRound(member.doc)?.id === round.id, 'the round reaches the member');
		const pseudonym = anonymousVoterId(voterSeed(voterKey, board, fx.member.id), round.id);
		const voters = boardRoots(member.doc).votes.get(ids[0]!)!;
		const undone = nextRemoteUpdate(member);
		voters.set(fx.member.id, 1); // the plain user id is not a voter id in this round
		await undone;
		voters.set(pseudonym, 1);
		await until(() => votesOf(facilitator.doc)[ids[0]!]?.[pseudonym] === 1, 'the pseudonymous dot arrives');
		expect(votesOf(await onServer(board, (d) => d))).toEqual({ [ids[0]!]: { [pseudonym]: 1 } });
	});

	it('never applies a viewer’s dot', async () => {
		const { board, facilitator, ids } = await ideateRoom();
		openVotingRound(facilitator.doc, { perPerson: 3, anonymous: false, noteIds: ids });
		const viewer = client(board, fx.viewer.cookie);
		await viewer.synced();
		await until(() => readVotingRound(viewer.doc)?.status === 'open', 'the viewer sees the round');
		boardRoots(viewer.doc).votes.get(ids[0]!)!.set(fx.viewer.id, 1);
		addNote(facilitator.doc, { text: 'marker', author: fx.facilitator.id });
		const fresh = client(board, fx.member.cookie);
		await until(() => listNotes(fresh.doc).some((n) => n.text === 'marker'), 'the marker');
		expect(votesOf(fresh.doc)).toEqual({});
		expect(votesOf(await onServer(board, (d) => d))).toEqual({});
	});

	it('keeps a locked board as the facilitator left it: a member’s new, moved and deleted notes are undone, their dots still count', async () => {
		const { board, facilitator, member, ids } = await ideateRoom();
		openVotingRound(facilitator.doc, { perPerson: 3, anonymous: false, noteIds: ids });
		setLocked(facilitator.doc, true);
		await until(() => isLocked(member.doc) && readVotingRound(member.doc) !== null, 'the member sees the lock');
		const before = listNotes(await onServer(board, (d) => d));

		const undone = nextRemoteUpdate(member);
		member.doc.transact(() => {
			addNote(member.doc, { text: 'แอบเพิ่ม', author: fx.member.id });
			updateNote(member.doc, ids[0]!, { x: 9999, text: 'แอบแก้' });
			deleteNotes(member.doc, [ids[1]!]);
			boardRoots(member.doc).sections.get(findSectionByKey(member.doc, 'hmw')!.id)!.set('title', 'แอบเปลี่ยนชื่อ');
		});
		await undone;
		await until(
			() => listNotes(member.doc).length === before.length && getNote(member.doc, ids[0]!)?.text === 'คิวออนไลน์',
			'the member’s copy is put back'
		);
		for (const doc of [member.doc, facilitator.doc, await onServer(board, (d) => d)]) {
			expect(listNotes(doc).map((n) => [n.id, n.text, n.x, n.section])).toEqual(before.map((n) => [n.id, n.text, n.x, n.section]));
			expect(findSectionByKey(doc, 'hmw')!.title).toBe('');
		}

		// Dots still count on a locked board.
		castVote(member.doc, {
			voterId: fx.member.id,
			round: readVotingRound(member.doc),
			votes: readVotes(member.doc),
			note: getNote(member.doc, ids[2]!) ?? undefined,
			exists: () => true
		});
		await until(() => votesOf(facilitator.doc)[ids[2]!]?.[fx.member.id] === 1, 'the dot arrives');

		// The facilitator edits freely, and unlocks.
		updateNote(facilitator.doc, ids[0]!, { text: 'คิวออนไลน์ผ่าน LINE' });
		setLocked(facilitator.doc, false);
		await until(() => !isLocked(member.doc) && getNote(member.doc, ids[0]!)?.text === 'คิวออนไลน์ผ่าน LINE', 'the member sees it');
		updateNote(member.doc, ids[0]!, { x: 50 });
		await until(() => getNote(facilitator.doc, ids[0]!)?.x === 50, 'the member edits again once unlocked');
	});

	it('takes facilitation away from a facilitator demoted to member', async () => {
		await server.close();
		server = await startCollabServer({ voterKey, accessRecheckMs: 60_000 });
		fx = await makeBoardFixture(server.db);
		const { board, facilitator, member } = await ideateRoom();
		// The member takes over; the facilitator steps down (a project keeps at least one).
		await setTeamRole(server.db, fx.projectId, fx.member.id, 'facilitator');
		await setTeamRole(server.db, fx.projectId, fx.facilitator.id, 'member');
		await server.hub.recheckAccess();
		const undone = Promise.all([nextRemoteUpdate(facilitator), nextRemoteUpdate(member)]);
		setLocked(facilitator.doc, true);
		await undone;
		expect(isLocked(await onServer(board, (d) => d))).toBe(false);
		await until(() => !isLocked(facilitator.doc), 'the demoted facilitator’s copy is put back');
		setLocked(member.doc, true);
		await until(() => isLocked(facilitator.doc), 'the new facilitator locks the board');
	});
});
