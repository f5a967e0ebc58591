import type * as Y from 'yjs';
import type { DB } from '../db/open.ts';
import { listNotes } from '../../board/notes.ts';
import { findSectionByKey } from '../../board/sections.ts';
import { readPastRounds, readVotes, readVotingRound, tallyVotes } from '../../board/voting.ts';
import { readSecretResults } from '../../board/privacy.ts';
import type { BoardStage } from '../../domain/stages.ts';
import type { Person, Workshop } from '../../domain/workshops.ts';
import { listWorkshopGuests } from '../guests/workshop-guests.ts';
import { doneCounts } from './live.ts';

/**
 * The workshop's report, for the lab to hand on: the agenda as run (planned against actual
 * minutes, from `workshop_step_runs`), who took part (the team who ran or wrote, the guests), and
 * for each step the notes of its board section, the revealed vote results there, how many marked
 * themselves done, and the prototypes made from those notes. Boards are read through the hub, so
 * a board being edited is reported as it is. Access: the project's team (the route checks).
 */

export interface ReportNote {
	id: string;
	text: string;
	/** Dots of a revealed round; null when no round on the board was revealed. */
	dots: number | null;
}

/** A revealed voting round of a step: what everyone saw at its reveal. */
export interface ReportRound {
	id: string;
	openedAt: number;
	secret: boolean;
	/** Dots per note, most first (notes still on the board). */
	results: { noteId: string; text: string; count: number }[];
	voters: number;
	dots: number;
}

export interface ReportStep {
	id: string;
	number: number;
	title: string;
	plannedMinutes: number;
	/** Whole minutes the room spent on it; null for a step never reached. */
	actualMinutes: number | null;
	/** The board and section; a template section's `title` is '' (the page shows its catalogue title by `key`). */
	place: { stage: BoardStage; section: { title: string; key: string } | null } | null;
	notes: ReportNote[];
	/** Whether the step's board shows revealed vote results. */
	revealed: boolean;
	/** Every round revealed on the step's board while the room was on this step, oldest first. */
	rounds: ReportRound[];
	done: number;
	prototypes: { id: string; title: string }[];
}

export interface WorkshopReport {
	startedAt: number | null;
	endedAt: number | null;
	steps: ReportStep[];
	/** Who ran the workshop or wrote in it; empty when names are hidden from the reader. */
	team: Person[];
	guests: string[];
	/** The project's team members who were on a board while it ran; empty when names are hidden. */
	present: Person[];
	/** How many of each, for every reader. */
	counts: { team: number; guests: number; present: number };
	/** The reader is not on the project's team: counts only, no names. */
	namesHidden: boolean;
}

interface BoardRead {
	notes: { id: string; text: string; section: string; author: string }[];
	sectionId: (key: string) => { id: string; title: string; key: string } | null;
	/** Dots per note of the board's revealed round, or null. */
	revealed: Map<string, number> | null;
	/** Every revealed round the board keeps (past ones and the current one). */
	rounds: { id: string; openedAt: number; secret: boolean; tallies: { noteId: string; count: number }[]; voters: number; dots: number }[];
}

function readForReport(doc: Y.Doc, keys: string[]): BoardRead {
	const sections = new Map(keys.map((key) => [key, findSectionByKey(doc, key)]));
	const round = readVotingRound(doc);
	let revealed: Map<string, number> | null = null;
	const rounds: BoardRead['rounds'] = readPastRounds(doc);
	if (round?.status === 'revealed') {
		const secret = round.secret ? readSecretResults(doc, round.id) : null;
		const tallies = secret ? secret.tallies : tallyVotes(readVotes(doc), () => true);
		revealed = new Map(tallies.map((t) => [t.noteId, t.count]));
		const voters = secret ? secret.voters : new Set(tallyVotes(readVotes(doc), () => true).flatMap((t) => t.voters.map((v) => v.voterId))).size;
		if (!rounds.some((r) => r.id === round.id))
			rounds.push({
				id: round.id,
				openedAt: round.openedAt,
				secret: round.secret === true,
				tallies: tallies.map((t) => ({ noteId: t.noteId, count: t.count })),
				voters,
				dots: tallies.reduce((sum, t) => sum + t.count, 0)
			});
	}
	return {
		notes: listNotes(doc).map((n) => ({ id: n.id, text: n.text, section: n.section, author: n.author })),
		sectionId: (key) => {
			const s = sections.get(key);
			return s ? { id: s.id, title: s.title, key: s.key } : null;
		},
		revealed,
		rounds
	};
}

/** Whether the reader sees who took part by name: the project's team (any role) and admins, not officials who read every project. */
export function readerSeesNames(access: { teamRole: string | null; canManage: boolean }): boolean {
	return access.teamRole !== null || access.canManage;
}

/**
 * The report as a reader sees it: `names` false (someone who may read the project but is not on
 * its team, such as an official) leaves out who took part, keeping how many.
 */
