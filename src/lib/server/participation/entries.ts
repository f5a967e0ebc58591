import type { DB } from '../db/open.ts';
import { newId } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { flushDeletions } from '../db/erase.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { CONSENT_FIELD, CONTACT_FIELDS, checkContact, type ContactDetails, type Fields } from '../feedback/responses.ts';
import { hashReceipt, newReceiptCode, normalizeReceipt } from '../feedback/receipts.ts';
import { takeFormToken } from '../feedback/used-tokens.ts';
import { participationSearch } from '../feedback/search.ts';
import { checkDistrict, DISTRICT_FIELD } from '../projects/districts.ts';
import { adoptPendingPhoto, PHOTO_REF_FIELD, PHOTO_REMOVE_FIELD, removePhotos, writePhoto, type PhotoChoice } from './photos.ts';
import { contactDeleteAfter, LIMITS, roundState, type Channel, type Lang } from '../../domain/feedback.ts';
import { guidedField, PARTICIPATION_LIMITS, type Call, type CallKind, type CallQuestion, type District } from '../../domain/participation.ts';

/**
 * Stories and ideas: the strict check of what a citizen (or staff for them) sends to a call,
 * storing it in one transaction — the entry, its answers to the guided questions, the contact
 * details given with consent, its photo, its search entry, the form's token — and what the holder
 * of a receipt can do: see it, withdraw it (gone from the database's files too).
 *
 * The rules are the feedback form's, by the same code: contact details (feedback/responses.ts
 * `checkContact`), receipts, tokens used once, the Thai search index, the erasure.
 */

export const STORY_FIELD = 'body';
export const TITLE_FIELD = 'title';

export interface CheckedEntry {
	kind: CallKind;
	/** An idea's title ('' for a story). */
	title: string;
	/** The story, or the idea's description. */
	body: string;
	answers: { questionId: string; text: string }[];
	district: string;
	/** Only when the call asks for it, something was given, and consent was ticked. */
	contact: ContactDetails | null;
}

function single(check: Checker, fields: Fields, name: string): string | undefined {
	const values = fields.getAll(name);
	if (values.length > 1) check.add(name, 'fb_repeated_field');
	return values[0];
}

/**
 * Checks a story or an idea strictly: every field must be one the form has, the text must be
 * there and within bounds, answers to guided questions are optional, a district must be one of
 * the project's, and contact details need the call to ask for them and the consent box ticked.
 * Throws an InputError with every problem by field; nothing is stored before this passes.
 */
export function checkEntry(
	call: Pick<Call, 'kind' | 'collectContact' | 'allowPhoto'>,
	questions: readonly CallQuestion[],
	districts: readonly District[],
	fields: Fields,
	options: { extraFields?: readonly string[] } = {}
): CheckedEntry {
	const check = new Checker();
	const known = new Set<string>([STORY_FIELD, ...(options.extraFields ?? [])]);
	if (call.kind === 'idea') known.add(TITLE_FIELD);
	for (const q of questions) if (call.kind === 'story') known.add(guidedField(q.id));
	if (call.collectContact) for (const name of [...CONTACT_FIELDS, CONSENT_FIELD]) known.add(name);
	if (districts.length > 0) known.add(DISTRICT_FIELD);
	if (call.allowPhoto) for (const name of [PHOTO_REF_FIELD, PHOTO_REMOVE_FIELD]) known.add(name);
	if (fields.hasNonText() || fields.names().length > LIMITS.publicFields || fields.names().some((name) => !known.has(name))) {
		check.add('', 'fb_unexpected_field');
	}

	const title =
		call.kind === 'idea' ? check.text(TITLE_FIELD, single(check, fields, TITLE_FIELD) ?? '', { min: 3, max: PARTICIPATION_LIMITS.title }) : '';
	const body = check.text(STORY_FIELD, single(check, fields, STORY_FIELD) ?? '', { min: 10, max: PARTICIPATION_LIMITS.body });
	const answers: CheckedEntry['answers'] = [];
	if (call.kind === 'story') {
		for (const q of questions) {
			const name = guidedField(q.id);
			const text = check.text(name, single(check, fields, name) ?? '', { min: 0, max: PARTICIPATION_LIMITS.answer });
			if (text) answers.push({ questionId: q.id, text });
		}
	}
	const district = checkDistrict(check, fields, districts);
	const contact = call.collectContact ? checkContact(check, fields) : null;
	check.done();
	return { kind: call.kind, title, body, answers, district, contact };
}

