import type { DB } from '../db/open.ts';
import type { Issue } from '../validation.ts';
import { InputError } from '../validation.ts';
import { storageFault, type StorageFault } from '../db/storage-faults.ts';
import { checkFormToken, issueFormToken, type TokenRules } from './form-token.ts';
import { listQuestions } from './questions.ts';
import { checkSubmission, fieldsFrom, storeResponse, type Fields } from './responses.ts';
import { findRoundBySlug, projectOfRound } from './rounds.ts';
import { listDistricts } from '../projects/districts.ts';
import { formLanguage, LIMITS, roundState, type Lang, type Round } from '../../domain/feedback.ts';

/**
 * The public form's submission pipeline, in the order that keeps abuse cheap: the body is read
 * within a size limit and must be a plain form; the round must exist and be open; the token
 * must be genuine and fresh; the answers are checked strictly; then one transaction, which
 * also takes the token (each served form is stored once). Rate limiting by client address
 * happens in the route, before any of this.
 *
 * Nothing a person sent is ever thrown away while they are told it was received. A complete
 * form that looks automated — sent sooner than a person could fill it in, or with the hidden
 * honeypot filled (a bot, or a browser's autofill) — is shown again with its answers and one
 * "confirm and send" step, with a token that waits a second: a person presses it and it is
 * stored; a bot that does not read the page, or that fills the honeypot again, is told the
 * truth (not sent) and stores nothing. Chosen over storing such answers flagged for
 * moderation: no spam reaches the database or the moderators' queue, and the person knows
 * for certain whether they were heard.
 */

/** Hidden fields the public form carries besides the answers. */
export const TOKEN_FIELD = 't';
export const CHANNEL_FIELD = 'via';
/** The honeypot: hidden from people and from screen readers, filled in by naive bots. */
export const HONEYPOT_FIELD = 'website';
export const PUBLIC_EXTRA_FIELDS = [TOKEN_FIELD, CHANNEL_FIELD, HONEYPOT_FIELD] as const;

export type BodyResult = { ok: true; fields: Fields; files: File[] } | { ok: false; status: 400 | 413 | 415 };

/** A form that may carry one file (a photo): the field it comes in and its own size limit. */
export interface FileField {
	name: string;
	maxBytes: number;
}

/**
 * Reads a form body of at most `maxBytes`. Only what a plain HTML form sends is accepted:
 * `application/x-www-form-urlencoded`, or — when the form has a file field — `multipart/form-data`
 * with at most one file, in that field, of at most its own limit (on top of `maxBytes`). A larger
 * body is read to its end but not kept (so the client gets a clean 413 instead of a reset
 * connection); adapter-node's own BODY_SIZE_LIMIT bounds how much that can be.
 */
export async function readFormBody(request: Request, maxBytes: number = LIMITS.publicBody, file?: FileField): Promise<BodyResult> {
	const header = request.headers.get('content-type') ?? '';
	const type = header.split(';')[0]!.trim().toLowerCase();
	const multipart = type === 'multipart/form-data' && file !== undefined;
	if (type !== 'application/x-www-form-urlencoded' && !multipart) return { ok: false, status: 415 };
	if (!request.body) return { ok: true, fields: fieldsFrom(new URLSearchParams()), files: [] };
	const limit = multipart ? maxBytes + file.maxBytes : maxBytes;
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = Number(request.headers.get('content-length') ?? '0') > limit ? limit + 1 : 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size <= limit) chunks.push(value);
		}
	} catch {
		// The adapter cut the body off at its own limit.
		return { ok: false, status: 413 };
	}
	if (size > limit) return { ok: false, status: 413 };
	const bytes = Buffer.concat(chunks);
	if (multipart) return readMultipart(bytes, header, file);
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return { ok: true, fields: fieldsFrom(parseUrlEncoded(text)), files: [] };
	} catch {
		return { ok: false, status: 400 };
	}
}

