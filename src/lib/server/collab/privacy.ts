import { createHmac } from 'node:crypto';
import type * as Y from 'yjs';
import type { DB } from '../db/open.ts';
import { boardRoots, type BoardNote, type NoteOp } from '../../board/schema.ts';
import type { NoteIndex } from '../../board/note-index.ts';
import { newBoardItemId } from '../../board/ids.ts';
import { noteInRound, readVotingRound, type VotingRound } from '../../board/voting.ts';
import {
	readPrivacy,
	type PrivateNoteInput,
	type SecretResults,
	type WorkshopMessage,
	type WorkshopRefusal,
	type WorkshopRequest
} from '../../board/privacy.ts';
import { readWorkshopStep } from '../../board/workshop-step.ts';
import { encodeWorkshopMessage } from './protocol.ts';

/**
 * The hub's side of a workshop's private parts (board/privacy.ts): private notes, anonymous
 * notes, secret ballots and the done check, for one loaded board. Every request runs inside the
 * room's queue; what it changes is stored (a row here, or a document update through the room's
 * `commit`) before anyone is answered, as the room does with updates.
 *
 * People are stored under pseudonyms (an HMAC of the board, the person and what it is for, under
 * the server's voter key): the rows of a private or anonymous note or a ballot name nobody, and
 * ballots of two rounds cannot be linked.
 */

/** The room, as far as this desk needs it. */
export interface DeskRoom {
	readonly boardId: string;
	readonly doc: Y.Doc;
	/** Every note of the board (the guard's index). */
	readonly notes: NoteIndex;
	/** The connections on the board now. */
	connections(): Iterable<DeskConnection>;
	/** Applies a server change to the document, stores it, then relays it (room.commit). */
	commit(change: () => void): Promise<void>;
	send(conn: DeskConnection, message: Uint8Array): void;
}

export interface DeskConnection {
	user: { id: string; guest: boolean };
	canEdit: boolean;
	canFacilitate: boolean;
	/** Said `hello`: it takes workshop messages (a stock provider would only log them). */
	speaksWorkshop?: boolean;
}

type StoredNote = Omit<BoardNote, 'id' | 'author'> & { author?: string };

function pseudonym(key: Uint8Array, purpose: string, ...parts: string[]): string {
	return createHmac('sha256', key)
		.update([purpose, ...parts].join(':'))
		.digest('base64url')
		.slice(0, 32);
}

export class PrivacyDesk {
	readonly #db: DB;
	readonly #key: Uint8Array;
	readonly #room: DeskRoom;
	readonly #now: () => number;
	/** `workshop:user` of the team members noted present already (workshop_attendance). */
	readonly #present = new Set<string>();

	constructor(db: DB, key: Uint8Array, room: DeskRoom, now: () => number = Date.now) {
		this.#db = db;
		this.#key = key;
		this.#room = room;
		this.#now = now;
	}

	/** One request from a connection (inside the room's queue). */
	async handle(conn: DeskConnection, request: WorkshopRequest): Promise<void> {
		const refusal = await this.#handle(conn, request);
		if (refusal) this.#room.send(conn, encodeWorkshopMessage({ type: 'refused', reason: refusal }));
	}

