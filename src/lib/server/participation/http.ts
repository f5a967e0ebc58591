import { error, fail, redirect, type Cookies, type RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { formatDate } from '$lib/i18n/format';
import { issueMessage } from '$lib/i18n/errors';
import { uploadLimits } from '../files/attachments.ts';
import { readFormBody } from '../feedback/public-form.ts';
import { issueFormToken } from '../feedback/form-token.ts';
import { findCallBySlug, callState } from './calls.ts';
import { submitReport, submitSupport, supportScope, reportScope } from './public-form.ts';
import { CHECK_FIELD, humanCheck, newSupporterCookie, supporterId, supporterPseudonym, SUPPORTER_COOKIE } from './supports.ts';
import { contactDeleteAfter, formLanguage, lastOpenMoment, pick } from '../../domain/feedback.ts';
import type { Call } from '../../domain/participation.ts';

/**
 * What the citizens' pages of a call (/p/…) share: the call behind the link, the browser's
 * supporter cookie, the consent statement, the support and report forms and their outcomes.
 */

type PublicEvent = Pick<RequestEvent, 'locals' | 'cookies' | 'url'> & { params: Partial<Record<string, string>> };

/** The photo's own limit: the attachments' (within adapter-node's BODY_SIZE_LIMIT). */
export function photoLimits() {
	return uploadLimits(env.BODY_SIZE_LIMIT);
}

export function closedMessage(call: Call): string {
	return m.pt_public_closed({ title: pick(call.title, formLanguage(call, getLocale())), date: formatDate(lastOpenMoment(call)) });
}

/** The call of the route, open or scheduled; 404 for none, 410 once closed. */
export async function publicCall(event: PublicEvent): Promise<Call> {
	const call = await findCallBySlug(event.locals.db, event.params.slug ?? '');
	if (!call) error(404, m.pt_public_unknown());
	if (callState(call) === 'closed') error(410, closedMessage(call));
	return call;
}

/** The consent statement as the form shows it (and as it is stored with the details). */
export function consentStatement(call: Call): string {
	return m.fb_consent_statement({ date: formatDate(contactDeleteAfter(call)) });
}

function cookieOptions(url: URL) {
	return { path: '/p', httpOnly: true, sameSite: 'lax' as const, secure: url.protocol === 'https:', maxAge: 365 * 24 * 60 * 60 };
}

/** The browser's pseudonym in this call, giving the browser its cookie first when it has none. */
export function browserPseudonym(event: PublicEvent, call: Call, options: { give: boolean }): string | null {
	const key = event.locals.runtime.participation.supporterKey;
	let id = supporterId(key, event.cookies.get(SUPPORTER_COOKIE));
	if (!id && options.give) {
		const cookie = newSupporterCookie(key);
		event.cookies.set(SUPPORTER_COOKIE, cookie, cookieOptions(event.url));
		id = supporterId(key, cookie);
	}
	return id ? supporterPseudonym(key, id, call.id) : null;
}

/** What a support or report form needs: its token (a support waits as long as a confirmation) and, for a support, the human check. */
export function ideaForms(event: PublicEvent, call: Call, ideaId: string, now = Date.now()) {
	const { formKey, tokenRules } = event.locals.runtime.feedback;
	const support = issueFormToken(formKey, supportScope(ideaId), { now, waitMs: tokenRules.confirmMs });
	return {
		support: { token: support, question: call.supportCheck ? questionOf(event, support) : null },
		report: { token: issueFormToken(formKey, reportScope(ideaId), { now, waitMs: tokenRules.confirmMs }) }
	};
}

/** The human check's question, in the reader's language. */
export function questionOf(event: PublicEvent, token: string): string {
	const { words } = humanCheck(event.locals.runtime.participation.supporterKey, token);
	return getLocale() === 'en' ? m.pt_check_question({ a: words.en[0], b: words.en[1] }) : m.pt_check_question({ a: words.th[0], b: words.th[1] });
}

/** What a support or report form shows again after a post that stored nothing. */
export interface IdeaFormState {
	action: 'support' | 'report';
	ideaId: string;
	token: string;
	question: string | null;
	confirm: boolean;
	error: string | null;
	notice: string | null;
	reason: string;
}

/**
 * A support or report posted from a call's page or an idea's: limited per address, read as a
 * plain form, then the pipeline (public-form.ts). Stored: back to where it was pressed, which now
 * shows it. Otherwise the form is shown again with what to do.
 */
export async function ideaAction(event: RequestEvent, action: 'support' | 'report', back: (ideaId: string) => string) {
	const { locals } = event;
	const call = await publicCall(event);
	const limited = !(await locals.runtime.participation.limits.support.consume(event.getClientAddress())).allowed;
	const body = await readFormBody(event.request);
	const fields = body.ok ? body.fields : null;
	const ideaId = (event.params.iid ?? fields?.getAll('idea')[0] ?? '').slice(0, 40);
	const state = (over: Partial<IdeaFormState>): { idea: IdeaFormState } => ({
		idea: { action, ideaId, token: '', question: null, confirm: false, error: null, notice: null, reason: fields?.getAll('reason')[0] ?? '', ...over }
	});
	const again = (token: string, over: Partial<IdeaFormState>) =>
		state({ token, question: action === 'support' && call.supportCheck && token ? questionOf(event, token) : null, ...over });
	if (limited) return fail(429, again(ideaForms(event, call, ideaId)[action].token, { error: m.fb_error_rate_limited() }));
	if (!body.ok) return fail(body.status, again(ideaForms(event, call, ideaId)[action].token, { error: m.fb_error_unreadable() }));
	// Asked before a cookie is given: a browser that came without one has not proved anything yet.
	const hadCookie = supporterId(locals.runtime.participation.supporterKey, event.cookies.get(SUPPORTER_COOKIE)) !== null;
	const pseudonym = browserPseudonym(event, call, { give: true });
	const input = {
		call,
		ideaId,
		fields: body.fields,
		pseudonym: hadCookie ? pseudonym : null,
		supporterKey: locals.runtime.participation.supporterKey,
		formKey: locals.runtime.feedback.formKey,
		tokenRules: locals.runtime.feedback.tokenRules
	};
	const outcome = action === 'support' ? await submitSupport(locals.db, input) : await submitReport(locals.db, input);
	switch (outcome.kind) {
		case 'stored':
			redirect(303, back(ideaId));
		// eslint-disable-next-line no-fallthrough -- redirect throws
		case 'unknown_call':
			error(404, m.pt_public_unknown());
		// eslint-disable-next-line no-fallthrough -- error throws
		case 'no_browser':
			return fail(400, again(ideaForms(event, call, ideaId)[action].token, { notice: m.pt_no_browser_id() }));
		case 'confirm':
			return fail(409, again(outcome.token, { confirm: true }));
		case 'expired':
			return fail(400, again(outcome.token, { notice: m.fb_error_form_expired() }));
		case 'already_sent':
			redirect(303, back(ideaId));
		// eslint-disable-next-line no-fallthrough -- redirect throws
		case 'unavailable':
			locals.runtime.log
				.child({ component: 'participation' })
				.error({ fault: outcome.fault }, `a ${action} could not be stored: the database refused the write`);
			return fail(503, again(outcome.token, { error: outcome.fault === 'full' ? m.fb_error_storage_full() : m.fb_error_storage_read_only() }));
		case 'invalid': {
			const issue = outcome.issues[0]!;
			const idea = outcome.issues.some((i) => i.code === 'pt_idea_not_public' || i.code === 'not_found' || i.code === 'fb_round_closed');
			if (idea) error(404, issueMessage(issue));
			return fail(400, again(outcome.token, { error: issueMessage(issue) }));
		}
	}
}

/** The check field's name, for the forms. */
export const CHECK = CHECK_FIELD;

/** A receipt cookie for the thanks page: as feedback's, on /p. */
export const ENTRY_RECEIPT_COOKIE = 'pt_receipt';

export function setReceiptCookie(cookies: Cookies, url: URL, receipt: string): void {
	cookies.set(ENTRY_RECEIPT_COOKIE, receipt, { path: '/p', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: 15 * 60 });
}