export async function buildWorkshopReport(
	db: DB,
	collab: { readBoard<T>(boardId: string, read: (doc: Y.Doc) => T): Promise<T> },
	workshop: Workshop,
	options: { names: boolean } = { names: true }
): Promise<WorkshopReport> {
	const runs = await db
		.selectFrom('workshop_step_runs')
		.select(['step_id', 'started_at', 'ended_at'])
		.where('workshop_id', '=', workshop.id)
		.execute();
	// A round belongs to the step the room was on when it opened, on that step's board.
	const stepAt = (boardId: string, at: number) =>
		runs.find((run) => {
			const step = workshop.steps.find((s) => s.id === run.step_id);
			return step?.boardId === boardId && Number(run.started_at) <= at && at < Number(run.ended_at ?? Infinity);
		})?.step_id ?? null;
	const spent = new Map<string, number>();
	const now = Date.now();
	for (const run of runs) {
		const ms = Number(run.ended_at ?? now) - Number(run.started_at);
		spent.set(run.step_id, (spent.get(run.step_id) ?? 0) + Math.max(0, ms));
	}
	const boards = new Map<string, BoardRead>();
	for (const board of workshop.boards) {
		const keys = workshop.steps.filter((s) => s.boardId === board.id && s.sectionKey).map((s) => s.sectionKey);
		boards.set(board.id, await collab.readBoard(board.id, (doc) => readForReport(doc, keys)));
	}
	const done = await doneCounts(db, workshop);
	const links = await db
		.selectFrom('prototype_idea_links')
		.innerJoin('prototypes', 'prototypes.id', 'prototype_idea_links.prototype_id')
		.select(['prototype_idea_links.note_id', 'prototype_idea_links.board_id', 'prototypes.id', 'prototypes.title'])
		.where('prototypes.project_id', '=', workshop.projectId)
		.execute();

	const authors = new Set<string>();
	const steps = workshop.steps.map((step, i): ReportStep => {
		const read = step.boardId ? boards.get(step.boardId) : undefined;
		const stage = workshop.boards.find((b) => b.id === step.boardId)?.stage;
		const section = read && step.sectionKey ? read.sectionId(step.sectionKey) : null;
		const notes = read ? read.notes.filter((n) => !step.sectionKey || n.section === section?.id) : [];
		for (const n of notes) authors.add(n.author);
		const noteIds = new Set(notes.map((n) => n.id));
		const made = new Map<string, string>();
		for (const link of links) if (link.board_id === step.boardId && noteIds.has(link.note_id)) made.set(link.id, link.title);
		const ms = spent.get(step.id);
		const texts = new Map(read?.notes.map((n) => [n.id, n.text]));
		const rounds: ReportRound[] = (read?.rounds ?? [])
			.filter((r) => stepAt(step.boardId!, r.openedAt) === step.id)
			.sort((a, b) => a.openedAt - b.openedAt)
			.map((r) => ({
				id: r.id,
				openedAt: r.openedAt,
				secret: r.secret,
				results: r.tallies.filter((t) => texts.has(t.noteId)).map((t) => ({ noteId: t.noteId, text: texts.get(t.noteId)!, count: t.count })),
				voters: r.voters,
				dots: r.dots
			}));
		return {
			id: step.id,
			number: i + 1,
			title: step.title,
			plannedMinutes: step.minutes,
			actualMinutes: ms === undefined ? null : Math.round(ms / 60_000),
			place: read && stage ? { stage, section: section ? { title: section.title, key: section.key } : null } : null,
			notes: notes
				.map((n) => ({ id: n.id, text: n.text, dots: read?.revealed ? (read.revealed.get(n.id) ?? 0) : null }))
				.sort((a, b) => (b.dots ?? 0) - (a.dots ?? 0)),
			revealed: !!read?.revealed,
			rounds,
			done: done.get(step.id) ?? 0,
			prototypes: [...made].map(([id, title]) => ({ id, title }))
		};
	});

	const people = await db
		.selectFrom('users')
		.select(['id', 'name'])
		.where('id', 'in', [...authors, ...workshop.facilitators.map((f) => f.id), ''])
		.execute();
	const team = [...workshop.facilitators, ...people.filter((p) => !workshop.facilitators.some((f) => f.id === p.id))];
	const guests = (await listWorkshopGuests(db, workshop.id)).map((g) => g.name);
	const present = await db
		.selectFrom('workshop_attendance')
		.innerJoin('project_members', (join) =>
			join.onRef('project_members.user_id', '=', 'workshop_attendance.user_id').on('project_members.project_id', '=', workshop.projectId)
		)
		.innerJoin('users', 'users.id', 'workshop_attendance.user_id')
		.select(['users.id', 'users.name'])
		.where('workshop_attendance.workshop_id', '=', workshop.id)
		.orderBy('workshop_attendance.first_seen_at')
		.execute();
	const counts = { team: team.length, guests: guests.length, present: present.length };
	if (!options.names)
		return { startedAt: workshop.startedAt, endedAt: workshop.endedAt, steps, team: [], guests: [], present: [], counts, namesHidden: true };
	return { startedAt: workshop.startedAt, endedAt: workshop.endedAt, steps, team, guests, present, counts, namesHidden: false };
}
