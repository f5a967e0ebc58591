import type { Selectable } from 'kysely';
import type { DB } from '../db/open.ts';
import { lockRow } from '../db/locks.ts';
import type { ParticipationCallsTable } from '../db/tables/participation.ts';
import { newId, randomString } from '../ids.ts';
import { Checker, InputError, refuse, type Issue } from '../validation.ts';
import { checkRoundInput, type RoundInput } from '../feedback/rounds.ts';
import { listNotes } from '../../board/notes.ts';
import { findSectionByKey } from '../../board/sections.ts';
import type { BoardReader } from '../publication/publications.ts';
import { roundState, type Lang } from '../../domain/feedback.ts';
import { isCallKind, PARTICIPATION_LIMITS, type Call, type CallKind, type CallQuestion } from '../../domain/participation.ts';

/**
 * Calls: a facilitator's public invitation to take part — "tell us about the last time you …"
 * (a story call, Empathize) or "how might we …?" (an idea call on one of the Ideate board's
 * How-Might-We notes). Dates, languages, the privacy notice and the contact rules are a feedback
 * round's (feedback/rounds.ts `checkRoundInput`); a call has a public slug of its own (/p/SLUG).
 */

export interface CallInput extends Omit<RoundInput, 'versionId' | 'introTh' | 'introEn'> {
	kind: unknown;
	promptTh: unknown;
	promptEn: unknown;
	allowPhoto: unknown;
	/** Story calls: the guided questions, one a line, "ไทย | English". */
	questions: unknown;
	/** Idea calls: the chosen How-Might-We note, "BOARD:NOTE", or '' for a question typed here. */
	hmw: unknown;
	reportThreshold: unknown;
	supportCheck: unknown;
}

/** The call fields of a submitted staff form, unchecked. */
export function callInputFrom(data: FormData, kind?: unknown): CallInput {
	return {
		kind: kind ?? data.get('kind'),
		titleTh: data.get('title_th'),
		titleEn: data.get('title_en') ?? '',
		promptTh: data.get('prompt_th'),
		promptEn: data.get('prompt_en') ?? '',
		purposeTh: data.get('purpose_th'),
		purposeEn: data.get('purpose_en') ?? '',
		offerEnglish: data.get('offer_en'),
		opensOn: data.get('opens_on'),
		closesOn: data.get('closes_on'),
		collectContact: data.get('collect_contact'),
		retentionDays: data.get('retention_days'),
		allowPhoto: data.get('allow_photo'),
		questions: data.get('questions') ?? '',
		hmw: data.get('hmw') ?? '',
		reportThreshold: data.get('report_threshold') ?? '3',
		supportCheck: data.get('support_check')
	};
}

const yes = (value: unknown) => value === 'yes' || value === 'on' || value === 'true';

/** The guided questions from "ไทย | English" lines. */
function parseQuestions(check: Checker, text: unknown): { th: string; en: string }[] {
	const lines = (typeof text === 'string' ? text : '')
		.split(/\r?\n/)
		.map((l) => l.trim())
		.filter(Boolean);
	if (lines.length > PARTICIPATION_LIMITS.questionsPerCall)
		check.add('questions', 'fb_too_many_questions', { max: PARTICIPATION_LIMITS.questionsPerCall });
	return lines.slice(0, PARTICIPATION_LIMITS.questionsPerCall).map((line) => {
		const [th = '', en = ''] = line.split('|').map((p) => p.trim());
		return { th: check.text('questions', th, { min: 2, max: 200 }), en: check.text('questions', en, { min: 0, max: 200 }) };
	});
}

/** How-Might-We notes a call may ask about: the Ideate boards' notes in their "How might we" section. */
export async function howMightWeChoices(
	db: DB,
	boards: BoardReader,
	projectId: string
): Promise<{ boardId: string; noteId: string; text: string }[]> {
	const ideate = await db
		.selectFrom('boards')
		.select('id')
		.where('project_id', '=', projectId)
		.where('stage', '=', 'ideate')
		.orderBy('created_at')
		.execute();
	const out: { boardId: string; noteId: string; text: string }[] = [];
	for (const board of ideate) {
		const notes = await boards.readBoard(board.id, (doc) => {
			const section = findSectionByKey(doc, 'hmw');
			return section ? listNotes(doc).filter((n) => n.section === section.id) : [];
		});
		for (const note of notes) if (note.text.trim()) out.push({ boardId: board.id, noteId: note.id, text: note.text.trim() });
	}
	return out;
}

interface CheckedCall {
	kind: CallKind;
	columns: Omit<Selectable<ParticipationCallsTable>, 'id' | 'project_id' | 'slug' | 'created_by' | 'created_at' | 'updated_at' | 'kind'>;
	questions: { th: string; en: string }[];
}