	/** Tells every connection that speaks the protocol where it stands now. */
	async refresh(only?: (conn: DeskConnection) => boolean): Promise<void> {
		// A refresh for everyone follows a change of meta: the room may have moved to a step here.
		if (!only) await this.#noteAttendance();
		const listening = [...this.#room.connections()].filter((c) => c.speaksWorkshop && (!only || only(c)));
		if (listening.length === 0) return;
		const boardId = this.#room.boardId;
		const privacy = readPrivacy(this.#room.doc);
		const round = readVotingRound(this.#room.doc);
		const secretRound = round?.secret && round.status !== 'revealed' ? round : null;
		const notes = await this.#db.selectFrom('board_private_notes').selectAll().where('board_id', '=', boardId).orderBy('updated_at').execute();
		const ballots = secretRound
			? await this.#db.selectFrom('board_ballots').selectAll().where('board_id', '=', boardId).where('round_id', '=', secretRound.id).execute()
			: [];
		const marks = privacy.doneStep
			? await this.#db.selectFrom('board_done_marks').select('person').where('board_id', '=', boardId).where('step', '=', privacy.doneStep).execute()
			: [];
		const participants = new Set([...this.#room.connections()].filter((c) => c.canEdit && !c.canFacilitate).map((c) => c.user.id)).size;
		for (const conn of listening) {
			const owner = this.#owner(conn);
			const voter = secretRound ? this.#voter(conn, secretRound) : null;
			const person = this.#person(conn);
			const dots: Record<string, number> = {};
			for (const b of ballots) if (b.voter === voter) dots[b.note_id] = Number(b.dots);
			const message: WorkshopMessage = {
				type: 'state',
				privateNotes: notes
					.filter((row) => row.owner === owner)
					.map((row) => ({ id: row.note_id, author: '', ...(JSON.parse(row.note) as StoredNote) }) as BoardNote),
				ballot: secretRound ? { roundId: secretRound.id, dots } : null,
				done: marks.some((m) => m.person === person),
				doneCount: conn.canFacilitate && privacy.doneStep ? marks.length : null,
				participants: conn.canFacilitate ? participants : null,
				waitingNotes: conn.canFacilitate ? notes.length : null
			};
			this.#room.send(conn, encodeWorkshopMessage(message));
		}
	}

	async #handle(conn: DeskConnection, request: WorkshopRequest): Promise<WorkshopRefusal | null> {
		switch (request.type) {
			case 'hello':
				conn.speaksWorkshop = true;
				await this.#noteAttendance();
				// Facilitators count the participants here.
				await this.refresh((c) => c === conn || c.canFacilitate);
				return null;
			case 'set-privacy':
				if (!conn.canFacilitate) return 'facilitators-only';
				await this.#setPrivacy(request);
				return null;
			case 'reveal-notes':
				if (!conn.canFacilitate) return 'facilitators-only';
				await this.#revealNotes(() => {});
				return null;
			case 'note':
				if (!conn.canEdit) return 'read-only';
				return this.#writeNote(conn, request.note);
			case 'delete-note':
				if (!conn.canEdit) return 'read-only';
				return this.#deleteNote(conn, request.id);
			case 'vote':
				if (!conn.canEdit) return 'read-only';
				return this.#vote(conn, request.roundId, request.noteId, request.delta);
			case 'reveal-votes':
				if (!conn.canFacilitate) return 'facilitators-only';
				return this.#revealVotes();
			case 'done-check':
				if (!conn.canFacilitate) return 'facilitators-only';
				await this.#doneCheck(request.on);
				return null;
			case 'done':
				if (!conn.canEdit) return 'read-only';
				return this.#markDone(conn, request.done);
		}
	}

	/**
	 * The signed-in people on this board while a workshop runs on it, noted once per workshop for
	 * its report (who of the team was there). Guests are the workshop's own rows already.
	 */
	async #noteAttendance(): Promise<void> {
		const step = readWorkshopStep(this.#room.doc);
		if (!step) return;
		const key = (user: string) => `${step.workshopId}:${user}`;
		const fresh = [...new Set([...this.#room.connections()].filter((c) => !c.user.guest).map((c) => c.user.id))].filter(
			(user) => !this.#present.has(key(user))
		);
		if (fresh.length === 0) return;
		// The step in the document outlives an ended workshop only if its end failed half-way.
		const running = await this.#db
			.selectFrom('workshops')
			.select('id')
			.where('id', '=', step.workshopId)
			.where('state', '=', 'running')
			.executeTakeFirst();
		if (!running) return;
		const now = this.#now();
		await this.#db
			.insertInto('workshop_attendance')
			.values(fresh.map((user) => ({ workshop_id: step.workshopId, user_id: user, first_seen_at: now })))
			.onConflict((oc) => oc.columns(['workshop_id', 'user_id']).doNothing())
			.execute();
		for (const user of fresh) this.#present.add(key(user));
	}

	#owner(conn: DeskConnection): string {
		return pseudonym(this.#key, 'note', this.#room.boardId, conn.user.id);
	}

	#voter(conn: DeskConnection, round: VotingRound): string {
		return pseudonym(this.#key, 'ballot', this.#room.boardId, round.id, conn.user.id);
	}

	#person(conn: DeskConnection): string {
		return pseudonym(this.#key, 'done', this.#room.boardId, conn.user.id);
	}

	async #setPrivacy(request: { privateNotes?: boolean; anonymousNotes?: boolean }): Promise<void> {
		const meta = boardRoots(this.#room.doc).meta;
		const set = (key: string, on: boolean | undefined) => {
			if (on === true) meta.set(key, true);
			else if (on === false && meta.has(key)) meta.delete(key);
		};
		// Ending a private brainstorm reveals it, in the same update.
		if (request.privateNotes === false) await this.#revealNotes(() => set('anonymousNotes', request.anonymousNotes), true);
		else
			await this.#room.commit(() => {
				set('privateNotes', request.privateNotes);
				set('anonymousNotes', request.anonymousNotes);
			});
		await this.refresh();
	}

	/**
	 * Writes every waiting private note into the document (one update, same ids, no author for
	 * anonymous ones), then forgets the rows. A crash between the two reveals them again: the same
	 * ops, which fold to the same notes.
	 */
	async #revealNotes(alsoChange: () => void, endPrivate = false): Promise<void> {
		const rows = await this.#db
			.selectFrom('board_private_notes')
			.selectAll()
			.where('board_id', '=', this.#room.boardId)
			.orderBy('updated_at')
			.execute();
		const { noteOps, meta } = boardRoots(this.#room.doc);
		await this.#room.commit(() => {
			const ops: NoteOp[] = [];
			for (const row of rows) {
				if (this.#room.notes.notes.has(row.note_id)) continue;
				ops.push({ id: row.note_id, ...(JSON.parse(row.note) as StoredNote) });
			}
			if (ops.length > 0) noteOps.push(ops);
			if (endPrivate && meta.has('privateNotes')) meta.delete('privateNotes');
			alsoChange();
		});
		if (rows.length > 0) {
			await this.#db
				.deleteFrom('board_private_notes')
				.where('board_id', '=', this.#room.boardId)
				.where(
					'note_id',
					'in',
					rows.map((r) => r.note_id)
				)
				.execute();
		}
		await this.refresh();
	}

	async #writeNote(conn: DeskConnection, input: PrivateNoteInput): Promise<WorkshopRefusal | null> {
		const boardId = this.#room.boardId;
		const owner = this.#owner(conn);
		const { id, ...fields } = input;
		const existing = await this.#db
			.selectFrom('board_private_notes')
			.select(['owner', 'note'])
			.where('board_id', '=', boardId)
			.where('note_id', '=', id)
			.executeTakeFirst();
		if (existing) {
			if (existing.owner !== owner) return 'not-yours';
			const stored = JSON.parse(existing.note) as StoredNote;
			await this.#db
				.updateTable('board_private_notes')
				.set({ note: JSON.stringify({ ...stored, ...fields }), updated_at: this.#now() })
				.where('board_id', '=', boardId)
				.where('note_id', '=', id)
				.execute();
			await this.refresh((c) => c.user.id === conn.user.id);
			return null;
		}
		// Already on the board (a request sent twice): nothing to do.
		if (this.#room.notes.notes.has(id)) return null;
		const privacy = readPrivacy(this.#room.doc);
		// The author is the sender, or nobody in anonymous mode: a client never sets it.
		const note: StoredNote = { ...fields, created: this.#now(), ...(privacy.anonymousNotes ? {} : { author: conn.user.id }) };
		if (privacy.privateNotes && !conn.canFacilitate) {
			await this.#db
				.insertInto('board_private_notes')
				.values({ board_id: boardId, note_id: id, owner, note: JSON.stringify(note), updated_at: this.#now() })
				.execute();
			await this.refresh((c) => c.user.id === conn.user.id || c.canFacilitate);
			return null;
		}
		await this.#room.commit(() => boardRoots(this.#room.doc).noteOps.push([{ id, ...note }]));
		return null;
	}

	async #deleteNote(conn: DeskConnection, id: string): Promise<WorkshopRefusal | null> {
		const result = await this.#db
			.deleteFrom('board_private_notes')
			.where('board_id', '=', this.#room.boardId)
			.where('note_id', '=', id)
			.where('owner', '=', this.#owner(conn))
			.executeTakeFirst();
		if (Number(result.numDeletedRows) === 0) return 'not-yours';
		await this.refresh((c) => c.user.id === conn.user.id || c.canFacilitate);
		return null;
	}

	async #vote(conn: DeskConnection, roundId: string, noteId: string, delta: 1 | -1): Promise<WorkshopRefusal | null> {
		const round = readVotingRound(this.#room.doc);
		if (!round || !round.secret || round.status !== 'open' || round.id !== roundId) return 'no-round';
		const notes = this.#room.notes.notes;
		const note = notes.get(noteId);
		if (delta > 0 && (!note || !noteInRound(round, note))) return 'no-note';
		const boardId = this.#room.boardId;
		const voter = this.#voter(conn, round);
		// Ballots of a round cleared without a reveal are of no more use to anyone.
		await this.#db.deleteFrom('board_ballots').where('board_id', '=', boardId).where('round_id', '!=', round.id).execute();
		const mine = await this.#db
			.selectFrom('board_ballots')
			.select(['note_id', 'dots'])
			.where('board_id', '=', boardId)
			.where('round_id', '=', round.id)
			.where('voter', '=', voter)
			.execute();
		const current = Number(mine.find((b) => b.note_id === noteId)?.dots ?? 0);
		// The limit counts dots on notes that still exist, as the open rounds do (voting.ts).
		const used = mine.reduce((sum, b) => sum + (notes.has(b.note_id) ? Number(b.dots) : 0), 0);
		if (delta > 0 && used >= round.perPerson) return 'no-dots-left';
		if (delta < 0 && current === 0) return 'no-note';
		const next = current + delta;
		if (current === 0) {
			await this.#db.insertInto('board_ballots').values({ board_id: boardId, round_id: round.id, voter, note_id: noteId, dots: next }).execute();
		} else if (next === 0) {
			await this.#db
				.deleteFrom('board_ballots')
				.where('board_id', '=', boardId)
				.where('round_id', '=', round.id)
				.where('voter', '=', voter)
				.where('note_id', '=', noteId)
				.execute();
		} else {
			await this.#db
				.updateTable('board_ballots')
				.set({ dots: next })
				.where('board_id', '=', boardId)
				.where('round_id', '=', round.id)
				.where('voter', '=', voter)
				.where('note_id', '=', noteId)
				.execute();
		}
		await this.refresh((c) => c.user.id === conn.user.id);
		return null;
	}

	/** Ends a secret round: its results go into the document (stored), then its ballots are forgotten. */
	async #revealVotes(): Promise<WorkshopRefusal | null> {
		const round = readVotingRound(this.#room.doc);
		if (!round || !round.secret || round.status === 'revealed') return 'no-round';
		const boardId = this.#room.boardId;
		const ballots = await this.#db.selectFrom('board_ballots').selectAll().where('board_id', '=', boardId).where('round_id', '=', round.id).execute();
		const notes = this.#room.notes.notes;
		const perNote = new Map<string, number>();
		const voters = new Set<string>();
		let dots = 0;
		for (const b of ballots) {
			if (!notes.has(b.note_id)) continue;
			const n = Number(b.dots);
			perNote.set(b.note_id, (perNote.get(b.note_id) ?? 0) + n);
			voters.add(b.voter);
			dots += n;
		}
		const order = [...notes.keys()];
		const tallies = [...perNote]
			.map(([noteId, count]) => ({ noteId, count }))
			.sort((a, b) => b.count - a.count || order.indexOf(a.noteId) - order.indexOf(b.noteId));
		const results: SecretResults = { roundId: round.id, tallies, voters: voters.size, dots };
		const meta = boardRoots(this.#room.doc).meta;
		await this.#room.commit(() => {
			meta.set('voteResults', results);
			meta.set('voting', { ...round, status: 'revealed' });
		});
		await this.#db.deleteFrom('board_ballots').where('board_id', '=', boardId).where('round_id', '=', round.id).execute();
		await this.refresh();
		return null;
	}

	async #doneCheck(on: boolean): Promise<void> {
		const meta = boardRoots(this.#room.doc).meta;
		await this.#room.commit(() => {
			if (on) meta.set('doneStep', newBoardItemId());
			else meta.delete('doneStep');
		});
		// Earlier steps' marks are of no more use.
		const step = readPrivacy(this.#room.doc).doneStep;
		let stale = this.#db.deleteFrom('board_done_marks').where('board_id', '=', this.#room.boardId);
		if (step) stale = stale.where('step', '!=', step);
		await stale.execute();
		await this.refresh();
	}

	async #markDone(conn: DeskConnection, done: boolean): Promise<WorkshopRefusal | null> {
		const step = readPrivacy(this.#room.doc).doneStep;
		if (!step) return 'no-check';
		const boardId = this.#room.boardId;
		const person = this.#person(conn);
		await this.#db.deleteFrom('board_done_marks').where('board_id', '=', boardId).where('step', '=', step).where('person', '=', person).execute();
		if (done) await this.#db.insertInto('board_done_marks').values({ board_id: boardId, step, person, marked_at: this.#now() }).execute();
		await this.refresh((c) => c.user.id === conn.user.id || c.canFacilitate);
		return null;
	}
}
