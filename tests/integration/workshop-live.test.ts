import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { MESSAGE_WORKSHOP, readPrivacy, readTimer, readWorkshopStep, findSectionByKey } from '../../src/lib/board/index.ts';
import { createWorkshop, findWorkshop } from '../../src/lib/server/workshops/workshops.ts';
import { addMethodStep, addStep } from '../../src/lib/server/workshops/agenda.ts';
import { doneCounts, endWorkshop, goToStep, startWorkshop } from '../../src/lib/server/workshops/live.ts';
import { InputError } from '../../src/lib/server/validation.ts';
import {
	addNote,
	boardRoots,
	castVote,
	getNote,
	listNotes,
	openVotingRound,
	readSecretResults,
	readVotes,
	readVotingRound,
	setVotingStatus,
	updateNote
} from '../../src/lib/board/index.ts';
import { buildWorkshopReport } from '../../src/lib/server/workshops/report.ts';
import { createPrototype } from '../../src/lib/server/prototypes/prototypes.ts';
import { createLocalEvents } from '../../src/lib/server/events/events.ts';
import { identifyCaller } from '../../src/lib/server/auth/identity.ts';
import { guestUserId, listBoardGuests } from '../../src/lib/server/guests/guest-session.ts';
import { formatJoinCode } from '../../src/lib/server/guests/join-codes.ts';
import {
	closeWorkshopJoinCode,
	currentWorkshopJoinCode,
	openWorkshopJoinCode,
	redeemWorkshopJoinCode
} from '../../src/lib/server/guests/workshop-guests.ts';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { createSession } from '../../src/lib/server/auth/session.ts';
import { createProject, listBoards } from '../../src/lib/server/projects/projects.ts';
import { addTeamMember } from '../../src/lib/server/projects/team.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeUser } from '../helpers/db.ts';
import { client as http } from '../helpers/http.ts';
import { parseCsv } from '../helpers/csv.ts';
import {
	connectClient,
	makeBoardFixture,
	startCollabServer,
	until,
	upgradeStatus,
	type BoardFixture,
	type Client,
	type CollabServer
} from './collab-harness.ts';

/**
 * Running a workshop live: the facilitator moves the room from step to step and every board of
 * the workshop carries the step in its meta, written through the hub and seen by real
 * y-websocket clients; only the workshop's own facilitators may move it.
 */

const clients: Client[] = [];
function track(c: Client): Client {
	// The hub's workshop messages (type 4) are for pages that said hello; a stock provider ignores them.
	c.provider.messageHandlers[MESSAGE_WORKSHOP] = () => {};
	clients.push(c);
	return c;
}

function sendWorkshop(c: Client, request: object): void {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_WORKSHOP);
	encoding.writeVarString(encoder, JSON.stringify(request));
	c.provider.ws!.send(encoding.toUint8Array(encoder));
}

/** A workshop on the Empathize and Ideate boards with three steps: Empathize "says", Ideate "brainstorm", a break off the boards. */
async function twoBoardWorkshop(
	db: DB,
	projectId: string,
	boards: Record<string, string> & { empathize?: string; ideate?: string },
	facilitatorId: string,
	creator: never
) {
	const { id } = await createWorkshop(
		db,
		projectId,
		{
			title: 'เวิร์กช็อปสองบอร์ด',
			purpose: '',
			date: '2026-07-14',
			startTime: '09:00',
			facilitators: [facilitatorId],
			boards: [boards.empathize, boards.ideate]
		},
		creator
	);
	const step = (title: string, minutes: string, place: string) =>
		addStep(db, projectId, id, { title, methodId: '', minutes, instructions: `ทำ ${title} ให้เสร็จ`, place });
	const a = await step('ฟังเสียงประชาชน', '10', `${boards.empathize}:says`);
	const b = await step('ระดมความคิด', '15', `${boards.ideate}:brainstorm`);
	const c = await step('พักเบรก', '5', '');
	return { id, steps: [a.id, b.id, c.id] };
}