async function checkCallInput(db: DB, boards: BoardReader | null, projectId: string, input: CallInput, kind: CallKind): Promise<CheckedCall> {
	const issues: Issue[] = [];
	let round: ReturnType<typeof checkRoundInput> | null = null;
	try {
		round = checkRoundInput({ ...input, versionId: '', introTh: '', introEn: '' });
	} catch (err) {
		if (!(err instanceof InputError)) throw err;
		issues.push(...err.issues);
	}
	const check = new Checker();
	const english = yes(input.offerEnglish);
	let hmw: { boardId: string; noteId: string; text: string } | null = null;
	if (kind === 'idea' && typeof input.hmw === 'string' && input.hmw !== '') {
		const choices = boards ? await howMightWeChoices(db, boards, projectId) : [];
		hmw = choices.find((c) => `${c.boardId}:${c.noteId}` === input.hmw) ?? null;
		if (!hmw) check.add('hmw', 'pt_hmw_gone');
	}
	// An idea call asks its How-Might-We question: the wording typed here, or the note's.
	const promptGiven = typeof input.promptTh === 'string' && input.promptTh.trim() !== '';
	const promptTh = check.text('prompt_th', promptGiven || !hmw ? input.promptTh : hmw.text, { min: 10, max: 1000 });
	const promptEn = check.text('prompt_en', input.promptEn, { min: english ? 10 : 0, max: 1000 });
	const questions = kind === 'story' ? parseQuestions(check, input.questions) : [];
	let reportThreshold = 3;
	if (kind === 'idea') {
		const n = Number(input.reportThreshold);
		if (
			typeof input.reportThreshold !== 'string' ||
			!/^\d{1,2}$/.test(input.reportThreshold.trim()) ||
			n < 1 ||
			n > PARTICIPATION_LIMITS.reportThresholdMax
		) {
			check.add('report_threshold', 'pt_report_threshold_range', { max: PARTICIPATION_LIMITS.reportThresholdMax });
		} else reportThreshold = n;
	}
	issues.push(...check.issues);
	if (issues.length > 0 || !round) throw new InputError(issues);
	return {
		kind,
		questions,
		columns: {
			title_th: round.titleTh,
			title_en: round.titleEn,
			prompt_th: promptTh,
			prompt_en: promptEn,
			purpose_th: round.purposeTh,
			purpose_en: round.purposeEn,
			languages: round.languages.join(','),
			opens_at: round.opensAt,
			closes_at: round.closesAt,
			collect_contact: round.collectContact ? 1 : 0,
			contact_retention_days: round.retentionDays,
			allow_photo: yes(input.allowPhoto) ? 1 : 0,
			report_threshold: reportThreshold,
			support_check: kind === 'idea' && yes(input.supportCheck) ? 1 : 0,
			hmw_board_id: hmw?.boardId ?? null,
			hmw_note_id: hmw?.noteId ?? null
		}
	};
}

async function writeQuestions(trx: DB, callId: string, questions: readonly { th: string; en: string }[]): Promise<void> {
	await trx.deleteFrom('participation_questions').where('call_id', '=', callId).execute();
	if (questions.length === 0) return;
	await trx
		.insertInto('participation_questions')
		.values(questions.map((q, position) => ({ id: newId(), call_id: callId, position, label_th: q.th, label_en: q.en })))
		.execute();
}

const SLUG_LENGTH = 8;

/** Opens a call on a project. Access (canEdit) is the caller's to check. */
export async function createCall(
	db: DB,
	boards: BoardReader | null,
	projectId: string,
	input: CallInput,
	userId: string,
	now = Date.now()
): Promise<Call> {
	if (!isCallKind(input.kind)) refuse('invalid_choice', 'kind');
	const checked = await checkCallInput(db, boards, projectId, input, input.kind);
	const id = newId();
	for (let attempt = 0; ; attempt++) {
		// As feedback's slugs: short enough to type from a poster; a collision is retried.
		const slug = randomString(SLUG_LENGTH);
		const taken = await db.selectFrom('participation_calls').select('id').where('slug', '=', slug).executeTakeFirst();
		if (taken) {
			if (attempt > 5) throw new Error('could not find a free call slug');
			continue;
		}
		await db.transaction().execute(async (trx) => {
			await trx
				.insertInto('participation_calls')
				.values({ id, project_id: projectId, kind: checked.kind, slug, ...checked.columns, created_by: userId, created_at: now, updated_at: now })
				.execute();
			await writeQuestions(trx, id, checked.questions);
		});
		break;
	}
	return (await findCallById(db, id))!;
}

