import type { DB } from '../db/open.ts';
import type { Selectable } from 'kysely';
import type { LabMethodsTable } from '../db/tables/workshops.ts';
import { newId } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { getLocale } from '$lib/paraglide/runtime.js';
import { STAGES, type Stage } from '../../domain/stages.ts';
import { STAGE_TEMPLATES, TEMPLATE_SECTION_KEYS } from '../../board/templates.ts';
import { isBoardStage, METHOD_LIMITS, type MethodBoard, type MethodDetail, type MethodDraft, type MethodSummary } from '../../domain/methods.ts';
import { BUILTIN_METHODS, builtinText, findBuiltinMethod, lines, type BuiltinMethod } from './builtin.ts';

type Locale = 'th' | 'en';
type LabMethodRow = Selectable<LabMethodsTable>;

/** A method as the library lists it, with what its search matches (its texts in both languages). */
export interface ListedMethod extends MethodSummary {
	haystack: string;
}

function stageOrder(stage: Stage): number {
	return STAGES.indexOf(stage);
}

function builtinSummary(method: BuiltinMethod, locale: Locale): MethodSummary {
	return {
		id: method.id,
		source: 'builtin',
		stage: method.stage,
		name: builtinText(method.id, 'name', locale),
		summary: builtinText(method.id, 'summary', locale),
		minutes: method.minutes,
		groupMin: method.group[0],
		groupMax: method.group[1],
		board: method.board
	};
}

/** The language's text, or the Thai when the lab left the English empty. */
function pick(th: string, en: string, locale: Locale): string {
	return locale === 'en' && en ? en : th;
}

function labBoard(row: Pick<LabMethodRow, 'board_stage' | 'board_sections'>): MethodBoard | null {
	if (!isBoardStage(row.board_stage)) return null;
	return { stage: row.board_stage, sections: row.board_sections ? row.board_sections.split(',') : [] };
}

function labSummary(row: LabMethodRow, locale: Locale): MethodSummary {
	return {
		id: row.id,
		source: 'lab',
		stage: row.stage as Stage,
		name: pick(row.name_th, row.name_en, locale),
		summary: pick(row.summary_th, row.summary_en, locale),
		minutes: row.minutes,
		groupMin: row.group_min,
		groupMax: row.group_max,
		board: labBoard(row)
	};
}

/**
 * Every method, built-in and the lab's, in the request's language: by stage, the built-in ones
 * first in their teaching order, then the lab's by name.
 */
export async function listMethods(db: DB, locale: Locale = getLocale()): Promise<ListedMethod[]> {
	const builtins = BUILTIN_METHODS.map((method) => ({
		...builtinSummary(method, locale),
		haystack: (['th', 'en'] as const)
			.flatMap((l) => (['name', 'summary', 'purpose', 'when'] as const).map((field) => builtinText(method.id, field, l)))
			.join(' ')
	}));
	const rows = await db.selectFrom('lab_methods').selectAll().execute();
	const lab = rows
		.map((row) => ({
			...labSummary(row, locale),
			haystack: [row.name_th, row.name_en, row.summary_th, row.summary_en, row.purpose_th, row.purpose_en, row.when_th, row.when_en].join(' ')
		}))
		.sort((a, b) => a.name.localeCompare(b.name, locale));
	return [...builtins, ...lab].sort((a, b) => stageOrder(a.stage) - stageOrder(b.stage));
}