async function readMultipart(bytes: Buffer, contentType: string, file: FileField): Promise<BodyResult> {
	let data: FormData;
	try {
		data = await new Response(new Uint8Array(bytes), { headers: { 'content-type': contentType } }).formData();
	} catch {
		return { ok: false, status: 400 };
	}
	const files: File[] = [];
	let stray = false;
	const text = new FormData();
	for (const [name, value] of data) {
		if (typeof value === 'string') {
			// The multipart parser turns bytes that are not UTF-8 into U+FFFD: text nobody typed.
			if (value.includes('\uFFFD')) return { ok: false, status: 400 };
			text.append(name, value);
		} else if (name !== file.name) stray = true;
		// An empty file input sends a nameless, empty file: nothing was chosen.
		else if (value.size > 0 || value.name !== '') files.push(value);
	}
	if (files.length > 1) stray = true;
	const fields = fieldsFrom(text);
	if (files.some((f) => f.size > file.maxBytes)) return { ok: false, status: 413 };
	return { ok: true, fields: stray ? withNonText(fields) : fields, files: stray ? [] : files };
}

function withNonText(fields: Fields): Fields {
	return { ...fields, hasNonText: () => true };
}

/**
 * Strict application/x-www-form-urlencoded parsing: URLSearchParams silently turns a percent
 * sequence that is not UTF-8 (%FF) into U+FFFD, which would store text nobody typed. Here it
 * throws instead.
 */
export function parseUrlEncoded(text: string): URLSearchParams {
	const out = new URLSearchParams();
	if (text === '') return out;
	for (const pair of text.split('&')) {
		if (pair === '') continue;
		const at = pair.indexOf('=');
		const rawName = at < 0 ? pair : pair.slice(0, at);
		const rawValue = at < 0 ? '' : pair.slice(at + 1);
		out.append(decodeURIComponent(rawName.replace(/\+/g, ' ')), decodeURIComponent(rawValue.replace(/\+/g, ' ')));
	}
	return out;
}

/** How a public form of any kind (feedback, a story, an idea, a support) came out. */
export type PublicFormOutcome<Stored> =
	/** Too fast or the honeypot filled: nothing stored; the page asks to confirm, with a confirmation token. */
	| { kind: 'confirm'; reason: 'too_fast' | 'honeypot'; token: string }
	/** The token is missing, forged or stale: show the form again with a fresh one (which waits the full fill time). */
	| { kind: 'expired'; token: string }
	| { kind: 'invalid'; issues: Issue[]; token: string }
	/** This form was stored already (a double tap, the back button, a replay): nothing stored twice. */
	| { kind: 'already_sent'; token: string }
	/** The storage refused the write (full disk, read-only database): nothing stored; the same token may be sent again. */
	| { kind: 'unavailable'; fault: StorageFault; token: string }
	| { kind: 'stored'; value: Stored };

/** What a public form is checked and stored by. */
export interface PublicFormWork<Checked, Stored> {
	/** What the form's tokens are signed for (a round's slug, a call's, one idea's support): a token serves only there. */
	scope: string;
	fields: Fields;
	formKey: Uint8Array;
	tokenRules: TokenRules;
	now: number;
	/** The strict check of everything the form carries but its token, channel and honeypot; throws an InputError. */
	check(): Checked | Promise<Checked>;
	/**
	 * Stores what was checked, taking the token in the same transaction (`takeFormToken`), so a
	 * form is stored once. Throws an InputError to refuse (a round closed a moment ago).
	 */
	store(checked: Checked, meta: { token: { id: string; expiresAt: number }; channel: 'web' | 'qr' }): Promise<Stored>;
}

/**
 * The pipeline every public form goes through, after its body was read and its target found:
 * the token must be genuine and fresh, the channel one the public may claim, every field right;
 * then a complete form that looks automated is asked to be confirmed (see above), and anything
 * else is stored once. A full disk or a read-only database is an outcome, not an error.
 */
