import type { DB } from '../db/open.ts';
import { newId } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { answerField, contactDeleteAfter, LIMITS, roundState, type Channel, type Lang, type Question, type Round } from '../../domain/feedback.ts';
import { hashReceipt, newReceiptCode, normalizeReceipt } from './receipts.ts';
import { feedbackSearch } from './search.ts';
import { flushDeletions } from '../db/erase.ts';
import { inGroupCommit } from '../db/group-commit.ts';
import { takeFormToken } from './used-tokens.ts';
import { checkDistrict, DISTRICT_FIELD } from '../projects/districts.ts';
import type { District } from '../../domain/participation.ts';

/**
 * Responses: the strict check of a submission against its round's questions, storing it in one
 * transaction (answers, consented contact details, search index), and what a citizen can do
 * with their receipt: see it, withdraw it.
 */

/** The fields of a submitted form, as name → every value given under that name. */
export interface Fields {
	names(): string[];
	getAll(name: string): string[];
	/** Whether any value is not text (a file in a multipart body). */
	hasNonText(): boolean;
}

export function fieldsFrom(source: URLSearchParams | FormData): Fields {
	const map = new Map<string, string[]>();
	let nonText = false;
	for (const [name, value] of source as Iterable<[string, FormDataEntryValue]>) {
		if (typeof value !== 'string') {
			nonText = true;
			continue;
		}
		const list = map.get(name);
		if (list) list.push(value);
		else map.set(name, [value]);
	}
	return {
		names: () => [...map.keys()],
		getAll: (name) => map.get(name) ?? [],
		hasNonText: () => nonText
	};
}

export interface AnswerRow {
	questionId: string;
	optionId: string | null;
	number: number | null;
	text: string | null;
}

export interface ContactDetails {
	name: string;
	phone: string;
	email: string;
}

export interface CheckedSubmission {
	answers: AnswerRow[];
	/** Only when the round asks for it, something was given, and consent was ticked. */
	contact: ContactDetails | null;
	/** Mean of the rating answers. */
	rating: number | null;
	/** The free-text answers (for the search index). */
	texts: string[];
	/** One of the project's districts, or '' (not given, or the project lists none). */
	district: string;
}

export const CONTACT_FIELDS = ['contact_name', 'contact_phone', 'contact_email'] as const;
export const CONSENT_FIELD = 'consent';

const PHONE = /^\+?[\d\s\-().]{6,24}$/;

function single(check: Checker, fields: Fields, name: string): string | undefined {
	const values = fields.getAll(name);
	if (values.length > 1) check.add(name, 'fb_repeated_field');
	return values[0];
}

/**
 * Checks a submission strictly: every field must be one the form has, each answer must be one
 * the question allows, required questions must be answered, at least one must be, and contact
 * details need the round to ask for them and the consent box ticked, and a district must be one
 * of the project's (`options.districts`; the field is unknown when it lists none). Throws an InputError with
 * every problem by field; nothing is stored before this passes.
 */
export function checkSubmission(
	round: Pick<Round, 'collectContact'>,
	questions: readonly Question[],
	fields: Fields,
	options: { extraFields?: readonly string[]; districts?: readonly District[] } = {}
): CheckedSubmission {
	const check = new Checker();
	const known = new Set<string>(options.extraFields ?? []);
	for (const q of questions) known.add(answerField(q.id));
	if (round.collectContact) for (const name of [...CONTACT_FIELDS, CONSENT_FIELD]) known.add(name);
	if ((options.districts ?? []).length > 0) known.add(DISTRICT_FIELD);
	if (fields.hasNonText()) check.add('', 'fb_unexpected_field');
	if (fields.names().length > LIMITS.publicFields) check.add('', 'fb_unexpected_field');
	else if (fields.names().some((name) => !known.has(name))) check.add('', 'fb_unexpected_field');

	const answers: AnswerRow[] = [];
	const ratings: number[] = [];
	const texts: string[] = [];
	for (const q of questions) {
		const name = answerField(q.id);
		const values = fields.getAll(name);
		const given = values.filter((v) => v !== '');
		if (given.length === 0) {
			if (q.required) check.add(name, q.kind === 'text' ? 'required' : q.kind === 'multiple' ? 'fb_choose_some' : 'fb_choose_one');
			continue;
		}
		switch (q.kind) {
			case 'rating': {
				if (values.length !== 1 || !/^[1-5]$/.test(values[0]!)) check.add(name, 'invalid_choice');
				else {
					const n = Number(values[0]);
					answers.push({ questionId: q.id, optionId: null, number: n, text: null });
					ratings.push(n);
				}
				break;
			}
			case 'yes_no': {
				if (values.length !== 1 || (values[0] !== 'yes' && values[0] !== 'no')) check.add(name, 'invalid_choice');
				else answers.push({ questionId: q.id, optionId: null, number: values[0] === 'yes' ? 1 : 0, text: null });
				break;
			}
			case 'single': {
				if (values.length !== 1 || !q.options.some((o) => o.id === values[0])) check.add(name, 'invalid_choice');
				else answers.push({ questionId: q.id, optionId: values[0]!, number: null, text: null });
				break;
			}
			case 'multiple': {
				const unique = new Set(values);
				if (unique.size !== values.length || values.some((v) => !q.options.some((o) => o.id === v))) check.add(name, 'invalid_choice');
				else for (const v of values) answers.push({ questionId: q.id, optionId: v, number: null, text: null });
				break;
			}
			case 'text': {
				if (values.length !== 1) {
					check.add(name, 'fb_repeated_field');
					break;
				}
				const text = check.text(name, values[0], { min: 0, max: LIMITS.textAnswer });
				if (text) {
					answers.push({ questionId: q.id, optionId: null, number: null, text });
					texts.push(text);
				} else if (q.required) check.add(name, 'required');
				break;
			}
		}
	}

	const contact = round.collectContact ? checkContact(check, fields) : null;
	const district = checkDistrict(check, fields, options.districts ?? []);

	if (answers.length === 0 && !check.issues.some((i) => i.field.startsWith('q_'))) check.add('', 'fb_empty_response');
	check.done();
	const rating = ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null;
	return { answers, contact, rating, texts, district };
}

