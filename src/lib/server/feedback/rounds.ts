import type { Selectable } from 'kysely';
import type { DB } from '../db/open.ts';
import { lockRow } from '../db/locks.ts';
import type { FeedbackRoundsTable } from '../db/tables/feedback.ts';
import { newId, randomString } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { LIMITS, type Lang, type Round } from '../../domain/feedback.ts';

/** Rounds: one per prototype version (or several, e.g. one per test site), with a public slug. */

export interface RoundInput {
	versionId: unknown;
	titleTh: unknown;
	titleEn: unknown;
	introTh: unknown;
	introEn: unknown;
	purposeTh: unknown;
	purposeEn: unknown;
	offerEnglish: unknown;
	opensOn: unknown;
	closesOn: unknown;
	collectContact: unknown;
	retentionDays: unknown;
}

/** The round fields of a submitted staff form, unchecked. */
export function roundInputFrom(data: FormData): RoundInput {
	return {
		versionId: data.get('version'),
		titleTh: data.get('title_th'),
		titleEn: data.get('title_en') ?? '',
		introTh: data.get('intro_th') ?? '',
		introEn: data.get('intro_en') ?? '',
		purposeTh: data.get('purpose_th'),
		purposeEn: data.get('purpose_en') ?? '',
		offerEnglish: data.get('offer_en'),
		opensOn: data.get('opens_on'),
		closesOn: data.get('closes_on'),
		collectContact: data.get('collect_contact'),
		retentionDays: data.get('retention_days')
	};
}

// Thailand keeps UTC+7 all year (no daylight saving), so a calendar day there is a fixed span.
const BANGKOK_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Midnight at the start of a 'YYYY-MM-DD' day in Bangkok, or null if it is not a real date. */
export function bangkokDayStart(day: string): number | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	if (!match) return null;
	const [y, mo, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const utc = Date.UTC(y, mo - 1, d);
	const check = new Date(utc);
	if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
	return utc - BANGKOK_OFFSET_MS;
}

/** The Bangkok calendar day ('YYYY-MM-DD') an instant falls on. */
export function bangkokDay(ms: number): string {
	return new Date(ms + BANGKOK_OFFSET_MS).toISOString().slice(0, 10);
}

/** The last calendar day of a round that closes at `closesAt` (the end of that day). */
export function lastOpenDay(closesAt: number): string {
	return bangkokDay(closesAt - 1);
}

function yes(value: unknown): boolean {
	return value === 'yes' || value === 'on' || value === 'true';
}

export interface CheckedRound {
	titleTh: string;
	titleEn: string;
	introTh: string;
	introEn: string;
	purposeTh: string;
	purposeEn: string;
	languages: Lang[];
	opensAt: number;
	closesAt: number;
	collectContact: boolean;
	retentionDays: number;
}

/** Checks what a round (or a participation call, which has the same dates, languages and contact rules) is made of. */
export function checkRoundInput(input: RoundInput): CheckedRound {
	const check = new Checker();
	const offerEnglish = yes(input.offerEnglish);
	const titleTh = check.text('title_th', input.titleTh, { min: 3, max: 160 });
	const introTh = check.text('intro_th', input.introTh, { min: 0, max: 2000 });
	const purposeTh = check.text('purpose_th', input.purposeTh, { min: 10, max: 2000 });
	const titleEn = check.text('title_en', input.titleEn, { min: offerEnglish ? 3 : 0, max: 160 });
	const introEn = check.text('intro_en', input.introEn, { min: 0, max: 2000 });
	const purposeEn = check.text('purpose_en', input.purposeEn, { min: offerEnglish ? 10 : 0, max: 2000 });
	const opensAt = typeof input.opensOn === 'string' ? bangkokDayStart(input.opensOn) : null;
	const lastStart = typeof input.closesOn === 'string' ? bangkokDayStart(input.closesOn) : null;
	if (opensAt === null) check.add('opens_on', 'fb_invalid_date');
	if (lastStart === null) check.add('closes_on', 'fb_invalid_date');
	const closesAt = lastStart === null ? 0 : lastStart + DAY_MS;
	if (opensAt !== null && lastStart !== null) {
		if (closesAt <= opensAt) check.add('closes_on', 'fb_closes_before_opens');
		else if (closesAt - opensAt > LIMITS.roundDaysMax * DAY_MS) check.add('closes_on', 'fb_round_too_long', { max: LIMITS.roundDaysMax });
	}
	const collectContact = yes(input.collectContact);
	let retentionDays = 90;
	if (collectContact) {
		const n = Number(input.retentionDays);
		if (typeof input.retentionDays !== 'string' || !/^\d{1,3}$/.test(input.retentionDays.trim()) || n < 1 || n > LIMITS.retentionDaysMax) {
			check.add('retention_days', 'fb_retention_range', { max: LIMITS.retentionDaysMax });
		} else retentionDays = n;
	}
	check.done();
	return {
		titleTh,
		titleEn,
		introTh,
		introEn,
		purposeTh,
		purposeEn,
		languages: offerEnglish ? ['th', 'en'] : ['th'],
		opensAt: opensAt!,
		closesAt,
		collectContact,
		retentionDays
	};
}

