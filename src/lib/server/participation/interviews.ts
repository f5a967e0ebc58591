import type { DB } from '../db/open.ts';
import { lockRow } from '../db/locks.ts';
import { newId } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { flushDeletions } from '../db/erase.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { bangkokDay, bangkokDayStart } from '../feedback/rounds.ts';
import { listSections } from '../../board/sections.ts';
import type { BoardReader } from '../publication/publications.ts';
import { removePhotos, writePhoto, type CheckedPhoto } from './photos.ts';
import { CONSENT_KINDS, INTERVIEW_KINDS, type ConsentKind, type InterviewKind } from '../../domain/participation.ts';

/**
 * The team's interview log, beside the citizens' stories: notes, quotes and photos from
 * interviews the interviewee consented to, each linked to the sections of the Empathize board it
 * informed (personas, the journey map…). It is the team's alone — no public page, no open data,
 * no API reads it — and an entry deleted is gone from the database's files with its photo.
 * An interviewee is described, not named ("ผู้สูงอายุ หญิง ~70").
 */

export interface InterviewInput {
	kind: unknown;
	text: unknown;
	interviewee: unknown;
	interviewedOn: unknown;
	consent: unknown;
	consentNote: unknown;
	consentConfirmed: unknown;
	/** "BOARD:SECTION", repeated. */
	sections: unknown[];
}

export function interviewInputFrom(data: FormData): InterviewInput {
	return {
		kind: data.get('kind'),
		text: data.get('text') ?? '',
		interviewee: data.get('interviewee') ?? '',
		interviewedOn: data.get('interviewed_on'),
		consent: data.get('consent'),
		consentNote: data.get('consent_note') ?? '',
		consentConfirmed: data.get('consent_confirmed'),
		sections: data.getAll('section')
	};
}

export interface LinkableSection {
	boardId: string;
	sectionId: string;
	title: string;
	key: string;
}

/** The sections of the project's Empathize boards an entry may be linked to (personas and the journey map first). */
export async function linkableSections(db: DB, boards: BoardReader, projectId: string): Promise<LinkableSection[]> {
	const rows = await db
		.selectFrom('boards')
		.select('id')
		.where('project_id', '=', projectId)
		.where('stage', '=', 'empathize')
		.orderBy('created_at')
		.execute();
	const out: LinkableSection[] = [];
	const first = ['personas', 'journey_steps', 'journey_pains'];
	for (const row of rows) {
		const sections = await boards.readBoard(row.id, (doc) => listSections(doc));
		for (const s of sections) out.push({ boardId: row.id, sectionId: s.id, title: s.title, key: s.key });
	}
	const rank = (s: LinkableSection) => (first.includes(s.key) ? first.indexOf(s.key) : first.length);
	return out.sort((a, b) => rank(a) - rank(b));
}

interface CheckedInterview {
	kind: InterviewKind;
	text: string;
	interviewee: string;
	interviewedOn: string;
	consent: ConsentKind;
	consentNote: string;
	sections: { boardId: string; sectionId: string }[];
}

function checkInterview(input: InterviewInput, sections: readonly LinkableSection[], hasPhoto: boolean, now: number): CheckedInterview {
	const check = new Checker();
	const kind = check.oneOf('kind', input.kind, INTERVIEW_KINDS);
	const text = check.text('text', input.text, { min: kind === 'photo' ? 0 : 1, max: 4000 });
	const interviewee = check.text('interviewee', input.interviewee, { min: 0, max: 120 });
	const day = typeof input.interviewedOn === 'string' ? input.interviewedOn : '';
	const start = bangkokDayStart(day);
	if (start === null) check.add('interviewed_on', 'fb_invalid_date');
	else if (start > now) check.add('interviewed_on', 'pt_interview_in_future');
	const consent = check.oneOf('consent', input.consent, CONSENT_KINDS);
	const consentNote = check.text('consent_note', input.consentNote, { min: 0, max: 300 });
	if (input.consentConfirmed !== 'yes') check.add('consent_confirmed', 'pt_interview_consent_required');
	if (kind === 'photo' && !hasPhoto) check.add('photo', 'attachment_none');
	const chosen: { boardId: string; sectionId: string }[] = [];
	for (const value of new Set(input.sections.filter((v): v is string => typeof v === 'string'))) {
		const section = sections.find((s) => `${s.boardId}:${s.sectionId}` === value);
		if (!section) check.add('section', 'invalid_choice');
		else chosen.push({ boardId: section.boardId, sectionId: section.sectionId });
	}
	check.done();
	return { kind, text, interviewee, interviewedOn: day, consent, consentNote, sections: chosen };
}

/** Adds an entry to the log (its photo written first). Access: canEdit. */
export async function addInterviewEntry(
	db: DB,
	blobs: BlobStore,
	input: { projectId: string; fields: InterviewInput; photo: CheckedPhoto | null; sections: readonly LinkableSection[]; userId: string; now?: number }
): Promise<string> {
	const now = input.now ?? Date.now();
	const checked = checkInterview(input.fields, input.sections, input.photo !== null, now);
	const key = input.photo ? await writePhoto(blobs, input.photo) : null;
	const id = newId();
	try {
		await db.transaction().execute(async (trx) => {
			await trx
				.insertInto('interview_entries')
				.values({
					id,
					project_id: input.projectId,
					kind: checked.kind,
					text: checked.text,
					interviewee: checked.interviewee,
					interviewed_on: checked.interviewedOn,
					consent: checked.consent,
					consent_note: checked.consentNote,
					photo_key: key,
					photo_type: input.photo?.type.mime ?? null,
					photo_size: input.photo?.size ?? null,
					created_by: input.userId,
					created_at: now,
					updated_at: now
				})
				.execute();
			if (checked.sections.length > 0) {
				await trx
					.insertInto('interview_links')
					.values(checked.sections.map((s) => ({ entry_id: id, board_id: s.boardId, section_id: s.sectionId })))
					.execute();
			}
		});
	} catch (err) {
		if (key) await removePhotos(blobs, [key]).catch(() => {});
		throw err;
	}
	return id;
}