/**
 * The contact fields of a citizen's form (name, phone, e-mail, consent), checked into `check`:
 * the details when something was given and consent was ticked; a problem on the field otherwise.
 * Shared by every form a citizen fills in (feedback, stories, ideas) and the staff's.
 */
export function checkContact(check: Checker, fields: Fields): ContactDetails | null {
	const rawName = single(check, fields, 'contact_name') ?? '';
	const rawPhone = single(check, fields, 'contact_phone') ?? '';
	const rawEmail = single(check, fields, 'contact_email') ?? '';
	const consent = single(check, fields, CONSENT_FIELD);
	const name = check.text('contact_name', rawName, { min: 0, max: LIMITS.contactName });
	const phone = rawPhone.trim();
	if (phone && (!PHONE.test(phone) || phone.replace(/\D/g, '').length < 6 || phone.replace(/\D/g, '').length > 15)) {
		check.add('contact_phone', 'fb_invalid_phone');
	}
	const email = rawEmail.trim() ? check.email('contact_email', rawEmail) : '';
	if (consent !== undefined && consent !== 'yes') check.add(CONSENT_FIELD, 'invalid_choice');
	const anything = Boolean(name || phone || email);
	if (anything && consent !== 'yes') check.add(CONSENT_FIELD, 'fb_consent_required');
	return anything && consent === 'yes' ? { name, phone, email } : null;
}

export interface StoreMeta {
	channel: Channel;
	locale: Lang;
	/** The staff member who typed it in; null for the public form. */
	enteredBy: string | null;
	/** The consent statement as the citizen read it (stored with their details). */
	consentText: string;
	/** Refuse if the round is not open at `now` (the public form); staff may enter late answers. */
	requireOpen: boolean;
	/** The public form's token: taken once (a second use is refused with `fb_form_already_sent`). */
	formToken?: { id: string; expiresAt: number };
	now?: number;
}

/**
 * Stores a checked submission: the response, its answers, the contact details (with consent
 * and deletion date) and its search entry, all in one transaction. Returns the new response's
 * id and the receipt code, which exists nowhere else afterwards. Contact details for a round
 * whose retention has already ended (staff typing in an old answer) are not stored at all:
 * they would be kept past the date the citizen was promised (`contactKept` says so).
 */
export async function storeResponse(
	db: DB,
	round: Round,
	checked: CheckedSubmission,
	meta: StoreMeta
): Promise<{ id: string; receipt: string; contactKept: boolean }> {
	const now = meta.now ?? Date.now();
	const id = newId();
	const receipt = newReceiptCode();
	const contact = checked.contact && contactDeleteAfter(round) > now ? checked.contact : null;
	// Submissions arriving together share a commit (db/group-commit.ts); each is still all or nothing.
	await inGroupCommit(db, async (trx) => {
		if (meta.formToken) await takeFormToken(trx, meta.formToken);
		if (meta.requireOpen) {
			// The round's dates are read again inside the transaction: a round closed a moment
			// ago takes nothing more.
			const current = await trx.selectFrom('feedback_rounds').select(['opens_at', 'closes_at']).where('id', '=', round.id).executeTakeFirst();
			if (!current) refuse('fb_round_unknown');
			const state = roundState({ opensAt: Number(current.opens_at), closesAt: Number(current.closes_at) }, now);
			if (state !== 'open') refuse(state === 'closed' ? 'fb_round_closed' : 'fb_round_not_open');
		}
		await trx
			.insertInto('feedback_responses')
			.values({
				id,
				round_id: round.id,
				receipt_hash: hashReceipt(receipt),
				channel: meta.channel,
				locale: meta.locale,
				status: 'new',
				rating: checked.rating,
				entered_by: meta.enteredBy,
				district: checked.district,
				submitted_at: now,
				moderated_by: null,
				moderated_at: null
			})
			.execute();
		if (checked.answers.length > 0) {
			await trx
				.insertInto('feedback_answers')
				.values(checked.answers.map((a) => ({ response_id: id, question_id: a.questionId, option_id: a.optionId, number: a.number, text: a.text })))
				.execute();
		}
		if (contact) {
			await trx
				.insertInto('feedback_contacts')
				.values({
					response_id: id,
					name: contact.name,
					phone: contact.phone,
					email: contact.email,
					consent_text: meta.consentText,
					consented_at: now,
					delete_after: contactDeleteAfter(round)
				})
				.execute();
		}
		await feedbackSearch(trx).index(trx, id, checked.texts);
	});
	return { id, receipt, contactKept: contact !== null };
}