export interface EntryMeta {
	channel: Channel;
	locale: Lang;
	/** The staff member who typed it in; null for the public form. */
	enteredBy: string | null;
	consentText: string;
	/** Refuse if the call is not open at `now` (the public form); staff may enter late ones. */
	requireOpen: boolean;
	/** The public form's token: taken once. */
	formToken?: { id: string; expiresAt: number };
	photo: PhotoChoice;
	blobs?: BlobStore;
	now?: number;
}

/**
 * Stores a checked story or idea in one transaction and returns its id and receipt code (which
 * exists nowhere else afterwards). A new photo is written before the row (a row always finds its
 * file) and removed again if the row is not stored. Contact details for a call whose retention
 * has ended (staff typing in an old one) are not stored at all (`contactKept` says so).
 */
export async function storeEntry(
	db: DB,
	call: Call,
	checked: CheckedEntry,
	meta: EntryMeta
): Promise<{ id: string; receipt: string; contactKept: boolean }> {
	const now = meta.now ?? Date.now();
	const id = newId();
	const receipt = newReceiptCode();
	const contact = checked.contact && contactDeleteAfter(call) > now ? checked.contact : null;
	const photo = meta.photo;
	if (photo.kind !== 'none' && !call.allowPhoto) refuse('fb_unexpected_field');
	if (photo.kind === 'new' && !meta.blobs) throw new Error('a photo needs a blob store');
	const written = photo.kind === 'new' ? await writePhoto(meta.blobs!, photo.photo) : null;
	const photoColumns =
		photo.kind === 'new'
			? { photo_key: written, photo_type: photo.photo.type.mime, photo_size: photo.photo.size }
			: photo.kind === 'pending'
				? { photo_key: photo.key, photo_type: photo.type, photo_size: photo.size }
				: { photo_key: null, photo_type: null, photo_size: null };
	try {
		await db.transaction().execute(async (trx) => {
			if (meta.formToken) await takeFormToken(trx, meta.formToken);
			if (meta.requireOpen) {
				// Read again inside the transaction: a call closed a moment ago takes nothing more.
				const current = await trx.selectFrom('participation_calls').select(['opens_at', 'closes_at']).where('id', '=', call.id).executeTakeFirst();
				if (!current) refuse('pt_call_unknown');
				const state = roundState({ opensAt: Number(current.opens_at), closesAt: Number(current.closes_at) }, now);
				if (state !== 'open') refuse(state === 'closed' ? 'fb_round_closed' : 'fb_round_not_open');
			}
			if (photo.kind === 'pending') await adoptPendingPhoto(trx, photo.key);
			await trx
				.insertInto('participation_entries')
				.values({
					id,
					call_id: call.id,
					kind: call.kind,
					receipt_hash: hashReceipt(receipt),
					channel: meta.channel,
					locale: meta.locale,
					status: 'new',
					title: checked.title,
					body: checked.body,
					district: checked.district,
					...photoColumns,
					duplicate_of: null,
					hidden_by_reports: 0,
					entered_by: meta.enteredBy,
					submitted_at: now,
					moderated_by: null,
					moderated_at: null
				})
				.execute();
			if (checked.answers.length > 0) {
				await trx
					.insertInto('participation_answers')
					.values(checked.answers.map((a) => ({ entry_id: id, question_id: a.questionId, text: a.text })))
					.execute();
			}
			if (contact) {
				await trx
					.insertInto('participation_contacts')
					.values({
						entry_id: id,
						name: contact.name,
						phone: contact.phone,
						email: contact.email,
						consent_text: meta.consentText,
						consented_at: now,
						delete_after: contactDeleteAfter(call)
					})
					.execute();
			}
			await participationSearch(trx).index(trx, id, [checked.title, checked.body, ...checked.answers.map((a) => a.text)]);
		});
	} catch (err) {
		if (written) await removePhotos(meta.blobs!, [written]).catch(() => {});
		throw err;
	}
	return { id, receipt, contactKept: contact !== null };
}

/** A story's or idea's answers to the guided questions. */
export async function answersOfEntries(db: DB, entryIds: readonly string[]): Promise<Map<string, { questionId: string; text: string }[]>> {
	const out = new Map<string, { questionId: string; text: string }[]>();
	for (let i = 0; i < entryIds.length; i += 500) {
		const rows = await db
			.selectFrom('participation_answers')
			.select(['entry_id', 'question_id', 'text'])
			.where('entry_id', 'in', entryIds.slice(i, i + 500))
			.execute();
		for (const row of rows) out.set(row.entry_id, [...(out.get(row.entry_id) ?? []), { questionId: row.question_id, text: row.text }]);
	}
	return out;
}

