import type { Selectable } from 'kysely';
import type { DB } from '../db/open.ts';
import { lockRow } from '../db/locks.ts';
import type { FeedbackQuestionsTable } from '../db/tables/feedback.ts';
import { newId } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { roundHasResponses } from './rounds.ts';
import { isQuestionKind, LIMITS, QUESTION_KINDS, type ChoiceOption, type Lang, type Question, type QuestionKind } from '../../domain/feedback.ts';

/**
 * A round's questions. They can change until the first response arrives; after that they are
 * fixed, so every answer always means what the citizen read.
 */

export interface QuestionInput {
	kind: unknown;
	labelTh: unknown;
	labelEn: unknown;
	helpTh: unknown;
	helpEn: unknown;
	required: unknown;
	/** One option per line. */
	optionsTh: unknown;
	optionsEn: unknown;
}

export function questionInputFrom(data: FormData): QuestionInput {
	return {
		kind: data.get('kind'),
		labelTh: data.get('label_th'),
		labelEn: data.get('label_en') ?? '',
		helpTh: data.get('help_th') ?? '',
		helpEn: data.get('help_en') ?? '',
		required: data.get('required'),
		optionsTh: data.get('options_th') ?? '',
		optionsEn: data.get('options_en') ?? ''
	};
}

function lines(value: unknown): string[] {
	if (typeof value !== 'string') return [];
	return value
		.split(/\r?\n/)
		.map((l) => l.trim().normalize('NFC'))
		.filter((l) => l.length > 0);
}

const CHOICE_KINDS: readonly QuestionKind[] = ['single', 'multiple'];

function checkQuestionInput(input: QuestionInput, languages: readonly Lang[]) {
	const check = new Checker();
	const english = languages.includes('en');
	const kind = check.oneOf('kind', input.kind, QUESTION_KINDS);
	const labelTh = check.text('label_th', input.labelTh, { min: 3, max: 300 });
	const labelEn = check.text('label_en', input.labelEn, { min: english ? 3 : 0, max: 300 });
	const helpTh = check.text('help_th', input.helpTh, { min: 0, max: 500 });
	const helpEn = check.text('help_en', input.helpEn, { min: 0, max: 500 });
	let options: ChoiceOption[] = [];
	if (isQuestionKind(kind) && CHOICE_KINDS.includes(kind)) {
		const th = lines(input.optionsTh);
		const en = lines(input.optionsEn);
		if (th.length < 2) check.add('options_th', 'fb_options_too_few');
		else if (th.length > LIMITS.optionsPerQuestion) check.add('options_th', 'fb_options_too_many', { max: LIMITS.optionsPerQuestion });
		else if (th.some((o) => [...o].length > 120)) check.add('options_th', 'too_long', { max: 120 });
		else if (new Set(th).size !== th.length) check.add('options_th', 'fb_options_duplicate');
		if (english && en.length !== th.length) check.add('options_en', 'fb_options_mismatch');
		else if (en.some((o) => [...o].length > 120)) check.add('options_en', 'too_long', { max: 120 });
		options = th.map((text, i) => ({ id: `o${i + 1}`, th: text, en: en[i] ?? '' }));
	}
	check.done();
	return { kind, labelTh, labelEn, helpTh, helpEn, required: input.required === 'yes' || input.required === 'on', options };
}

function toQuestion(row: Selectable<FeedbackQuestionsTable>): Question {
	let options: ChoiceOption[] = [];
	try {
		const parsed: unknown = JSON.parse(row.options);
		if (Array.isArray(parsed)) {
			options = parsed.filter((o): o is ChoiceOption => !!o && typeof o.id === 'string' && typeof o.th === 'string' && typeof o.en === 'string');
		}
	} catch (err) {
		throw new Error(`question ${row.id} has unreadable options`, { cause: err });
	}
	return {
		id: row.id,
		roundId: row.round_id,
		position: Number(row.position),
		kind: isQuestionKind(row.kind) ? row.kind : 'text',
		label: { th: row.label_th, en: row.label_en },
		help: { th: row.help_th, en: row.help_en },
		required: Number(row.required) === 1,
		options
	};
}

/** A round's questions in order. */
export async function listQuestions(db: DB, roundId: string): Promise<Question[]> {
	const rows = await db.selectFrom('feedback_questions').selectAll().where('round_id', '=', roundId).orderBy('position').execute();
	return rows.map(toQuestion);
}

async function roundLanguages(db: DB, roundId: string): Promise<Lang[]> {
	const round = await db.selectFrom('feedback_rounds').select('languages').where('id', '=', roundId).executeTakeFirst();
	if (!round) refuse('not_found');
	return round.languages.split(',').filter((l): l is Lang => l === 'th' || l === 'en');
}