describe('moving the room through the hub', () => {
	let server: CollabServer;
	let fx: BoardFixture;

	beforeEach(async () => {
		server = await startCollabServer({ accessRecheckMs: 60_000 });
		fx = await makeBoardFixture(server.db);
	});
	afterEach(async () => {
		for (const c of clients.splice(0)) c.destroy();
		await server.close();
	});

	const load = async (id: string) => (await findWorkshop(server.db, fx.projectId, id))!;

	it('writes the step into every board’s meta, starts its timer and done check on its board, and follows the moves', async () => {
		const { id, steps: all } = await twoBoardWorkshop(server.db, fx.projectId, fx.boards, fx.facilitator.id, { id: fx.facilitator.id } as never);
		const steps = all as [string, string, string];
		const empathize = track(connectClient(server.collabUrl, fx.boards.empathize, { cookie: fx.member.cookie, origin: server.origin }));
		const ideate = track(connectClient(server.collabUrl, fx.boards.ideate, { cookie: fx.member.cookie, origin: server.origin }));
		const elsewhere = track(connectClient(server.collabUrl, fx.boards.test, { cookie: fx.member.cookie, origin: server.origin }));
		await Promise.all([empathize.synced(), ideate.synced(), elsewhere.synced()]);

		await startWorkshop(server.db, server.hub, await load(id), 1_000_000);
		await until(() => readWorkshopStep(ideate.doc)?.stepId === steps[0], 'the Ideate board hears of step 1');
		await until(() => readWorkshopStep(empathize.doc)?.stepId === steps[0], 'the Empathize board hears of step 1');
		const says = findSectionByKey(empathize.doc, 'says')!;
		expect(readWorkshopStep(empathize.doc)).toEqual({
			workshopId: id,
			stepId: steps[0],
			index: 0,
			count: 3,
			title: 'ฟังเสียงประชาชน',
			instructions: 'ทำ ฟังเสียงประชาชน ให้เสร็จ',
			boardId: fx.boards.empathize,
			sectionId: says.id,
			minutes: 10,
			startedAt: 1_000_000
		});
		expect(readTimer(empathize.doc)).toMatchObject({ durationMs: 600_000, endsAt: 1_600_000 });
		expect(readPrivacy(empathize.doc).doneStep).toBe(steps[0]);
		expect(readTimer(ideate.doc)).toBeNull();
		expect(readWorkshopStep(elsewhere.doc)).toBeNull();
		const row = await server.db.selectFrom('workshops').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ state: 'running', current_step_id: steps[0] });
		expect(Number(row.current_step_started_at)).toBe(1_000_000);

		// A participant marks themselves done with step 1 (the hub's done check under the step's id).
		sendWorkshop(empathize, { type: 'hello' });
		sendWorkshop(empathize, { type: 'done', done: true });
		await until(async () => (await doneCounts(server.db, await load(id))).get(steps[0]) === 1, 'the mark counts for step 1');

		await goToStep(server.db, server.hub, await load(id), { to: 'next' }, 1_300_000);
		await until(() => readWorkshopStep(empathize.doc)?.stepId === steps[1], 'Empathize hears of step 2');
		await until(() => readTimer(ideate.doc)?.durationMs === 900_000, 'the Ideate timer runs');
		expect(readWorkshopStep(ideate.doc)).toMatchObject({
			index: 1,
			boardId: fx.boards.ideate,
			sectionId: findSectionByKey(ideate.doc, 'brainstorm')!.id
		});
		expect(readPrivacy(ideate.doc).doneStep).toBe(steps[1]);
		// The step left Empathize: its timer and done check go; the marks stay for the report.
		expect(readTimer(empathize.doc)).toBeNull();
		expect(readPrivacy(empathize.doc).doneStep).toBeNull();
		const counts = await doneCounts(server.db, await load(id));
		expect(counts.get(steps[0])).toBe(1);
		expect(counts.get(steps[1]) ?? 0).toBe(0);

		await goToStep(server.db, server.hub, await load(id), { to: 'step', stepId: steps[2] }, 1_400_000);
		await until(() => readWorkshopStep(ideate.doc)?.stepId === steps[2], 'Ideate hears of the break');
		expect(readWorkshopStep(ideate.doc)).toMatchObject({ boardId: null, sectionId: null, index: 2 });
		expect(readTimer(ideate.doc)).toBeNull();

		await goToStep(server.db, server.hub, await load(id), { to: 'previous' }, 1_500_000);
		await until(() => readWorkshopStep(empathize.doc)?.stepId === steps[1], 'back to step 2');

		await endWorkshop(server.db, server.hub, await load(id), 1_600_000);
		await until(() => readWorkshopStep(empathize.doc) === null && readWorkshopStep(ideate.doc) === null, 'the boards forget the step');
		expect(readTimer(ideate.doc)).toBeNull();
		expect(await load(id)).toMatchObject({ state: 'ended', currentStepId: null, startedAt: 1_000_000, endedAt: 1_600_000 });
	});

	it('refuses moves that make no sense and changes nothing', async () => {
		const { id } = await twoBoardWorkshop(server.db, fx.projectId, fx.boards, fx.facilitator.id, { id: fx.facilitator.id } as never);
		await expect(goToStep(server.db, server.hub, await load(id), { to: 'next' })).rejects.toBeInstanceOf(InputError);
		await startWorkshop(server.db, server.hub, await load(id), 2_000_000);
		await expect(goToStep(server.db, server.hub, await load(id), { to: 'previous' })).rejects.toBeInstanceOf(InputError);
		await expect(goToStep(server.db, server.hub, await load(id), { to: 'step', stepId: 'nothing' })).rejects.toBeInstanceOf(InputError);
		expect((await load(id)).currentStepStartedAt).toBe(2_000_000);
		await endWorkshop(server.db, server.hub, await load(id));
		await expect(startWorkshop(server.db, server.hub, await load(id))).rejects.toBeInstanceOf(InputError);

		const empty = await createWorkshop(
			server.db,
			fx.projectId,
			{ title: 'ไม่มีขั้นตอน', purpose: '', date: '2026-07-14', startTime: '09:00', facilitators: [fx.facilitator.id], boards: [] },
			{ id: fx.facilitator.id } as never
		);
		await expect(startWorkshop(server.db, server.hub, await load(empty.id))).rejects.toBeInstanceOf(InputError);
		expect((await load(empty.id)).state).toBe('planned');
	});

	it('takes the room to the whole board for a dot vote while its section is empty, and to the section once a shortlist is in it', async () => {
		const { id } = await twoBoardWorkshop(server.db, fx.projectId, fx.boards, fx.facilitator.id, { id: fx.facilitator.id } as never);
		const vote = await addMethodStep(server.db, fx.projectId, id, 'dot-voting');
		const brainstorm = (await load(id)).steps[1]!.id;
		const ideate = track(connectClient(server.collabUrl, fx.boards.ideate, { cookie: fx.facilitator.cookie, origin: server.origin }));
		await ideate.synced();
		const brainstormArea = findSectionByKey(ideate.doc, 'brainstorm')!;
		addNote(ideate.doc, { text: 'รถรับส่งจากหมู่บ้าน', section: brainstormArea.id, author: fx.facilitator.id });
		await until(async () => (await server.hub.readBoard(fx.boards.ideate, listNotes)).length === 1, 'the hub has the idea');

		await startWorkshop(server.db, server.hub, await load(id), 3_000_000);
		await goToStep(server.db, server.hub, await load(id), { to: 'step', stepId: vote.id }, 3_100_000);
		await until(() => readWorkshopStep(ideate.doc)?.stepId === vote.id, 'the board hears of the vote');
		// The vote's own area holds nothing: everyone sees the whole board, where the idea is.
		expect(readWorkshopStep(ideate.doc)).toMatchObject({ boardId: fx.boards.ideate, sectionId: null });
		// A brainstorm step goes to its section, empty or not.
		await goToStep(server.db, server.hub, await load(id), { to: 'step', stepId: brainstorm }, 3_200_000);
		await until(() => readWorkshopStep(ideate.doc)?.stepId === brainstorm, 'back to the brainstorm');
		expect(readWorkshopStep(ideate.doc)?.sectionId).toBe(brainstormArea.id);

		// Once the facilitator moves a shortlist into the vote's area, the vote goes there.
		const voteArea = findSectionByKey(ideate.doc, 'dot_vote')!;
		addNote(ideate.doc, { text: 'ป้ายภาษาง่าย', section: voteArea.id, author: fx.facilitator.id });
		await until(async () => (await server.hub.readBoard(fx.boards.ideate, listNotes)).length === 2, 'the hub has the shortlist');
		await goToStep(server.db, server.hub, await load(id), { to: 'step', stepId: vote.id }, 3_300_000);
		await until(() => readWorkshopStep(ideate.doc)?.startedAt === 3_300_000, 'the board hears of the vote again');
		expect(readWorkshopStep(ideate.doc)?.sectionId).toBe(voteArea.id);
	});
});

