import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { formatDate } from '$lib/i18n/format';
import { issueMessage } from '$lib/i18n/errors';
import { findRoundBySlug } from '$lib/server/feedback/rounds';
import { listQuestions } from '$lib/server/feedback/questions';
import { issueFormToken } from '$lib/server/feedback/form-token';
import { echoValues, readFormBody, submitPublicResponse } from '$lib/server/feedback/public-form';
import { toFormQuestion } from '$lib/server/feedback/form-view';
import { contactDeleteAfter, formLanguage, lastOpenMoment, pick, roundState, type Round } from '$lib/server/feedback/model';
import { RECEIPT_COOKIE } from '$lib/server/feedback/receipt-cookie';
import type { Actions, PageServerLoad } from './$types';

function closedMessage(round: Round): string {
	return m.fb_public_closed({ title: pick(round.title, formLanguage(round, getLocale())), date: formatDate(lastOpenMoment(round)) });
}

/** The consent statement as the form shows it (and as it is stored with the details). */
function consentStatement(round: Round): string {
	return m.fb_consent_statement({ date: formatDate(contactDeleteAfter(round)) });
}

export const load: PageServerLoad = async ({ params, url, locals, setHeaders }) => {
	const round = await findRoundBySlug(locals.db, params.slug);
	if (!round) error(404, m.fb_public_unknown());
	const now = Date.now();
	const state = roundState(round, now);
	if (state === 'closed') error(410, closedMessage(round));
	// Every page carries its own signed timestamp: no cache may hand one person's to another.
	setHeaders({ 'cache-control': 'no-store' });
	const lang = formLanguage(round, getLocale());
	const questions = state === 'open' ? await listQuestions(locals.db, round.id) : [];
	return {
		state,
		lang,
		slug: round.slug,
		title: pick(round.title, lang),
		intro: pick(round.intro, lang),
		purpose: pick(round.purpose, lang),
		opensOn: formatDate(round.opensAt),
		closesOn: formatDate(lastOpenMoment(round)),
		collectContact: round.collectContact,
		consent: consentStatement(round),
		questions: questions.map((q) => toFormQuestion(q, lang)),
		token: issueFormToken(locals.runtime.feedback.formKey, round.slug, now),
		via: url.searchParams.get('via') === 'qr' ? 'qr' : 'web'
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { locals, params } = event;
		const feedback = locals.runtime.feedback;
		// The adapter's client address (adapter-node: the socket's peer, or ADDRESS_HEADER when
		// the operator configures a proxy), never a header the client chose.
		if (!feedback.limits.submit.consume(event.getClientAddress())) {
			return fail(429, { errors: { '': m.fb_error_rate_limited() }, values: {} as Record<string, string | string[]>, token: undefined });
		}
		const body = await readFormBody(event.request);
		if (!body.ok) {
			const message = body.status === 413 ? m.fb_error_too_large() : body.status === 415 ? m.fb_error_content_type() : m.fb_error_unreadable();
			return fail(body.status, { errors: { '': message }, values: {} as Record<string, string | string[]>, token: undefined });
		}
		const outcome = await submitPublicResponse(locals.db, {
			slug: params.slug,
			fields: body.fields,
			locale: getLocale(),
			consentText: consentStatement,
			formKey: feedback.formKey,
			tokenRules: feedback.tokenRules
		});
		const values = echoValues(body.fields);
		switch (outcome.kind) {
			case 'unknown_round':
				error(404, m.fb_public_unknown());
			case 'closed':
				error(410, closedMessage(outcome.round));
			case 'not_open':
				return fail(409, { errors: { '': m.fb_public_not_open({ date: formatDate(outcome.round.opensAt) }) }, values, token: undefined });
			case 'dropped':
				// Looks like success to whoever sent it; nothing was stored.
				redirect(303, `/f/${outcome.round.slug}/thanks`);
			case 'expired':
				return fail(400, { errors: { '': m.fb_error_form_expired() }, values, token: outcome.token });
			case 'invalid': {
				const errors: Record<string, string> = {};
				for (const issue of outcome.issues) errors[issue.field] ??= issueMessage(issue);
				return fail(400, { errors, values, token: outcome.token });
			}
			case 'stored':
				event.cookies.set(RECEIPT_COOKIE, outcome.receipt, { path: '/f', httpOnly: true, sameSite: 'lax', secure: event.url.protocol === 'https:', maxAge: 15 * 60 });
				redirect(303, `/f/${outcome.round.slug}/thanks`);
		}
	}
};