function toRound(row: Selectable<FeedbackRoundsTable>): Round {
	return {
		id: row.id,
		prototypeId: row.prototype_id,
		versionId: row.version_id,
		slug: row.slug,
		title: { th: row.title_th, en: row.title_en },
		intro: { th: row.intro_th, en: row.intro_en },
		purpose: { th: row.purpose_th, en: row.purpose_en },
		languages: row.languages.split(',').filter((l): l is Lang => l === 'th' || l === 'en'),
		opensAt: Number(row.opens_at),
		closesAt: Number(row.closes_at),
		collectContact: Number(row.collect_contact) === 1,
		contactRetentionDays: Number(row.contact_retention_days),
		createdAt: Number(row.created_at),
		updatedAt: Number(row.updated_at)
	};
}

function roundColumns(checked: CheckedRound) {
	return {
		title_th: checked.titleTh,
		title_en: checked.titleEn,
		intro_th: checked.introTh,
		intro_en: checked.introEn,
		purpose_th: checked.purposeTh,
		purpose_en: checked.purposeEn,
		languages: checked.languages.join(','),
		opens_at: checked.opensAt,
		closes_at: checked.closesAt,
		collect_contact: checked.collectContact ? 1 : 0,
		contact_retention_days: checked.retentionDays
	};
}

const SLUG_LENGTH = 8;

/**
 * Creates a round on a version of one of the project's prototypes. Access (canEdit) is the
 * caller's to check; the version must belong to this project.
 */
export async function createRound(db: DB, projectId: string, input: RoundInput, userId: string, now = Date.now()): Promise<Round> {
	const checked = checkRoundInput(input);
	const version = await db
		.selectFrom('prototype_versions')
		.innerJoin('prototypes', 'prototypes.id', 'prototype_versions.prototype_id')
		.select(['prototype_versions.id', 'prototypes.id as prototype_id'])
		.where('prototype_versions.id', '=', typeof input.versionId === 'string' ? input.versionId : '')
		.where('prototypes.project_id', '=', projectId)
		.executeTakeFirst();
	if (!version) refuse('fb_version_required', 'version');
	const id = newId();
	// Eight characters of a 32-letter alphabet: short enough to type from a poster, and a
	// collision (one in 2^40 per pair) is simply retried.
	for (let attempt = 0; ; attempt++) {
		const slug = randomString(SLUG_LENGTH);
		const taken = await db.selectFrom('feedback_rounds').select('id').where('slug', '=', slug).executeTakeFirst();
		if (taken) {
			if (attempt > 5) throw new Error('could not find a free round slug');
			continue;
		}
		await db.transaction().execute(async (trx) => {
			await trx
				.insertInto('feedback_rounds')
				.values({
					id,
					prototype_id: version.prototype_id,
					version_id: version.id,
					slug,
					...roundColumns(checked),
					created_by: userId,
					created_at: now,
					updated_at: now
				})
				.execute();
			await trx.updateTable('prototypes').set({ updated_at: now }).where('id', '=', version.prototype_id).execute();
		});
		break;
	}
	return (await findRoundById(db, id))!;
}

/** Changes a round's texts, dates and contact settings (its version and slug stay). */
export async function updateRound(db: DB, roundId: string, input: RoundInput, now = Date.now()): Promise<void> {
	const checked = checkRoundInput(input);
	const result = await db
		.updateTable('feedback_rounds')
		.set({ ...roundColumns(checked), updated_at: now })
		.where('id', '=', roundId)
		.executeTakeFirst();
	if (Number(result.numUpdatedRows) === 0) refuse('not_found');
}

/** Ends a round now: the form says it is closed from this moment. */
export async function closeRoundNow(db: DB, roundId: string, now = Date.now()): Promise<void> {
	const round = await findRoundById(db, roundId);
	if (!round) refuse('not_found');
	if (now >= round.closesAt) refuse('fb_round_already_closed');
	await db
		.updateTable('feedback_rounds')
		.set({ closes_at: Math.max(now, round.opensAt + 1), updated_at: now })
		.where('id', '=', roundId)
		.execute();
}