describe('guests of a workshop', () => {
	let server: CollabServer;
	let fx: BoardFixture;
	const events = createLocalEvents(() => {});

	beforeEach(async () => {
		server = await startCollabServer({ accessRecheckMs: 60_000, events });
		fx = await makeBoardFixture(server.db);
	});
	afterEach(async () => {
		for (const c of clients.splice(0)) c.destroy();
		await server.close();
	});

	const load = async (id: string) => (await findWorkshop(server.db, fx.projectId, id))!;
	const on = (board: string, cookie: string) => track(connectClient(server.collabUrl, board, { cookie, origin: server.origin }));

	it('join by the workshop’s code with a name and reach every board of the workshop, and no other', async () => {
		const { id } = await twoBoardWorkshop(server.db, fx.projectId, fx.boards, fx.facilitator.id, { id: fx.facilitator.id } as never);
		const { code } = await openWorkshopJoinCode(server.db, id, fx.facilitator.id, 4 * 60 * 60_000, Date.now());
		expect(await currentWorkshopJoinCode(server.db, id)).not.toBeNull();
		const guest = (await redeemWorkshopJoinCode(server.db, { code: formatJoinCode(code).toLowerCase(), name: 'ลุงสมชาย' }))!;
		expect(guest).toMatchObject({ workshopId: id });
		const cookie = `guest=${guest.token}`;
		const caller = await identifyCaller(server.db, { session: null, guest: guest.token });
		expect(caller.guest?.scope).toEqual({
			projectId: fx.projectId,
			boardIds: expect.arrayContaining([fx.boards.empathize, fx.boards.ideate]),
			workshopId: id
		});
		expect(caller.guest?.scope.boardIds).toHaveLength(2);

		const empathize = on(fx.boards.empathize, cookie);
		const ideate = on(fx.boards.ideate, cookie);
		const facilitator = on(fx.boards.ideate, fx.facilitator.cookie);
		await Promise.all([empathize.synced(), ideate.synced(), facilitator.synced()]);
		const note = addNote(ideate.doc, { text: 'อยากให้มีป้ายบอกทางเป็นภาษาง่าย', author: guestUserId(guest.guestId) });
		await until(() => getNote(facilitator.doc, note) !== null, 'the facilitator sees the guest’s note');
		expect(await listBoardGuests(server.db, fx.boards.ideate)).toEqual([{ userId: guestUserId(guest.guestId), name: 'ลุงสมชาย', active: true }]);
		// With a board guest's limits: someone else's note is not theirs to change.
		const theirs = addNote(facilitator.doc, { text: 'โน้ตของผู้นำกระบวนการ', author: fx.facilitator.id });
		await until(() => getNote(ideate.doc, theirs) !== null, 'the guest sees the facilitator’s note');
		updateNote(ideate.doc, theirs, { text: 'แก้โดยแขก' });
		await until(() => getNote(ideate.doc, theirs)?.text === 'โน้ตของผู้นำกระบวนการ', 'the hub undoes the guest’s change');
		expect(getNote(facilitator.doc, theirs)?.text).toBe('โน้ตของผู้นำกระบวนการ');
		for (const other of [fx.boards.prototype, fx.boards.test]) {
			expect(await upgradeStatus(`${server.collabUrl}/${other}`, { origin: server.origin, cookie })).toBe(404);
		}
	});

	it('stop joining once the code is closed; those in stay until the workshop ends, which cuts them off at once', async () => {
		const { id } = await twoBoardWorkshop(server.db, fx.projectId, fx.boards, fx.facilitator.id, { id: fx.facilitator.id } as never);
		const { code } = await openWorkshopJoinCode(server.db, id, fx.facilitator.id, 4 * 60 * 60_000);
		const guest = (await redeemWorkshopJoinCode(server.db, { code, name: 'ป้าแดง' }))!;
		const cookie = `guest=${guest.token}`;
		await closeWorkshopJoinCode(server.db, id);
		expect(await currentWorkshopJoinCode(server.db, id)).toBeNull();
		expect(await redeemWorkshopJoinCode(server.db, { code, name: 'มาทีหลัง' })).toBeNull();

		await startWorkshop(server.db, server.hub, await load(id));
		const visitor = on(fx.boards.ideate, cookie);
		await visitor.synced();
		const closed = new Promise<number>((resolve) => visitor.provider.on('connection-close', (e: { code: number } | null) => e && resolve(e.code)));
		const { endedGuests } = await endWorkshop(server.db, server.hub, await load(id));
		expect(endedGuests).toEqual([guest.guestId]);
		for (const guestId of endedGuests) await events.publish('access-changed', { scope: 'guest', guestId });
		expect(await closed).toBe(4403);
		expect(await upgradeStatus(`${server.collabUrl}/${fx.boards.empathize}`, { origin: server.origin, cookie })).toBe(401);
		await expect(openWorkshopJoinCode(server.db, id, fx.facilitator.id, 60_000)).rejects.toBeInstanceOf(InputError);
	});
});