export interface StoredAnswer {
	questionId: string;
	optionIds: string[];
	number: number | null;
	text: string | null;
}

/** Answers of many responses, grouped by response then question. */
export async function answersOf(db: DB, responseIds: readonly string[]): Promise<Map<string, StoredAnswer[]>> {
	const out = new Map<string, StoredAnswer[]>();
	for (let i = 0; i < responseIds.length; i += 500) {
		const chunk = responseIds.slice(i, i + 500);
		const rows = await db
			.selectFrom('feedback_answers')
			.select(['response_id', 'question_id', 'option_id', 'number', 'text'])
			.where('response_id', 'in', chunk)
			.orderBy('id')
			.execute();
		for (const row of rows) {
			let list = out.get(row.response_id);
			if (!list) out.set(row.response_id, (list = []));
			let answer = list.find((a) => a.questionId === row.question_id);
			if (!answer) list.push((answer = { questionId: row.question_id, optionIds: [], number: null, text: null }));
			if (row.option_id !== null) answer.optionIds.push(row.option_id);
			if (row.number !== null) answer.number = Number(row.number);
			if (row.text !== null) answer.text = row.text;
		}
	}
	return out;
}

export interface ReceiptView {
	responseId: string;
	roundId: string;
	submittedAt: number;
	channel: Channel;
	answers: StoredAnswer[];
	contact: (ContactDetails & { deleteAfter: number }) | null;
}

async function findResponseIdByReceipt(db: DB, code: unknown): Promise<{ id: string; roundId: string } | null> {
	const bare = normalizeReceipt(code);
	if (!bare) return null;
	const row = await db.selectFrom('feedback_responses').select(['id', 'round_id']).where('receipt_hash', '=', hashReceipt(bare)).executeTakeFirst();
	return row ? { id: row.id, roundId: row.round_id } : null;
}

/** What the holder of a receipt sent (with their contact details while they are kept); null if no such receipt. */
export async function findByReceipt(db: DB, code: unknown): Promise<ReceiptView | null> {
	const found = await findResponseIdByReceipt(db, code);
	if (!found) return null;
	const row = await db
		.selectFrom('feedback_responses')
		.leftJoin('feedback_contacts', 'feedback_contacts.response_id', 'feedback_responses.id')
		.select([
			'feedback_responses.submitted_at',
			'feedback_responses.channel',
			'feedback_contacts.name',
			'feedback_contacts.phone',
			'feedback_contacts.email',
			'feedback_contacts.delete_after'
		])
		.where('feedback_responses.id', '=', found.id)
		.executeTakeFirstOrThrow();
	const answers = (await answersOf(db, [found.id])).get(found.id) ?? [];
	return {
		responseId: found.id,
		roundId: found.roundId,
		submittedAt: Number(row.submitted_at),
		channel: row.channel as Channel,
		answers,
		contact:
			row.delete_after === null
				? null
				: { name: row.name ?? '', phone: row.phone ?? '', email: row.email ?? '', deleteAfter: Number(row.delete_after) }
	};
}

export interface BoardLink {
	boardId: string;
	noteId: string;
}

/**
 * Deletes a response for good (answers, contact details, tags, notes and search entry with it),
 * in one transaction, then flushes it out of the database's files (db/erase.ts). Returns the
 * board notes it had become, for the caller to remove from the live boards; null when there is
 * no such receipt.
 */
export async function withdrawByReceipt(db: DB, code: unknown): Promise<{ responseId: string; roundId: string; boardLinks: BoardLink[] } | null> {
	const found = await findResponseIdByReceipt(db, code);
	if (!found) return null;
	const boardLinks = await deleteResponses(db, [found.id]);
	await flushDeletions(db);
	return { responseId: found.id, roundId: found.roundId, boardLinks };
}

/** Deletes responses and everything hanging off them; returns their board notes. */
export async function deleteResponses(db: DB, ids: readonly string[]): Promise<BoardLink[]> {
	if (ids.length === 0) return [];
	return db.transaction().execute(async (trx) => {
		const links = await trx.selectFrom('feedback_board_links').select(['board_id', 'note_id']).where('response_id', 'in', ids).execute();
		await feedbackSearch(trx).remove(trx, ids);
		await trx.deleteFrom('feedback_responses').where('id', 'in', ids).execute();
		return links.map((l) => ({ boardId: l.board_id, noteId: l.note_id }));
	});
}