/** Deletes a round that nobody has answered yet (a round with responses is kept: it is evidence). */
export async function deleteRound(db: DB, roundId: string): Promise<void> {
	await db.transaction().execute(async (trx) => {
		// A response being stored now either is seen below or waits and then finds no round
		// (`exclusive` holds off its foreign key): never deleted with the round unseen.
		await lockRow(trx, 'feedback_rounds', roundId, 'exclusive');
		const answered = await trx.selectFrom('feedback_responses').select('id').where('round_id', '=', roundId).limit(1).executeTakeFirst();
		if (answered) refuse('fb_round_has_responses');
		await trx.deleteFrom('feedback_rounds').where('id', '=', roundId).execute();
	});
}

export async function findRoundById(db: DB, id: string): Promise<Round | null> {
	const row = await db.selectFrom('feedback_rounds').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? toRound(row) : null;
}

/** The round behind a public link; slugs are lower case, links are forgiving about case. */
export async function findRoundBySlug(db: DB, slug: string): Promise<Round | null> {
	const normalized = slug.trim().toLowerCase();
	if (!/^[a-z0-9]{4,32}$/.test(normalized)) return null;
	const row = await db.selectFrom('feedback_rounds').selectAll().where('slug', '=', normalized).executeTakeFirst();
	return row ? toRound(row) : null;
}

/** The project a round belongs to (through its prototype). */
export async function projectOfRound(db: DB, roundId: string): Promise<string | null> {
	const row = await db
		.selectFrom('feedback_rounds')
		.innerJoin('prototypes', 'prototypes.id', 'feedback_rounds.prototype_id')
		.select('prototypes.project_id')
		.where('feedback_rounds.id', '=', roundId)
		.executeTakeFirst();
	return row?.project_id ?? null;
}

export interface RoundListItem extends Round {
	prototypeTitle: string;
	versionNumber: number;
	responses: number;
	awaitingModeration: number;
}

/** Every round of a project's prototypes, newest first, with response counts. */
export async function listRoundsOfProject(db: DB, projectId: string, filter: { prototypeId?: string } = {}): Promise<RoundListItem[]> {
	let query = db
		.selectFrom('feedback_rounds')
		.innerJoin('prototypes', 'prototypes.id', 'feedback_rounds.prototype_id')
		.innerJoin('prototype_versions', 'prototype_versions.id', 'feedback_rounds.version_id')
		.selectAll('feedback_rounds')
		.select(['prototypes.title as prototype_title', 'prototype_versions.number as version_number'])
		.select((eb) => [
			eb
				.selectFrom('feedback_responses')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('feedback_responses.round_id', '=', 'feedback_rounds.id')
				.as('responses'),
			eb
				.selectFrom('feedback_responses')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('feedback_responses.round_id', '=', 'feedback_rounds.id')
				.where('feedback_responses.status', '=', 'new')
				.as('awaiting')
		])
		.where('prototypes.project_id', '=', projectId);
	if (filter.prototypeId) query = query.where('feedback_rounds.prototype_id', '=', filter.prototypeId);
	const rows = await query.orderBy('feedback_rounds.created_at', 'desc').execute();
	return rows.map((row) => ({
		...toRound(row),
		prototypeTitle: row.prototype_title,
		versionNumber: Number(row.version_number),
		responses: Number(row.responses ?? 0),
		awaitingModeration: Number(row.awaiting ?? 0)
	}));
}

export interface VersionChoice {
	versionId: string;
	prototypeId: string;
	prototypeTitle: string;
	number: number;
}

/** The prototype versions a new round can be opened on, newest prototype activity first. */
export async function listVersionChoices(db: DB, projectId: string): Promise<VersionChoice[]> {
	const rows = await db
		.selectFrom('prototype_versions')
		.innerJoin('prototypes', 'prototypes.id', 'prototype_versions.prototype_id')
		.select([
			'prototype_versions.id as version_id',
			'prototypes.id as prototype_id',
			'prototypes.title as prototype_title',
			'prototype_versions.number'
		])
		.where('prototypes.project_id', '=', projectId)
		.orderBy('prototypes.updated_at', 'desc')
		.orderBy('prototype_versions.number', 'desc')
		.execute();
	return rows.map((r) => ({ versionId: r.version_id, prototypeId: r.prototype_id, prototypeTitle: r.prototype_title, number: Number(r.number) }));
}

/** Whether anyone has answered the round (its questions are then fixed). */
export async function roundHasResponses(db: DB, roundId: string): Promise<boolean> {
	const row = await db.selectFrom('feedback_responses').select('id').where('round_id', '=', roundId).limit(1).executeTakeFirst();
	return !!row;
}