describe('the report', () => {
	let server: CollabServer;
	let fx: BoardFixture;

	beforeEach(async () => {
		server = await startCollabServer({ accessRecheckMs: 60_000 });
		fx = await makeBoardFixture(server.db);
	});
	afterEach(async () => {
		for (const c of clients.splice(0)) c.destroy();
		await server.close();
	});

	it('sets actual minutes beside planned ones and gives each step its section’s notes, revealed dots, done marks and people', async () => {
		const { id, steps: all } = await twoBoardWorkshop(server.db, fx.projectId, fx.boards, fx.facilitator.id, { id: fx.facilitator.id } as never);
		const steps = all as [string, string, string];
		const load = async () => (await findWorkshop(server.db, fx.projectId, id))!;
		const { code } = await openWorkshopJoinCode(server.db, id, fx.facilitator.id, 60 * 60_000);
		await redeemWorkshopJoinCode(server.db, { code, name: 'ป้าแดง' });
		const t0 = Date.now();
		await startWorkshop(server.db, server.hub, await load(), t0);
		await goToStep(server.db, server.hub, await load(), { to: 'next' }, t0 + 12 * 60_000);
		// On Ideate: two notes in Brainstorm (one with two revealed dots), one elsewhere.
		let a = '';
		await server.hub.changeBoard(fx.boards.ideate, (doc) => {
			const brainstorm = findSectionByKey(doc, 'brainstorm')!.id;
			a = addNote(doc, { text: 'รถรับส่งผู้สูงอายุ', author: fx.member.id, section: brainstorm });
			addNote(doc, { text: 'จองคิวทางโทรศัพท์', author: fx.member.id, section: brainstorm });
			addNote(doc, { text: 'อยู่นอกส่วนนี้', author: fx.member.id });
			openVotingRound(doc, { perPerson: 3, anonymous: false, noteIds: [a] });
			boardRoots(doc).votes.get(a)!.set(fx.member.id, 2);
			setVotingStatus(doc, 'revealed');
		});
		await server.db.insertInto('board_done_marks').values({ board_id: fx.boards.ideate, step: steps[1], person: 'p1', marked_at: t0 }).execute();
		await endWorkshop(server.db, server.hub, await load(), t0 + 30 * 60_000);
		const prototype = await createPrototype(
			server.db,
			fx.projectId,
			{
				title: 'รถรับส่งถึงบ้าน',
				summary: 'ทดลองรถรับส่ง',
				audience: 'ผู้สูงอายุ',
				learningGoal: 'จะมีคนใช้ไหม',
				owner: fx.facilitator.id,
				fidelity: 'paper',
				tags: ''
			},
			{ ...fx.facilitator, role: 'facilitator' } as never,
			{ ideas: [{ boardId: fx.boards.ideate, noteId: a, text: 'รถรับส่งผู้สูงอายุ', section: 'ระดมไอเดีย' }] }
		);

		const report = await buildWorkshopReport(server.db, server.hub, await load());
		expect(report.steps.map((s) => [s.title, s.plannedMinutes, s.actualMinutes])).toEqual([
			['ฟังเสียงประชาชน', 10, 12],
			['ระดมความคิด', 15, 18],
			['พักเบรก', 5, null]
		]);
		const ideate = report.steps[1]!;
		expect(ideate.place).toEqual({ stage: 'ideate', section: { title: expect.any(String), key: 'brainstorm' } });
		expect(ideate.revealed).toBe(true);
		expect(ideate.notes.map((n) => [n.text, n.dots])).toEqual([
			['รถรับส่งผู้สูงอายุ', 2],
			['จองคิวทางโทรศัพท์', 0]
		]);
		expect(ideate.done).toBe(1);
		expect(ideate.prototypes).toEqual([{ id: prototype.id, title: 'รถรับส่งถึงบ้าน' }]);
		expect(report.steps[0]!.notes).toEqual([]);
		expect(report.guests).toEqual(['ป้าแดง']);
		expect(report.team.map((p) => p.id).sort()).toEqual([fx.facilitator.id, fx.member.id].sort());
	});

	it('lists every round revealed on a step’s board while the room was on it, and who of the team was in the room (by name for the team only)', async () => {
		const { id } = await twoBoardWorkshop(server.db, fx.projectId, fx.boards, fx.facilitator.id, { id: fx.facilitator.id } as never);
		const load = async () => (await findWorkshop(server.db, fx.projectId, id))!;
		// A round revealed before the workshop is not its own.
		let early = '';
		await server.hub.changeBoard(fx.boards.ideate, (doc) => {
			early = addNote(doc, { text: 'ก่อนเวิร์กช็อป', author: fx.member.id });
			openVotingRound(doc, { perPerson: 1, anonymous: false, noteIds: [early], now: Date.now() - 60 * 60_000 });
			boardRoots(doc).votes.get(early)!.set(fx.member.id, 1);
			setVotingStatus(doc, 'revealed');
		});
		const t0 = Date.now() - 20 * 60_000;
		await startWorkshop(server.db, server.hub, await load(), t0);
		await goToStep(server.db, server.hub, await load(), { to: 'next' }, t0 + 10 * 60_000);

		// The member opens the step's board: the hub notes them in the room.
		const member = track(connectClient(server.collabUrl, fx.boards.ideate, { cookie: fx.member.cookie, origin: server.origin }));
		await member.synced();
		sendWorkshop(member, { type: 'hello' });
		const present = () => server.db.selectFrom('workshop_attendance').select('user_id').where('workshop_id', '=', id).execute();
		await until(async () => (await present()).length === 1, 'the member is noted in the room');
		expect((await present()).map((r) => r.user_id)).toEqual([fx.member.id]);

		// Two rounds revealed one after the other, then a third closed without a reveal.
		let a = '';
		let b = '';
		await server.hub.changeBoard(fx.boards.ideate, (doc) => {
			const brainstorm = findSectionByKey(doc, 'brainstorm')!.id;
			a = addNote(doc, { text: 'ศูนย์บริการเคลื่อนที่', author: fx.member.id, section: brainstorm });
			b = addNote(doc, { text: 'นัดคิวล่วงหน้าทางไลน์', author: fx.member.id, section: brainstorm });
			openVotingRound(doc, { perPerson: 3, anonymous: false, noteIds: [a, b] });
			boardRoots(doc).votes.get(a)!.set(fx.member.id, 2);
			setVotingStatus(doc, 'revealed');
		});
		await server.hub.changeBoard(fx.boards.ideate, (doc) => {
			openVotingRound(doc, { perPerson: 1, anonymous: true, noteIds: [a, b] });
			boardRoots(doc).votes.get(b)!.set('someone', 1);
			setVotingStatus(doc, 'revealed');
		});
		await server.hub.changeBoard(fx.boards.ideate, (doc) => {
			openVotingRound(doc, { perPerson: 1, anonymous: false, noteIds: [a, b] });
			boardRoots(doc).votes.get(a)!.set(fx.member.id, 1);
			setVotingStatus(doc, 'closed');
		});
		await endWorkshop(server.db, server.hub, await load(), Date.now() + 1);

		const report = await buildWorkshopReport(server.db, server.hub, await load());
		expect(report.steps[0]!.rounds).toEqual([]);
		const rounds = report.steps[1]!.rounds;
		expect(rounds.map((r) => r.results.map((x) => [x.text, x.count]))).toEqual([[['ศูนย์บริการเคลื่อนที่', 2]], [['นัดคิวล่วงหน้าทางไลน์', 1]]]);
		expect(rounds.map((r) => [r.voters, r.dots])).toEqual([
			[1, 2],
			[1, 1]
		]);
		expect(JSON.stringify(report)).not.toContain('ก่อนเวิร์กช็อป');
		expect(report.present).toEqual([{ id: fx.member.id, name: expect.any(String) }]);
		expect(report.counts.present).toBe(1);
		expect(report.namesHidden).toBe(false);

		// A reader who is not on the team (an official) gets how many, not who.
		const hidden = await buildWorkshopReport(server.db, server.hub, await load(), { names: false });
		expect(hidden.namesHidden).toBe(true);
		expect(hidden.counts).toEqual(report.counts);
		expect([hidden.team, hidden.present, hidden.guests]).toEqual([[], [], []]);
	});
});