async function findLabRow(db: DB, id: string): Promise<LabMethodRow | null> {
	return (await db.selectFrom('lab_methods').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The name of a method by id (built-in or the lab's), or null if there is none. */
async function methodName(db: DB, id: string | null, locale: Locale): Promise<string | null> {
	if (!id) return null;
	if (findBuiltinMethod(id)) return builtinText(id, 'name', locale);
	const row = await db.selectFrom('lab_methods').select(['name_th', 'name_en']).where('id', '=', id).executeTakeFirst();
	return row ? pick(row.name_th, row.name_en, locale) : null;
}

/** One method with all its texts, in the request's language; null when there is no such method. */
export async function findMethod(db: DB, id: string, locale: Locale = getLocale()): Promise<MethodDetail | null> {
	const builtin = findBuiltinMethod(id);
	if (builtin) {
		return {
			...builtinSummary(builtin, locale),
			purpose: builtinText(id, 'purpose', locale),
			whenToUse: builtinText(id, 'when', locale),
			steps: lines(builtinText(id, 'steps', locale)),
			tips: lines(builtinText(id, 'tips', locale)),
			copiedFrom: null,
			updatedAt: null
		};
	}
	const row = await findLabRow(db, id);
	if (!row) return null;
	const copiedName = await methodName(db, row.copied_from, locale);
	return {
		...labSummary(row, locale),
		purpose: pick(row.purpose_th, row.purpose_en, locale),
		whenToUse: pick(row.when_th, row.when_en, locale),
		steps: lines(pick(row.steps_th, row.steps_en, locale)),
		tips: lines(pick(row.tips_th, row.tips_en, locale)),
		copiedFrom: row.copied_from && copiedName ? { id: row.copied_from, name: copiedName } : null,
		updatedAt: row.updated_at
	};
}

/** Names of several methods at once (for an agenda), in the request's language. */
export async function methodNames(db: DB, ids: readonly string[], locale: Locale = getLocale()): Promise<Map<string, string>> {
	const names = new Map<string, string>();
	const labIds: string[] = [];
	for (const id of new Set(ids)) {
		if (findBuiltinMethod(id)) names.set(id, builtinText(id, 'name', locale));
		else labIds.push(id);
	}
	if (labIds.length > 0) {
		const rows = await db.selectFrom('lab_methods').select(['id', 'name_th', 'name_en']).where('id', 'in', labIds).execute();
		for (const row of rows) names.set(row.id, pick(row.name_th, row.name_en, locale));
	}
	return names;
}

/** A lab method's fields in both languages, for its edit form; null for a built-in or unknown id. */
export async function findMethodDraft(db: DB, id: string): Promise<MethodDraft | null> {
	const row = await findLabRow(db, id);
	if (!row) return null;
	const board = labBoard(row);
	return {
		nameTh: row.name_th,
		nameEn: row.name_en,
		summaryTh: row.summary_th,
		summaryEn: row.summary_en,
		purposeTh: row.purpose_th,
		purposeEn: row.purpose_en,
		whenTh: row.when_th,
		whenEn: row.when_en,
		stepsTh: row.steps_th,
		stepsEn: row.steps_en,
		tipsTh: row.tips_th,
		tipsEn: row.tips_en,
		stage: row.stage as Stage,
		minutes: row.minutes,
		groupMin: row.group_min,
		groupMax: row.group_max,
		boardStage: board?.stage ?? '',
		boardSections: board?.sections ?? []
	};
}

/** A built-in method's texts in both languages, as a draft: what copying it starts from. */
export function builtinDraft(id: string): MethodDraft | null {
	const method = findBuiltinMethod(id);
	if (!method) return null;
	const t = (field: Parameters<typeof builtinText>[1], locale: Locale) => builtinText(id, field, locale);
	return {
		nameTh: t('name', 'th'),
		nameEn: t('name', 'en'),
		summaryTh: t('summary', 'th'),
		summaryEn: t('summary', 'en'),
		purposeTh: t('purpose', 'th'),
		purposeEn: t('purpose', 'en'),
		whenTh: t('when', 'th'),
		whenEn: t('when', 'en'),
		stepsTh: t('steps', 'th'),
		stepsEn: t('steps', 'en'),
		tipsTh: t('tips', 'th'),
		tipsEn: t('tips', 'en'),
		stage: method.stage,
		minutes: method.minutes,
		groupMin: method.group[0],
		groupMax: method.group[1],
		boardStage: method.board?.stage ?? '',
		boardSections: method.board?.sections ?? []
	};
}

export type MethodInput = Record<keyof MethodDraft, unknown>;

/** A lab method's fields from its form, unchecked. Sections come as repeated `board_sections` checkboxes. */
export function methodInputFrom(data: FormData): MethodInput {
	const text = (name: string) => data.get(name) ?? '';
	return {
		nameTh: data.get('name_th'),
		nameEn: text('name_en'),
		summaryTh: data.get('summary_th'),
		summaryEn: text('summary_en'),
		purposeTh: data.get('purpose_th'),
		purposeEn: text('purpose_en'),
		whenTh: data.get('when_th'),
		whenEn: text('when_en'),
		stepsTh: data.get('steps_th'),
		stepsEn: text('steps_en'),
		tipsTh: text('tips_th'),
		tipsEn: text('tips_en'),
		stage: data.get('stage'),
		minutes: data.get('minutes'),
		groupMin: data.get('group_min'),
		groupMax: data.get('group_max'),
		boardStage: text('board_stage'),
		boardSections: data.getAll('board_sections')
	};
}

/** A whole number from a form field within [min, max], or an issue on `field`. */
export function checkWholeNumber(check: Checker, field: string, value: unknown, min: number, max: number): number {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (text === '') {
		check.add(field, 'required');
		return min;
	}
	const n = Number(text);
	if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
		check.add(field, 'ws_number_range', { min, max });
		return min;
	}
	return n;
}

/** Text with one item per line: at most `max` lines of at most METHOD_LIMITS.line characters. */
function checkLines(check: Checker, field: string, value: unknown, { required, max }: { required: boolean; max: number }): string {
	const text = check.text(field, value, { min: 0, max: max * (METHOD_LIMITS.line + 1) });
	const items = lines(text);
	if (required && items.length === 0) check.add(field, 'required');
	else if (items.length > max) check.add(field, 'ws_too_many_lines', { max });
	else if (items.some((line) => [...line].length > METHOD_LIMITS.line)) check.add(field, 'ws_line_too_long', { max: METHOD_LIMITS.line });
	return items.join('\n');
}

function checkMethodInput(input: MethodInput): Omit<MethodDraft, 'boardStage'> & { boardStage: string | null } {
	const check = new Checker();
	const L = METHOD_LIMITS;
	const stage = check.oneOf('stage', input.stage, STAGES);
	const fields = {
		nameTh: check.text('name_th', input.nameTh, { min: 2, max: L.name }),
		nameEn: check.text('name_en', input.nameEn, { min: 0, max: L.name }),
		summaryTh: check.text('summary_th', input.summaryTh, { min: 10, max: L.summary }),
		summaryEn: check.text('summary_en', input.summaryEn, { min: 0, max: L.summary }),
		purposeTh: check.text('purpose_th', input.purposeTh, { min: 10, max: L.longText }),
		purposeEn: check.text('purpose_en', input.purposeEn, { min: 0, max: L.longText }),
		whenTh: check.text('when_th', input.whenTh, { min: 10, max: L.longText }),
		whenEn: check.text('when_en', input.whenEn, { min: 0, max: L.longText }),
		stepsTh: checkLines(check, 'steps_th', input.stepsTh, { required: true, max: L.steps }),
		stepsEn: checkLines(check, 'steps_en', input.stepsEn, { required: false, max: L.steps }),
		tipsTh: checkLines(check, 'tips_th', input.tipsTh, { required: false, max: L.tips }),
		tipsEn: checkLines(check, 'tips_en', input.tipsEn, { required: false, max: L.tips })
	};
	const minutes = checkWholeNumber(check, 'minutes', input.minutes, L.minutesMin, L.minutesMax);
	const groupMin = checkWholeNumber(check, 'group_min', input.groupMin, 1, L.groupMax);
	const groupMax = checkWholeNumber(check, 'group_max', input.groupMax, 1, L.groupMax);
	if (groupMax < groupMin) check.add('group_max', 'ws_group_order');
	let boardStage: string | null = null;
	let boardSections: string[] = [];
	if (input.boardStage !== '' && input.boardStage !== undefined && input.boardStage !== null) {
		if (isBoardStage(input.boardStage)) boardStage = input.boardStage;
		else check.add('board_stage', 'invalid_choice');
	}
	const chosen = Array.isArray(input.boardSections) ? input.boardSections.filter((s): s is string => typeof s === 'string') : [];
	if (boardStage && isBoardStage(boardStage)) {
		// Only sections of the chosen board count: checkboxes of other boards stay in the form unseen.
		const keys = STAGE_TEMPLATES[boardStage].map((s) => s.key);
		boardSections = keys.filter((key) => chosen.includes(key));
		if (chosen.some((key) => !TEMPLATE_SECTION_KEYS.includes(key))) check.add('board_sections', 'invalid_choice');
	}
	check.done();
	return { ...fields, stage, minutes, groupMin, groupMax, boardStage, boardSections };
}

function rowValues(fields: ReturnType<typeof checkMethodInput>) {
	return {
		stage: fields.stage,
		name_th: fields.nameTh,
		name_en: fields.nameEn,
		summary_th: fields.summaryTh,
		summary_en: fields.summaryEn,
		purpose_th: fields.purposeTh,
		purpose_en: fields.purposeEn,
		when_th: fields.whenTh,
		when_en: fields.whenEn,
		steps_th: fields.stepsTh,
		steps_en: fields.stepsEn,
		tips_th: fields.tipsTh,
		tips_en: fields.tipsEn,
		minutes: fields.minutes,
		group_min: fields.groupMin,
		group_max: fields.groupMax,
		board_stage: fields.boardStage,
		board_sections: fields.boardSections.join(',')
	};
}

/** Adds a method of the lab's own; `copiedFrom` names the method it started as. Access: canEditMethods. */
export async function createLabMethod(
	db: DB,
	input: MethodInput,
	creatorId: string,
	options: { copiedFrom?: string | null; now?: number } = {}
): Promise<{ id: string }> {
	const fields = checkMethodInput(input);
	const now = options.now ?? Date.now();
	const id = newId();
	await db
		.insertInto('lab_methods')
		.values({ id, ...rowValues(fields), copied_from: options.copiedFrom ?? null, created_by: creatorId, created_at: now, updated_at: now })
		.execute();
	return { id };
}

/** Changes one of the lab's methods; a built-in method is refused (copy it instead). Access: canEditMethods. */
export async function updateLabMethod(db: DB, id: string, input: MethodInput, now = Date.now()): Promise<void> {
	if (findBuiltinMethod(id)) refuse('ws_builtin_read_only');
	const fields = checkMethodInput(input);
	const result = await db
		.updateTable('lab_methods')
		.set({ ...rowValues(fields), updated_at: now })
		.where('id', '=', id)
		.executeTakeFirst();
	if (Number(result.numUpdatedRows) === 0) refuse('not_found');
}

/**
 * Deletes one of the lab's methods. Agenda steps that followed it keep their title, minutes and
 * instructions; they just no longer link to it. Access: canEditMethods.
 */
export async function deleteLabMethod(db: DB, id: string): Promise<void> {
	if (findBuiltinMethod(id)) refuse('ws_builtin_read_only');
	await db.transaction().execute(async (trx) => {
		const result = await trx.deleteFrom('lab_methods').where('id', '=', id).executeTakeFirst();
		if (Number(result.numDeletedRows) === 0) refuse('not_found');
		await trx.updateTable('workshop_steps').set({ method_id: null }).where('method_id', '=', id).execute();
	});
}

/** Copies any method (built-in or the lab's) into a new lab method with both languages' texts. */
export async function copyMethod(db: DB, id: string, creatorId: string, now = Date.now()): Promise<{ id: string }> {
	const draft = builtinDraft(id) ?? (await findMethodDraft(db, id));
	if (!draft) refuse('not_found');
	const input: MethodInput = { ...draft, minutes: String(draft.minutes), groupMin: String(draft.groupMin), groupMax: String(draft.groupMax) };
	return createLabMethod(db, input, creatorId, { copiedFrom: id, now });
}
