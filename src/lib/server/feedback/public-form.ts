import type { DB } from '../db/open.ts';
import type { Issue } from '../validation.ts';
import { InputError } from '../validation.ts';
import { checkFormToken, issueFormToken, type TokenRules } from './form-token.ts';
import { listQuestions } from './questions.ts';
import { checkSubmission, fieldsFrom, storeResponse, type Fields } from './responses.ts';
import { findRoundBySlug } from './rounds.ts';
import { formLanguage, LIMITS, roundState, type Lang, type Round } from './model.ts';

/**
 * The public form's submission pipeline, in the order that keeps abuse cheap: the body is read
 * within a size limit and must be a plain form; the round must exist and be open; the honeypot
 * must be empty and the form must have been open long enough (both fail silently, so a bot
 * learns nothing: the fill time is judged after the strict check, so a person who sends an
 * empty form at once still sees what is missing); then one transaction. Rate limiting by client
 * address happens in the route, before any of this.
 */

/** Hidden fields the public form carries besides the answers. */
export const TOKEN_FIELD = 't';
export const CHANNEL_FIELD = 'via';
/** The honeypot: hidden from people and from screen readers, filled in by naive bots. */
export const HONEYPOT_FIELD = 'website';
export const PUBLIC_EXTRA_FIELDS = [TOKEN_FIELD, CHANNEL_FIELD, HONEYPOT_FIELD] as const;

export type BodyResult = { ok: true; fields: Fields } | { ok: false; status: 400 | 413 | 415 };

/**
 * Reads a form body of at most `maxBytes`. Only `application/x-www-form-urlencoded` — what a
 * plain HTML form sends — is accepted. A larger body is read to its end but not kept (so the
 * client gets a clean 413 instead of a reset connection); adapter-node's own BODY_SIZE_LIMIT
 * bounds how much that can be.
 */
export async function readFormBody(request: Request, maxBytes: number = LIMITS.publicBody): Promise<BodyResult> {
	const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (type !== 'application/x-www-form-urlencoded') return { ok: false, status: 415 };
	if (!request.body) return { ok: true, fields: fieldsFrom(new URLSearchParams()) };
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = Number(request.headers.get('content-length') ?? '0') > maxBytes ? maxBytes + 1 : 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size <= maxBytes) chunks.push(value);
		}
	} catch {
		// The adapter cut the body off at its own limit.
		return { ok: false, status: 413 };
	}
	if (size > maxBytes) return { ok: false, status: 413 };
	try {
		const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
		return { ok: true, fields: fieldsFrom(parseUrlEncoded(text)) };
	} catch {
		return { ok: false, status: 400 };
	}
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

export type SubmitOutcome =
	| { kind: 'unknown_round' }
	| { kind: 'closed'; round: Round }
	| { kind: 'not_open'; round: Round }
	/** Honeypot filled or too fast: answer as if stored, store nothing. */
	| { kind: 'dropped'; round: Round; reason: 'honeypot' | 'too_fast' }
	/** The token is missing, forged or stale: show the form again with a fresh one. */
	| { kind: 'expired'; round: Round; token: string }
	| { kind: 'invalid'; round: Round; issues: Issue[]; token: string }
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

	const { fields } = input;
	const honeypot = fields.getAll(HONEYPOT_FIELD);
	if (honeypot.some((v) => v !== '')) return { kind: 'dropped', round, reason: 'honeypot' };

	const tokenValues = fields.getAll(TOKEN_FIELD);
	const token = checkFormToken(input.formKey, round.slug, tokenValues.length === 1 ? tokenValues[0] : undefined, input.tokenRules, now);
	// A fresh token for a form shown again: dated back by the minimum fill time, because the
	// person has already spent that long on it (they only need to correct and send again).
	const againToken = issueFormToken(input.formKey, round.slug, now - input.tokenRules.minFillMs);
	if (token.kind === 'invalid' || token.kind === 'expired') return { kind: 'expired', round, token: againToken };

	const lang = formLanguage(round, input.locale);
	const questions = await listQuestions(db, round.id);
	try {
		const via = firstValue(fields, CHANNEL_FIELD);
		if (fields.getAll(CHANNEL_FIELD).length > 1 || (via !== undefined && via !== 'web' && via !== 'qr')) {
			throw new InputError([{ field: '', code: 'fb_unexpected_field' }]);
		}
		// Checked before the fill time: someone who presses Send on an empty form at once sees
		// what is missing; only a complete form sent faster than a person could is dropped.
		const checked = checkSubmission(round, questions, fields, { extraFields: PUBLIC_EXTRA_FIELDS });
		if (token.kind === 'too_fast') return { kind: 'dropped', round, reason: 'too_fast' };
		const stored = await storeResponse(db, round, checked, {
			channel: via === 'qr' ? 'qr' : 'web',
			locale: lang,
			enteredBy: null,
			consentText: input.consentText(round, lang),
			requireOpen: true,
			now
		});
		return { kind: 'stored', round, responseId: stored.id, receipt: stored.receipt };
	} catch (err) {
		if (err instanceof InputError) {
			const closed = err.issues.find((i) => i.code === 'fb_round_closed' || i.code === 'fb_round_not_open');
			if (closed) return closed.code === 'fb_round_closed' ? { kind: 'closed', round } : { kind: 'not_open', round };
			return { kind: 'invalid', round, issues: err.issues, token: tokenValues[0]! };
		}
		throw err;
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
