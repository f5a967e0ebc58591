import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { formatDate } from '$lib/i18n/format';
import { issueMessage } from '$lib/i18n/errors';
import { findRoundBySlug, projectOfRound } from '$lib/server/feedback/rounds';
import { listDistricts } from '$lib/server/projects/districts';
import { listQuestions } from '$lib/server/feedback/questions';
import { issueFormToken } from '$lib/server/feedback/form-token';
import { echoValues, readFormBody, submitPublicResponse } from '$lib/server/feedback/public-form';
import { toFormQuestion } from '$lib/server/feedback/form-view';
import { contactDeleteAfter, formLanguage, lastOpenMoment, pick, roundState, type Round } from '$lib/domain/feedback';
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
	// The project's districts, an optional choice (issue 13: participation by district).
	const districts = await listDistricts(locals.db, (await projectOfRound(locals.db, round.id)) ?? '');
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
		districts: districts.map((d) => ({ value: d.th, label: lang === 'en' ? d.en || d.th : d.th })),
		token: issueFormToken(locals.runtime.feedback.formKey, round.slug, { now, waitMs: locals.runtime.feedback.tokenRules.minFillMs }),
		via: url.searchParams.get('via') === 'qr' ? 'qr' : 'web'
	};
};

type Values = Record<string, string | string[]>;

/** A message that is not about a field: not sent for a reason on our side, or already received. */
interface Notice {
	title: string;
	text: string;
	/** Something went wrong (announced at once) rather than news (read in turn). */
	alert: boolean;
}

/**
 * What the form shows again after a post that stored nothing: what to fix (`errors`), a
 * confirmation to press, or a notice; what was typed; the token to send with.
 */
function again(
	status: number,
	errors: Record<string, string>,
	values: Values,
	token: string | undefined,
	extra: { confirm?: boolean; notice?: Notice } = {}
) {
	return fail(status, { errors, values, token, confirm: extra.confirm ?? false, notice: extra.notice ?? null });
}

export const actions: Actions = {
	default: async (event) => {
		const { locals, params } = event;
		const feedback = locals.runtime.feedback;
		// The adapter's client address (adapter-node: the socket's peer, or ADDRESS_HEADER when
		// the operator configures a proxy), never a header the client chose.
		if (!(await feedback.limits.submit.consume(event.getClientAddress())).allowed) {
			return again(429, { '': m.fb_error_rate_limited() }, {}, undefined);
		}
		const body = await readFormBody(event.request);
		if (!body.ok) {
			const message = body.status === 413 ? m.fb_error_too_large() : body.status === 415 ? m.fb_error_content_type() : m.fb_error_unreadable();
			return again(body.status, { '': message }, {}, undefined);
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
				return error(404, m.fb_public_unknown());
			case 'closed':
				return error(410, closedMessage(outcome.round));
			case 'not_open':
				return again(409, { '': m.fb_public_not_open({ date: formatDate(outcome.round.opensAt) }) }, values, undefined);
			case 'confirm':
				// Not an error of theirs, and nothing is stored: one press confirms (see public-form.ts).
				return again(409, {}, values, outcome.token, { confirm: true });
			case 'expired':
				return again(400, {}, values, outcome.token, { notice: { title: m.fb_notice_not_sent(), text: m.fb_error_form_expired(), alert: true } });
			case 'already_sent':
				return again(409, {}, values, outcome.token, {
					notice: { title: m.fb_notice_already_received(), text: m.fb_error_already_sent(), alert: false }
				});
			case 'unavailable':
				locals.runtime.log
					.child({ component: 'feedback' })
					.error({ round: outcome.round.slug, fault: outcome.fault }, 'a response could not be stored: the database refused the write');
				return again(503, {}, values, outcome.token, {
					notice: {
						title: m.fb_unavailable_title(),
						text: outcome.fault === 'full' ? m.fb_error_storage_full() : m.fb_error_storage_read_only(),
						alert: true
					}
				});
			case 'invalid': {
				const errors: Record<string, string> = {};
				for (const issue of outcome.issues) errors[issue.field] ??= issueMessage(issue);
				return again(400, errors, values, outcome.token);
			}
			case 'stored':
				locals.runtime.metrics.feedbackReceived('form');
				event.cookies.set(RECEIPT_COOKIE, outcome.receipt, {
					path: '/f',
					httpOnly: true,
					sameSite: 'lax',
					secure: event.url.protocol === 'https:',
					maxAge: 15 * 60
				});
				return redirect(303, `/f/${outcome.round.slug}/thanks`);
		}
	}
};