/** Replaces the sections an entry is linked to. Access: canEdit. */
export async function linkInterviewEntry(
	db: DB,
	projectId: string,
	entryId: string,
	values: unknown[],
	sections: readonly LinkableSection[]
): Promise<void> {
	const check = new Checker();
	const chosen: { boardId: string; sectionId: string }[] = [];
	for (const value of new Set(values.filter((v): v is string => typeof v === 'string'))) {
		const section = sections.find((s) => `${s.boardId}:${s.sectionId}` === value);
		if (!section) check.add('section', 'invalid_choice');
		else chosen.push(section);
	}
	check.done();
	await db.transaction().execute(async (trx) => {
		// Relinkings of one entry take turns (two at once would clash on the key).
		await lockRow(trx, 'interview_entries', entryId);
		const own = await trx
			.selectFrom('interview_entries')
			.select('id')
			.where('id', '=', entryId)
			.where('project_id', '=', projectId)
			.executeTakeFirst();
		if (!own) refuse('not_found');
		await trx.deleteFrom('interview_links').where('entry_id', '=', entryId).execute();
		if (chosen.length > 0)
			await trx
				.insertInto('interview_links')
				.values(chosen.map((s) => ({ entry_id: entryId, board_id: s.boardId, section_id: s.sectionId })))
				.execute();
	});
}

export interface InterviewEntry {
	id: string;
	kind: InterviewKind;
	text: string;
	interviewee: string;
	interviewedOn: string;
	consent: ConsentKind;
	consentNote: string;
	hasPhoto: boolean;
	photoType: string | null;
	createdByName: string | null;
	createdAt: number;
	sections: { boardId: string; sectionId: string }[];
}

/** The project's log, most recent interview first; only entries linked to `section` ("BOARD:SECTION") when given. */
export async function listInterviewEntries(db: DB, projectId: string, filter: { section?: string; id?: string } = {}): Promise<InterviewEntry[]> {
	let query = db
		.selectFrom('interview_entries')
		.leftJoin('users', 'users.id', 'interview_entries.created_by')
		.selectAll('interview_entries')
		.select('users.name')
		.where('interview_entries.project_id', '=', projectId);
	if (filter.id) query = query.where('interview_entries.id', '=', filter.id);
	if (filter.section) {
		const [boardId = '', sectionId = ''] = filter.section.split(':');
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('interview_links')
					.select('entry_id')
					.whereRef('interview_links.entry_id', '=', 'interview_entries.id')
					.where('interview_links.board_id', '=', boardId)
					.where('interview_links.section_id', '=', sectionId)
			)
		);
	}
	const rows = await query.orderBy('interview_entries.interviewed_on', 'desc').orderBy('interview_entries.created_at', 'desc').limit(500).execute();
	const links =
		rows.length === 0
			? []
			: await db
					.selectFrom('interview_links')
					.selectAll()
					.where(
						'entry_id',
						'in',
						rows.map((r) => r.id)
					)
					.execute();
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind as InterviewKind,
		text: r.text,
		interviewee: r.interviewee,
		interviewedOn: r.interviewed_on,
		consent: r.consent as ConsentKind,
		consentNote: r.consent_note,
		hasPhoto: r.photo_key !== null,
		photoType: r.photo_type,
		createdByName: r.name ?? null,
		createdAt: Number(r.created_at),
		sections: links.filter((l) => l.entry_id === r.id).map((l) => ({ boardId: l.board_id, sectionId: l.section_id }))
	}));
}

/** An entry's photo key and type, if it has one. */
export async function interviewPhoto(db: DB, projectId: string, entryId: string): Promise<{ key: string; type: string } | null> {
	const row = await db
		.selectFrom('interview_entries')
		.select(['photo_key', 'photo_type'])
		.where('id', '=', entryId)
		.where('project_id', '=', projectId)
		.executeTakeFirst();
	return row?.photo_key && row.photo_type ? { key: row.photo_key, type: row.photo_type } : null;
}

/** Deletes an entry for good: its row, its photo, and their traces in the files. Access: canEdit. */
export async function deleteInterviewEntry(db: DB, blobs: BlobStore, projectId: string, entryId: string): Promise<void> {
	const photo = await interviewPhoto(db, projectId, entryId);
	const result = await db.deleteFrom('interview_entries').where('id', '=', entryId).where('project_id', '=', projectId).executeTakeFirst();
	if (Number(result.numDeletedRows) === 0) refuse('not_found');
	if (photo) await removePhotos(blobs, [photo.key]);
	await flushDeletions(db);
}

/** Today in Bangkok, for the form's default date. */
export function today(now = Date.now()): string {
	return bangkokDay(now);
}