describe('the live routes', () => {
	let app: AppServer;
	let db: DB;
	const cookies: Record<'facilitator' | 'projectFacilitator' | 'member' | 'viewer' | 'outsider', string> = {} as never;
	let projectId = '';
	let boards: Record<'empathize' | 'ideate', string> = { empathize: '', ideate: '' };
	let workshop = { id: '', steps: [] as string[] };
	const stepAt = (i: number) => workshop.steps[i]!;
	let memberId = '';
	let memberName = '';
	let lead = { id: '', name: '' };

	beforeAll(async () => {
		app = await startAppServer();
		db = openDatabase(app.databasePath);
		const projectLead = await makeUser(db, 'facilitator', 'สมหญิง');
		lead = { id: projectLead.id, name: projectLead.name };
		const runner = await makeUser(db, 'member', 'วิชัย');
		const member = await makeUser(db, 'member');
		memberId = member.id;
		memberName = member.name;
		const viewer = await makeUser(db, 'member');
		const project = await createProject(db, { title: 'เวิร์กช็อปสด', challenge: 'ให้ทุกคนเดินไปพร้อมกัน', agency: 'กรมตัวอย่าง', tags: '' }, projectLead);
		projectId = project.id;
		await addTeamMember(db, projectId, { email: runner.email, role: 'member' }, projectLead.id);
		await addTeamMember(db, projectId, { email: member.email, role: 'member' }, projectLead.id);
		await addTeamMember(db, projectId, { email: viewer.email, role: 'viewer' }, projectLead.id);
		boards = Object.fromEntries((await listBoards(db, projectId)).map((b) => [b.stage, b.id])) as typeof boards;
		// The workshop is run by a team member; the project's facilitator is not one of its facilitators.
		workshop = await twoBoardWorkshop(db, projectId, boards, runner.id, projectLead as never);
		cookies.facilitator = `session=${(await createSession(db, runner.id)).token}`;
		cookies.projectFacilitator = `session=${(await createSession(db, projectLead.id)).token}`;
		cookies.member = `session=${(await createSession(db, member.id)).token}`;
		cookies.viewer = `session=${(await createSession(db, viewer.id)).token}`;
		cookies.outsider = `session=${(await createSession(db, (await makeUser(db, 'member')).id)).token}`;
	});
	afterAll(async () => {
		for (const c of clients.splice(0)) c.destroy();
		await db?.destroy();
		await app?.stop();
		app?.cleanup();
	});

	const runnerId = async () =>
		(await db.selectFrom('workshop_facilitators').select('user_id').where('workshop_id', '=', workshop.id).executeTakeFirstOrThrow()).user_id;
	const state = () => db.selectFrom('workshops').select(['state', 'current_step_id']).where('id', '=', workshop.id).executeTakeFirstOrThrow();

	it('lets only the workshop’s own facilitators move the room, which every board then shows', async () => {
		const path = `/projects/${projectId}/workshops/${workshop.id}`;
		for (const who of ['member', 'viewer', 'projectFacilitator'] as const) {
			expect((await http(app, cookies[who]).post(`${path}?/start`, {})).status, who).toBe(403);
		}
		expect(await state()).toEqual({ state: 'planned', current_step_id: null });

		const board = track(
			connectClient(`ws://127.0.0.1:${app.port}/collab`, boards.ideate, { cookie: cookies.member, origin: `http://127.0.0.1:${app.port}` })
		);
		await board.synced();
		const started = await http(app, cookies.facilitator).post(`${path}?/start`, {});
		expect(started.status).toBe(200);
		expect(await state()).toEqual({ state: 'running', current_step_id: stepAt(0) });
		await until(() => readWorkshopStep(board.doc)?.stepId === stepAt(0), 'the Ideate board shows step 1');

		expect((await http(app, cookies.member).post(`${path}?/go`, { to: 'next' })).status).toBe(403);
		expect((await state()).current_step_id).toBe(stepAt(0));
		expect((await http(app, cookies.facilitator).post(`${path}?/go`, { to: 'next' })).status).toBe(200);
		await until(() => readWorkshopStep(board.doc)?.stepId === stepAt(1), 'the Ideate board shows step 2');
		expect(readTimer(board.doc)?.durationMs).toBe(15 * 60_000);

		const page = await (await http(app, cookies.facilitator).get(path)).text();
		expect(page).toContain(`data-current-step="${stepAt(1)}"`);

		// A guest joins the workshop through /join and lands on the step's board; another board is never shown.
		expect((await http(app, cookies.member).post(`${path}?/openJoinCode`, { hours: '4' })).status).toBe(403);
		const { code } = await openWorkshopJoinCode(db, workshop.id, await runnerId(), 4 * 60 * 60_000);
		const joined = await http(app).post('/join', { code: formatJoinCode(code), name: 'น้องฟ้า' });
		expect(joined.status).toBe(303);
		expect(joined.headers.get('location')).toBe('/guest');
		const guestCookie = /^guest=[^;]+/.exec(joined.headers.getSetCookie().find((c) => c.startsWith('guest=')) ?? '')![0];
		const onStep = await (await http(app, guestCookie).get('/guest')).text();
		expect(onStep).toContain('เวิร์กช็อปสองบอร์ด');
		expect(onStep).toContain(`/guest?board=${boards.empathize}`);
		const other = (await listBoards(db, projectId)).find((b) => b.stage === 'test')!.id;
		const refused = await (await http(app, guestCookie).get(`/guest?board=${other}`)).text();
		expect(refused).not.toContain(`board:{id:"${other}"`);
		expect(refused).toContain(`board:{id:"${boards.ideate}"`);

		expect((await http(app, cookies.viewer).post(`${path}?/end`, {})).status).toBe(403);
		expect((await http(app, cookies.facilitator).post(`${path}?/end`, {})).status).toBe(200);
		await until(() => readWorkshopStep(board.doc) === null, 'the board forgets the step');
		expect((await state()).state).toBe('ended');
		// The report: the team reads it, in Thai and in English; someone off the project does not.
		const thai = await (await http(app, cookies.viewer).get(`${path}/report`)).text();
		expect(thai).toContain('กำหนดการตามที่ดำเนินจริง');
		expect(thai).toContain('ระดมความคิด');
		expect(thai).toContain('น้องฟ้า');
		const english = await (await http(app, `${cookies.viewer}; lang=en`).get(`${path}/report`)).text();
		expect(english).toContain('The agenda as run');
		expect(english).toContain('Planned (min)');
		expect((await http(app, cookies.outsider).get(`${path}/report`)).status).toBe(404);

		// The workshop's end ends its guests' access.
		expect((await http(app, guestCookie).get('/guest')).status).toBe(303);
	});

	it('hands the report on as a PDF (cover, the agenda, each step’s notes, the boards) and its notes as CSV, to the team only', async () => {
		const path = `/projects/${projectId}/workshops/${workshop.id}`;
		const board = track(
			connectClient(`ws://127.0.0.1:${app.port}/collab`, boards.ideate, { cookie: cookies.member, origin: `http://127.0.0.1:${app.port}` })
		);
		await board.synced();
		const idea = 'รถรับส่งผู้สูงอายุถึงหน้าเขต';
		addNote(board.doc, { text: idea, section: findSectionByKey(board.doc, 'brainstorm')!.id, author: memberId });
		addNote(board.doc, { text: '=HYPERLINK("x")', section: findSectionByKey(board.doc, 'brainstorm')!.id, author: memberId });

		// CSV: one row per note of each step's section, Thai intact, a formula defused.
		let csv = '';
		await until(async () => {
			csv = await (await http(app, cookies.viewer).get(`${path}/report.csv`)).text();
			return csv.includes(idea);
		}, 'the note reaches the report');
		// A byte-order mark first, so Excel reads the Thai (text() takes it off).
		const bytes = Buffer.from(await (await http(app, cookies.viewer).get(`${path}/report.csv`)).arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(csv.startsWith('รายการ,ลำดับ,ขั้นตอน,บอร์ดและส่วน,โน้ต,')).toBe(true);
		expect(csv).toContain(`โน้ต,2,ระดมความคิด,บอร์ดขั้นระดมความคิด · ระดมไอเดีย,${idea},`);
		expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
		expect(csv).toContain('โน้ต,3,พักเบรก,,,');

		// PDF: A4 landscape, its text holds the workshop, the steps and the note.
		const response = await http(app, cookies.viewer).get(`${path}/report.pdf`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/pdf');
		const work = mkdtempSync(join(tmpdir(), 'report-pdf-'));
		try {
			const file = join(work, 'report.pdf');
			writeFileSync(file, Buffer.from(await response.arrayBuffer()));
			expect(execFileSync('pdfinfo', [file]).toString()).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/);
			const text = execFileSync('pdftotext', [file, '-']).toString().replace(/\s+/g, '');
			for (const words of ['เวิร์กช็อปสองบอร์ด', 'ฟังเสียงประชาชน', 'ระดมความคิด', 'พักเบรก', idea]) expect(text).toContain(words.replace(/\s+/g, ''));
		} finally {
			rmSync(work, { recursive: true, force: true });
		}

		// In English too; nobody off the project, and nobody signed out.
		const english = await (await http(app, `${cookies.viewer}; lang=en`).get(`${path}/report.csv`)).text();
		expect(english.startsWith('Row,No.,Step,Board and section,Note,')).toBe(true);
		for (const file of ['report.pdf', 'report.csv']) {
			expect((await http(app, cookies.outsider).get(`${path}/${file}`)).status, file).toBe(404);
			expect((await http(app).get(`${path}/${file}`)).status, file).toBe(303);
		}
	});

	it('puts each step’s voting rounds in the CSV with their counts, and who took part: how many, with names for the team only', async () => {
		const second = await twoBoardWorkshop(db, projectId, boards, await runnerId(), { id: lead.id } as never);
		const path = `/projects/${projectId}/workshops/${second.id}`;
		expect((await http(app, cookies.facilitator).post(`${path}?/start`, {})).status).toBe(200);
		expect((await http(app, cookies.facilitator).post(`${path}?/go`, { to: 'next' })).status).toBe(200);

		// The project's facilitator runs the votes on the Ideate board; the member votes and is in the room.
		const origin = `http://127.0.0.1:${app.port}`;
		const facilitator = track(connectClient(`ws://127.0.0.1:${app.port}/collab`, boards.ideate, { cookie: cookies.projectFacilitator, origin }));
		const member = track(connectClient(`ws://127.0.0.1:${app.port}/collab`, boards.ideate, { cookie: cookies.member, origin }));
		await Promise.all([facilitator.synced(), member.synced()]);
		await until(() => readWorkshopStep(member.doc)?.stepId === second.steps[1], 'the board shows the second workshop’s step 2');
		sendWorkshop(member, { type: 'hello' });
		const brainstorm = findSectionByKey(member.doc, 'brainstorm')!.id;
		const a = addNote(member.doc, { text: 'ป้ายบอกลำดับคิวภาษาง่าย', section: brainstorm, author: memberId });
		const b = addNote(member.doc, { text: 'เก้าอี้พักสำหรับผู้สูงอายุ', section: brainstorm, author: memberId });
		await until(() => !!getNote(facilitator.doc, a) && !!getNote(facilitator.doc, b), 'the notes reach the facilitator');

		// Round 1, named: the member puts 2 dots on a, the facilitator 1 on b; revealed.
		const first = openVotingRound(facilitator.doc, { perPerson: 3, anonymous: false, noteIds: [a, b] });
		await until(() => readVotingRound(member.doc)?.id === first.id, 'the member hears of round 1');
		const dot = (c: Client, voterId: string, noteId: string) =>
			castVote(c.doc, { voterId, round: first, votes: readVotes(c.doc), note: getNote(c.doc, noteId)!, exists: () => true });
		dot(member, memberId, a);
		dot(member, memberId, a);
		dot(facilitator, lead.id, b);
		await until(() => readVotes(facilitator.doc).get(a)?.get(memberId) === 2, 'the member’s dots reach the facilitator');
		setVotingStatus(facilitator.doc, 'revealed');
		// Round 2, secret: the member's one dot goes to the hub as a ballot; revealed by the facilitator.
		const secret = openVotingRound(facilitator.doc, { perPerson: 1, anonymous: true, secret: true, noteIds: [a, b] });
		await until(() => readVotingRound(member.doc)?.id === secret.id, 'the member hears of round 2');
		sendWorkshop(member, { type: 'vote', roundId: secret.id, noteId: b, delta: 1 });
		await until(async () => (await db.selectFrom('board_ballots').select('note_id').execute()).length === 1, 'the ballot is stored');
		sendWorkshop(facilitator, { type: 'reveal-votes' });
		await until(() => readSecretResults(member.doc, secret.id) !== null, 'round 2 is revealed');
		expect((await http(app, cookies.facilitator).post(`${path}?/end`, {})).status).toBe(200);

		// The team reads the CSV: the rounds of step 2, one row per note with dots, and who took part by name.
		const rows = parseCsv(await (await http(app, cookies.viewer).get(`${path}/report.csv`)).text());
		const header = rows[0]!;
		expect(header).toEqual([
			'รายการ',
			'ลำดับ',
			'ขั้นตอน',
			'บอร์ดและส่วน',
			'โน้ต',
			'จุดโหวต',
			'รอบที่',
			'เปิดโหวตเมื่อ',
			'โหวตลับ',
			'ผู้โหวต (คน)',
			'จุดทั้งรอบ',
			'กลุ่ม',
			'จำนวน (คน)',
			'ชื่อ'
		]);
		expect(rows.every((row) => row.length === header.length)).toBe(true);
		const column = (name: string) => header.indexOf(name);
		const pick = (row: string[], ...names: string[]) => names.map((name) => row[column(name)]);
		const rounds = rows.filter((row) => row[0] === 'รอบโหวต');
		expect(rounds.map((row) => pick(row, 'ลำดับ', 'โน้ต', 'จุดโหวต', 'รอบที่', 'โหวตลับ', 'ผู้โหวต (คน)', 'จุดทั้งรอบ'))).toEqual([
			['2', 'ป้ายบอกลำดับคิวภาษาง่าย', '2', '1', '', '2', '3'],
			['2', 'เก้าอี้พักสำหรับผู้สูงอายุ', '1', '1', '', '2', '3'],
			['2', 'เก้าอี้พักสำหรับผู้สูงอายุ', '1', '2', 'ลับ', '1', '1']
		]);
		expect(rounds.every((row) => row[column('เปิดโหวตเมื่อ')]!.length > 0)).toBe(true);
		const people = rows.filter((row) => row[0] === 'ผู้เข้าร่วม').map((row) => pick(row, 'กลุ่ม', 'จำนวน (คน)', 'ชื่อ'));
		expect(people.map(([group, count]) => [group, count])).toEqual([
			['ทีม', '2'],
			['สมาชิกทีมที่อยู่ในห้อง', '2'],
			['แขก', '0']
		]);
		expect(people[0]![2]!.split(', ').sort()).toEqual(['วิชัย', memberName].sort());
		expect(people[1]![2]!.split(', ').sort()).toEqual([lead.name, memberName].sort());
		expect(people[2]![2]).toBe('');

		// Someone who reads every project but is not on its team (an official): the same counts, no names.
		const official = await makeUser(db, 'official');
		const officialCookie = `session=${(await createSession(db, official.id)).token}`;
		const hidden = await (await http(app, officialCookie).get(`${path}/report.csv`)).text();
		const hiddenPeople = parseCsv(hidden)
			.filter((row) => row[0] === 'ผู้เข้าร่วม')
			.map((row) => pick(row, 'กลุ่ม', 'จำนวน (คน)', 'ชื่อ'));
		expect(hiddenPeople).toEqual([
			['ทีม', '2', ''],
			['สมาชิกทีมที่อยู่ในห้อง', '2', ''],
			['แขก', '0', '']
		]);
		for (const name of ['วิชัย', memberName, lead.name]) expect(hidden).not.toContain(name);
		expect(parseCsv(hidden).filter((row) => row[0] === 'รอบโหวต')).toEqual(rounds);

		// In English, the same table.
		const english = parseCsv(await (await http(app, `${cookies.viewer}; lang=en`).get(`${path}/report.csv`)).text());
		expect(english[0]!.slice(0, 7)).toEqual(['Row', 'No.', 'Step', 'Board and section', 'Note', 'Dots', 'Round']);
		expect(english.filter((row) => row[0] === 'Voting round')).toHaveLength(3);
		expect(english.filter((row) => row[0] === 'Participants').map((row) => row[11])).toEqual(['Team', 'Team members in the room', 'Guests']);
	});
});
