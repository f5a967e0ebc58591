import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as awarenessProtocol from 'y-protocols/awareness';
import {
	addNote,
	boardRoots,
	findSectionByKey,
	MESSAGE_WORKSHOP,
	openVotingRound,
	readSecretResults,
	readVotes,
	updateNote,
	type WorkshopMessage
} from '../../src/lib/board/index.ts';
import {
	connectClient,
	makeBoardFixture,
	openRawSocket,
	startCollabServer,
	until,
	type BoardFixture,
	type Client,
	type CollabServer
} from './collab-harness.ts';

/**
 * The rule for a secret vote, checked on the wire: before the reveal, nothing the hub
 * sends a participant (document updates, presence, workshop replies) lets them count anyone's
 * dots but their own. The participant is a raw socket, so every message is read as sent.
 */

let server: CollabServer;
let fx: BoardFixture;
const clients: Client[] = [];

beforeEach(async () => {
	server = await startCollabServer();
	fx = await makeBoardFixture(server.db);
});

afterEach(async () => {
	for (const c of clients.splice(0)) c.destroy();
	await server.close();
});

function workshopFrame(request: object): Uint8Array<ArrayBuffer> {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_WORKSHOP);
	encoding.writeVarString(encoder, JSON.stringify(request));
	return encoding.toUint8Array(encoder);
}

/** What a board page may put in its presence (board/presence.ts): nothing else is relayed to read. */
const PRESENCE_FIELDS = new Set(['user', 'cursor', 'selection', 'drag', 'editing', 'following', 'view']);

/** A participant's view of the wire: every message decoded in order, into a document and presence of its own. */
function reader(received: Uint8Array[]) {
	const doc = new Y.Doc();
	const awareness = new awarenessProtocol.Awareness(new Y.Doc());
	const workshop: WorkshopMessage[] = [];
	const seen = new Map<number, number>();
	let read = 0;
	return {
		doc,
		awareness,
		workshop,
		seen,
		/** Reads what arrived since the last call; `check` runs after each message. */
		catchUp(check: () => void) {
			for (; read < received.length; read++) {
				const decoder = decoding.createDecoder(received[read]!);
				const type = decoding.readVarUint(decoder);
				seen.set(type, (seen.get(type) ?? 0) + 1);
				if (type === 0) syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'hub');
				else if (type === 1) awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), 'hub');
				else if (type === MESSAGE_WORKSHOP) workshop.push(JSON.parse(decoding.readVarString(decoder)) as WorkshopMessage);
				check();
			}
		}
	};
}

describe('a secret vote on the wire', () => {
	it('sends a participant nothing, in any message type, from which anyone else’s dots could be counted before the reveal', async () => {
		const board = fx.boards.ideate;
		const facilitator = connectClient(server.collabUrl, board, { cookie: fx.facilitator.cookie, origin: server.origin });
		clients.push(facilitator);
		facilitator.provider.messageHandlers[MESSAGE_WORKSHOP] = () => {};
		await facilitator.synced();
		const brainstorm = findSectionByKey(facilitator.doc, 'brainstorm')!;
		const [a, b] = ['ป้ายบอกเวลารอ', 'จุดบริการด่วน'].map((text) =>
			addNote(facilitator.doc, { text, author: fx.facilitator.id, section: brainstorm.id })
		) as [string, string];
		const round = openVotingRound(facilitator.doc, { perPerson: 2, anonymous: false, secret: true, noteIds: [a, b] });

		// The participant: a raw socket that syncs, says hello and votes like the board page.
		const member = await openRawSocket(server.collabUrl, board, { cookie: fx.member.cookie, origin: server.origin });
		const wire = reader(member.received);
		const step1 = encoding.createEncoder();
		encoding.writeVarUint(step1, 0);
		syncProtocol.writeSyncStep1(step1, wire.doc);
		member.socket.send(encoding.toUint8Array(step1));
		member.socket.send(workshopFrame({ type: 'hello' }));
		const lastState = () => wire.workshop.filter((m): m is Extract<WorkshopMessage, { type: 'state' }> => m.type === 'state').at(-1);
		const noCount = () => {
			expect([...readVotes(wire.doc).values()].every((voters) => voters.size === 0)).toBe(true);
			expect(boardRoots(wire.doc).meta.get('voteResults')).toBeUndefined();
			wire.awareness.getStates().forEach((state) => {
				for (const key of Object.keys(state)) expect(PRESENCE_FIELDS.has(key), `presence field ${key}`).toBe(true);
			});
			for (const message of wire.workshop) {
				if (message.type !== 'state') continue;
				expect([message.doneCount, message.participants, message.waitingNotes]).toEqual([null, null, null]);
				// My own dots only: one on a.
				if (message.ballot) for (const [noteId, dots] of Object.entries(message.ballot.dots)) expect([noteId, dots]).toEqual([a, 1]);
			}
		};
		await until(() => {
			wire.catchUp(noCount);
			return lastState()?.ballot?.roundId === round.id;
		}, 'the participant hears of the secret round');

		// Everyone votes; the facilitator keeps working on the board and shows where they point.
		member.socket.send(workshopFrame({ type: 'vote', roundId: round.id, noteId: a, delta: 1 }));
		for (const noteId of [a, b]) facilitator.provider.ws!.send(workshopFrame({ type: 'vote', roundId: round.id, noteId, delta: 1 }));
		await until(async () => (await server.db.selectFrom('board_ballots').select('note_id').execute()).length === 3, 'three ballots stored');
		updateNote(facilitator.doc, a, { x: 400 });
		facilitator.provider.awareness.setLocalState({
			user: { id: fx.facilitator.id, name: fx.facilitator.name, color: '#000' },
			cursor: { x: 10, y: 20 },
			selection: [a],
			drag: null,
			editing: null
		});
		await until(() => {
			wire.catchUp(noCount);
			const others = [...wire.awareness.getStates().keys()].filter((id) => id !== wire.awareness.clientID);
			return others.length > 0 && lastState()?.ballot?.dots[a] === 1 && (wire.seen.get(0) ?? 0) >= 3;
		}, 'the participant gets its ballot, the facilitator’s move and presence');
		// Every kind of message a participant gets was read.
		for (const type of [0, 1, MESSAGE_WORKSHOP]) expect(wire.seen.get(type) ?? 0).toBeGreaterThan(0);

		// The reveal: now the same wire carries the counts (the reading above would have seen them).
		facilitator.provider.ws!.send(workshopFrame({ type: 'reveal-votes' }));
		await until(() => {
			wire.catchUp(() => {});
			return readSecretResults(wire.doc, round.id) !== null;
		}, 'the results reach the participant');
		expect(readSecretResults(wire.doc, round.id)!.tallies).toEqual([
			{ noteId: a, count: 2 },
			{ noteId: b, count: 1 }
		]);
		member.socket.close();
	});
});