export interface EntryReceiptView {
	entryId: string;
	callId: string;
	kind: CallKind;
	title: string;
	body: string;
	district: string;
	hasPhoto: boolean;
	submittedAt: number;
	channel: Channel;
	status: string;
	answers: { questionId: string; text: string }[];
	contact: (ContactDetails & { deleteAfter: number }) | null;
}

async function entryIdByReceipt(db: DB, code: unknown): Promise<string | null> {
	const bare = normalizeReceipt(code);
	if (!bare) return null;
	const row = await db.selectFrom('participation_entries').select('id').where('receipt_hash', '=', hashReceipt(bare)).executeTakeFirst();
	return row?.id ?? null;
}

/** What the holder of a receipt sent (with their contact details while kept); null if no such receipt. */
export async function findEntryByReceipt(db: DB, code: unknown): Promise<EntryReceiptView | null> {
	const id = await entryIdByReceipt(db, code);
	if (!id) return null;
	const row = await db
		.selectFrom('participation_entries')
		.leftJoin('participation_contacts', 'participation_contacts.entry_id', 'participation_entries.id')
		.select([
			'participation_entries.call_id',
			'participation_entries.kind',
			'participation_entries.title',
			'participation_entries.body',
			'participation_entries.district',
			'participation_entries.photo_key',
			'participation_entries.submitted_at',
			'participation_entries.channel',
			'participation_entries.status',
			'participation_contacts.name',
			'participation_contacts.phone',
			'participation_contacts.email',
			'participation_contacts.delete_after'
		])
		.where('participation_entries.id', '=', id)
		.executeTakeFirstOrThrow();
	return {
		entryId: id,
		callId: row.call_id,
		kind: row.kind === 'idea' ? 'idea' : 'story',
		title: row.title,
		body: row.body,
		district: row.district,
		hasPhoto: row.photo_key !== null,
		submittedAt: Number(row.submitted_at),
		channel: row.channel as Channel,
		status: row.status,
		answers: (await answersOfEntries(db, [id])).get(id) ?? [],
		contact:
			row.delete_after === null
				? null
				: { name: row.name ?? '', phone: row.phone ?? '', email: row.email ?? '', deleteAfter: Number(row.delete_after) }
	};
}

export interface EntryBoardLink {
	boardId: string;
	noteId: string;
}

/**
 * Deletes stories and ideas for good (answers, contact, tags, supports, reports, links and
 * approvals with them, and their search entries) in one transaction, then their photos' files.
 * Returns the board notes they had become, for the caller to remove from the live boards.
 */
export async function deleteEntries(db: DB, blobs: BlobStore | undefined, ids: readonly string[]): Promise<EntryBoardLink[]> {
	if (ids.length === 0) return [];
	const { links, photos } = await db.transaction().execute(async (trx) => {
		const links = await trx.selectFrom('participation_board_links').select(['board_id', 'note_id']).where('entry_id', 'in', ids).execute();
		const photos = await trx.selectFrom('participation_entries').select('photo_key').where('id', 'in', ids).execute();
		await participationSearch(trx).remove(trx, ids);
		await trx.deleteFrom('participation_entries').where('id', 'in', ids).execute();
		return { links, photos };
	});
	const keys = photos.map((p) => p.photo_key);
	if (keys.some(Boolean)) {
		if (!blobs) throw new Error('deleting a photo needs the blob store');
		await removePhotos(blobs, keys);
	}
	return links.map((l) => ({ boardId: l.board_id, noteId: l.note_id }));
}

/**
 * Withdraws what a receipt names: deleted (deleteEntries), then flushed out of the database's
 * files (db/erase.ts). Returns the board notes it had become; null when there is no such receipt.
 */
export async function withdrawEntryByReceipt(
	db: DB,
	blobs: BlobStore,
	code: unknown
): Promise<{ entryId: string; boardLinks: EntryBoardLink[] } | null> {
	const id = await entryIdByReceipt(db, code);
	if (!id) return null;
	const boardLinks = await deleteEntries(db, blobs, [id]);
	await flushDeletions(db);
	return { entryId: id, boardLinks };
}