/**
 * Inside a transaction, first: holds the round's row so that question changes take turns (the
 * next position, the count) and no response is stored meanwhile (`exclusive`: a response's
 * foreign key waits for it), then refuses once anyone has answered.
 */
async function lockUnansweredRound(trx: DB, roundId: string): Promise<void> {
	if (!(await lockRow(trx, 'feedback_rounds', roundId, 'exclusive'))) refuse('not_found');
	if (await roundHasResponses(trx, roundId)) refuse('fb_questions_locked');
}

/** Adds a question at the end. Access: canEdit. */
export async function addQuestion(db: DB, roundId: string, input: QuestionInput): Promise<string> {
	const languages = await roundLanguages(db, roundId);
	const q = checkQuestionInput(input, languages);
	const id = newId();
	await db.transaction().execute(async (trx) => {
		await lockUnansweredRound(trx, roundId);
		const last = await trx
			.selectFrom('feedback_questions')
			.select((eb) => [eb.fn.max<number>('position').as('p'), eb.fn.countAll<number>().as('n')])
			.where('round_id', '=', roundId)
			.executeTakeFirst();
		if (Number(last?.n ?? 0) >= LIMITS.questionsPerRound) refuse('fb_too_many_questions', 'kind', { max: LIMITS.questionsPerRound });
		await trx
			.insertInto('feedback_questions')
			.values({
				id,
				round_id: roundId,
				position: Number(last?.p ?? 0) + 1,
				kind: q.kind,
				label_th: q.labelTh,
				label_en: q.labelEn,
				help_th: q.helpTh,
				help_en: q.helpEn,
				required: q.required ? 1 : 0,
				options: JSON.stringify(q.options)
			})
			.execute();
	});
	return id;
}

/** Rewrites a question. Access: canEdit. */
export async function updateQuestion(db: DB, roundId: string, questionId: string, input: QuestionInput): Promise<void> {
	const languages = await roundLanguages(db, roundId);
	const q = checkQuestionInput(input, languages);
	await db.transaction().execute(async (trx) => {
		await lockUnansweredRound(trx, roundId);
		const result = await trx
			.updateTable('feedback_questions')
			.set({
				kind: q.kind,
				label_th: q.labelTh,
				label_en: q.labelEn,
				help_th: q.helpTh,
				help_en: q.helpEn,
				required: q.required ? 1 : 0,
				options: JSON.stringify(q.options)
			})
			.where('id', '=', questionId)
			.where('round_id', '=', roundId)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) refuse('not_found');
	});
}

export async function removeQuestion(db: DB, roundId: string, questionId: string): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await lockUnansweredRound(trx, roundId);
		const result = await trx.deleteFrom('feedback_questions').where('id', '=', questionId).where('round_id', '=', roundId).executeTakeFirst();
		if (Number(result.numDeletedRows) === 0) refuse('not_found');
	});
}

/** Swaps a question with its neighbour above (-1) or below (+1). */
export async function moveQuestion(db: DB, roundId: string, questionId: string, direction: -1 | 1): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await lockUnansweredRound(trx, roundId);
		const questions = await listQuestions(trx, roundId);
		const index = questions.findIndex((q) => q.id === questionId);
		if (index < 0) refuse('not_found');
		const other = questions[index + direction];
		if (!other) return;
		const current = questions[index]!;
		await trx.updateTable('feedback_questions').set({ position: other.position }).where('id', '=', current.id).execute();
		await trx.updateTable('feedback_questions').set({ position: current.position }).where('id', '=', other.id).execute();
	});
}

/** Copies the questions of one round into another that has none (a new version's round). */
export async function copyQuestions(db: DB, fromRoundId: string, toRoundId: string): Promise<number> {
	const questions = await listQuestions(db, fromRoundId);
	if (questions.length === 0) return 0;
	await db.transaction().execute(async (trx) => {
		await lockUnansweredRound(trx, toRoundId);
		const existing = await trx.selectFrom('feedback_questions').select('id').where('round_id', '=', toRoundId).limit(1).executeTakeFirst();
		if (existing) refuse('fb_round_has_questions');
		await trx
			.insertInto('feedback_questions')
			.values(
				questions.map((q) => ({
					id: newId(),
					round_id: toRoundId,
					position: q.position,
					kind: q.kind,
					label_th: q.label.th,
					label_en: q.label.en,
					help_th: q.help.th,
					help_en: q.help.en,
					required: q.required ? 1 : 0,
					options: JSON.stringify(q.options)
				}))
			)
			.execute();
	});
	return questions.length;
}