export async function runPublicForm<Checked, Stored>(work: PublicFormWork<Checked, Stored>): Promise<PublicFormOutcome<Stored>> {
	const { fields, now, formKey, scope } = work;
	const rules = work.tokenRules;
	const tokenValues = fields.getAll(TOKEN_FIELD);
	const given = tokenValues.length === 1 ? tokenValues[0]! : '';
	const token = checkFormToken(formKey, scope, given, rules.maxAgeMs, now);
	// Never an aged token in exchange for a bad one: the fresh one waits the whole fill time.
	if (token.kind === 'invalid' || token.kind === 'expired') {
		return { kind: 'expired', token: issueFormToken(formKey, scope, { now, waitMs: rules.minFillMs }) };
	}
	try {
		const via = firstValue(fields, CHANNEL_FIELD);
		if (fields.getAll(CHANNEL_FIELD).length > 1 || (via !== undefined && via !== 'web' && via !== 'qr')) {
			throw new InputError([{ field: '', code: 'fb_unexpected_field' }]);
		}
		// Checked first: someone who presses Send on an incomplete form at once sees what is
		// missing; only a complete form is ever asked to be confirmed.
		const checked = await work.check();
		const honeypot = fields.getAll(HONEYPOT_FIELD).some((v) => v !== '');
		if (honeypot || token.kind === 'too_fast') {
			const confirmToken = issueFormToken(formKey, scope, { now, waitMs: rules.confirmMs });
			return { kind: 'confirm', reason: honeypot ? 'honeypot' : 'too_fast', token: confirmToken };
		}
		const value = await work.store(checked, { token: { id: token.id, expiresAt: token.expiresAt }, channel: via === 'qr' ? 'qr' : 'web' });
		return { kind: 'stored', value };
	} catch (err) {
		if (err instanceof InputError) {
			if (err.issues.some((i) => i.code === 'fb_form_already_sent')) {
				return { kind: 'already_sent', token: issueFormToken(formKey, scope, { now, waitMs: rules.minFillMs }) };
			}
			return { kind: 'invalid', issues: err.issues, token: given };
		}
		const fault = storageFault(err);
		if (fault) return { kind: 'unavailable', fault, token: given };
		throw err;
	}
}

export type SubmitOutcome =
	| { kind: 'unknown_round' }
	| { kind: 'closed'; round: Round }
	| { kind: 'not_open'; round: Round }
	| ({ round: Round } & Exclude<PublicFormOutcome<unknown>, { kind: 'stored' }>)
	| { kind: 'stored'; round: Round; responseId: string; receipt: string };

export interface PublicSubmission {
	slug: string;
	fields: Fields;
	/** The reader's language (Paraglide's), for the stored response. */
	locale: string;
	/** The consent statement as the form showed it, given the round and the language. */
	consentText: (round: Round, lang: Lang) => string;
	formKey: Uint8Array;
	tokenRules: TokenRules;
	now?: number;
}

function firstValue(fields: Fields, name: string): string | undefined {
	return fields.getAll(name)[0];
}

export async function submitPublicResponse(db: DB, input: PublicSubmission): Promise<SubmitOutcome> {
	const now = input.now ?? Date.now();
	const round = await findRoundBySlug(db, input.slug);
	if (!round) return { kind: 'unknown_round' };
	const state = roundState(round, now);
	if (state === 'closed') return { kind: 'closed', round };
	if (state === 'scheduled') return { kind: 'not_open', round };

	const lang = formLanguage(round, input.locale);
	const questions = await listQuestions(db, round.id);
	const districts = await listDistricts(db, await projectOfRound(db, round.id).then((id) => id ?? ''));
	const outcome = await runPublicForm({
		scope: round.slug,
		fields: input.fields,
		formKey: input.formKey,
		tokenRules: input.tokenRules,
		now,
		check: () => checkSubmission(round, questions, input.fields, { extraFields: PUBLIC_EXTRA_FIELDS, districts }),
		store: (checked, meta) =>
			storeResponse(db, round, checked, {
				channel: meta.channel,
				locale: lang,
				enteredBy: null,
				consentText: input.consentText(round, lang),
				requireOpen: true,
				formToken: meta.token,
				now
			})
	});
	switch (outcome.kind) {
		case 'stored':
			return { kind: 'stored', round, responseId: outcome.value.id, receipt: outcome.value.receipt };
		case 'invalid': {
			const closed = outcome.issues.find((i) => i.code === 'fb_round_closed' || i.code === 'fb_round_not_open');
			if (closed) return closed.code === 'fb_round_closed' ? { kind: 'closed', round } : { kind: 'not_open', round };
			return { ...outcome, round };
		}
		default:
			return { ...outcome, round };
	}
}

/** What the form echoes back after a refusal: every field as typed, except the hidden ones. */
export function echoValues(fields: Fields): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const name of fields.names().slice(0, LIMITS.publicFields)) {
		if (name === TOKEN_FIELD || name === HONEYPOT_FIELD) continue;
		const values = fields.getAll(name).map((v) => v.slice(0, LIMITS.textAnswer * 2));
		out[name] = values.length === 1 ? values[0]! : values;
	}
	return out;
}