/** Changes a call's texts, dates and rules. Its guided questions change only while nobody has answered. Access: canEdit. */
export async function updateCall(db: DB, boards: BoardReader | null, call: Call, input: CallInput, now = Date.now()): Promise<void> {
	const checked = await checkCallInput(db, boards, call.projectId, { ...input, hmw: input.hmw ?? '' }, call.kind);
	await db.transaction().execute(async (trx) => {
		// First, and `exclusive` (as feedback's questions): changes of one call take turns, and no
		// story is stored meanwhile (its foreign key waits), so "nobody has answered" stays true
		// until the questions are replaced.
		if (!(await lockRow(trx, 'participation_calls', call.id, 'exclusive'))) refuse('not_found');
		await trx
			.updateTable('participation_calls')
			.set({ ...checked.columns, updated_at: now })
			.where('id', '=', call.id)
			.execute();
		if (call.kind === 'story') {
			const current = await listCallQuestions(trx, call.id);
			const same =
				current.length === checked.questions.length &&
				current.every((q, i) => q.label.th === checked.questions[i]!.th && q.label.en === checked.questions[i]!.en);
			if (!same) {
				const answered = await trx.selectFrom('participation_entries').select('id').where('call_id', '=', call.id).limit(1).executeTakeFirst();
				if (answered) refuse('fb_questions_locked', 'questions');
				await writeQuestions(trx, call.id, checked.questions);
			}
		}
	});
}

/** Ends a call now. Access: canEdit. */
export async function closeCallNow(db: DB, call: Call, now = Date.now()): Promise<void> {
	if (now >= call.closesAt) refuse('fb_round_already_closed');
	await db
		.updateTable('participation_calls')
		.set({ closes_at: Math.max(now, call.opensAt + 1), updated_at: now })
		.where('id', '=', call.id)
		.execute();
}

function toCall(row: Selectable<ParticipationCallsTable>): Call {
	return {
		id: row.id,
		projectId: row.project_id,
		kind: row.kind === 'idea' ? 'idea' : 'story',
		slug: row.slug,
		title: { th: row.title_th, en: row.title_en },
		prompt: { th: row.prompt_th, en: row.prompt_en },
		purpose: { th: row.purpose_th, en: row.purpose_en },
		languages: row.languages.split(',').filter((l): l is Lang => l === 'th' || l === 'en'),
		opensAt: Number(row.opens_at),
		closesAt: Number(row.closes_at),
		collectContact: Number(row.collect_contact) === 1,
		contactRetentionDays: Number(row.contact_retention_days),
		allowPhoto: Number(row.allow_photo) === 1,
		reportThreshold: Number(row.report_threshold),
		supportCheck: Number(row.support_check) === 1,
		hmw: row.hmw_board_id && row.hmw_note_id ? { boardId: row.hmw_board_id, noteId: row.hmw_note_id } : null,
		createdAt: Number(row.created_at),
		updatedAt: Number(row.updated_at)
	};
}

export async function findCallById(db: DB, id: string): Promise<Call | null> {
	const row = await db.selectFrom('participation_calls').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? toCall(row) : null;
}

/** The call behind a public link (forgiving about case). */
export async function findCallBySlug(db: DB, slug: string): Promise<Call | null> {
	const normalized = slug.trim().toLowerCase();
	if (!/^[a-z0-9]{4,32}$/.test(normalized)) return null;
	const row = await db.selectFrom('participation_calls').selectAll().where('slug', '=', normalized).executeTakeFirst();
	return row ? toCall(row) : null;
}

export async function listCallQuestions(db: DB, callId: string): Promise<CallQuestion[]> {
	const rows = await db.selectFrom('participation_questions').selectAll().where('call_id', '=', callId).orderBy('position').execute();
	return rows.map((r) => ({ id: r.id, position: Number(r.position), label: { th: r.label_th, en: r.label_en } }));
}

/** The questions as the staff form edits them. */
export function questionsText(questions: readonly CallQuestion[]): string {
	return questions.map((q) => (q.label.en ? `${q.label.th} | ${q.label.en}` : q.label.th)).join('\n');
}

export interface CallListItem extends Call {
	entries: number;
	awaitingModeration: number;
	supports: number;
}

/** A project's calls, newest first, with their counts. */
export async function listCallsOfProject(db: DB, projectId: string): Promise<CallListItem[]> {
	const rows = await db
		.selectFrom('participation_calls')
		.selectAll('participation_calls')
		.select((eb) => [
			eb
				.selectFrom('participation_entries')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('participation_entries.call_id', '=', 'participation_calls.id')
				.as('entries'),
			eb
				.selectFrom('participation_entries')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('participation_entries.call_id', '=', 'participation_calls.id')
				.where('participation_entries.status', '=', 'new')
				.as('awaiting'),
			eb
				.selectFrom('participation_supports')
				.innerJoin('participation_entries', 'participation_entries.id', 'participation_supports.entry_id')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('participation_entries.call_id', '=', 'participation_calls.id')
				.as('supports')
		])
		.where('participation_calls.project_id', '=', projectId)
		.orderBy('participation_calls.created_at', 'desc')
		.execute();
	return rows.map((row) => ({
		...toCall(row),
		entries: Number(row.entries ?? 0),
		awaitingModeration: Number(row.awaiting ?? 0),
		supports: Number(row.supports ?? 0)
	}));
}

/** Whether a call takes stories or ideas at `now`. */
export function callState(call: Pick<Call, 'opensAt' | 'closesAt'>, now = Date.now()) {
	return roundState(call, now);
}
