import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { formatDate } from '$lib/i18n/format';
import { issueMessage } from '$lib/i18n/errors';
import { issueFormToken } from '$lib/server/feedback/form-token';
import { echoValues, readFormBody } from '$lib/server/feedback/public-form';
import { megabytes } from '$lib/server/files/attachments';
import { listDistricts } from '$lib/server/projects/districts';
import { callState, listCallQuestions } from '$lib/server/participation/calls';
import { entryScope, submitPublicEntry } from '$lib/server/participation/public-form';
import { listPublicIdeas } from '$lib/server/participation/public-ideas';
import { browserActions } from '$lib/server/participation/supports';
import { PHOTO_FIELD } from '$lib/server/participation/photos';
import {
	browserPseudonym,
	closedMessage,
	consentStatement,
	ideaAction,
	ideaForms,
	photoLimits,
	publicCall,
	setReceiptCookie
} from '$lib/server/participation/http';
import { formLanguage, lastOpenMoment, pick } from '$lib/domain/feedback';
import { guidedField, PARTICIPATION_LIMITS } from '$lib/domain/participation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { locals, url, setHeaders } = event;
	const call = await publicCall(event);
	const now = Date.now();
	const state = callState(call, now);
	// Every page carries its own signed tokens: no cache may hand one person's to another.
	setHeaders({ 'cache-control': 'no-store' });
	const lang = formLanguage(call, getLocale());
	const [questions, districts] = await Promise.all([listCallQuestions(locals.db, call.id), listDistricts(locals.db, call.projectId)]);
	const { formKey, tokenRules } = locals.runtime.feedback;

	let ideas = null;
	if (call.kind === 'idea' && state === 'open') {
		const pseudonym = browserPseudonym(event, call, { give: true });
		const sort = url.searchParams.get('sort') === 'supports' ? 'supports' : 'new';
		const list = await listPublicIdeas(locals.db, call, { page: Number(url.searchParams.get('page')) || 1, sort });
		const mine = await browserActions(
			locals.db,
			list.ideas.map((i) => i.id),
			pseudonym
		);
		ideas = {
			sort,
			page: Math.min(Math.max(1, Number(url.searchParams.get('page')) || 1), list.pages),
			pages: list.pages,
			total: list.total,
			items: list.ideas.map((idea) => ({
				...idea,
				supported: mine.supported.has(idea.id),
				support: ideaForms(event, call, idea.id, now).support
			}))
		};
	}
	return {
		state,
		kind: call.kind,
		lang,
		slug: call.slug,
		title: pick(call.title, lang),
		prompt: pick(call.prompt, lang),
		purpose: pick(call.purpose, lang),
		opensOn: formatDate(call.opensAt),
		closesOn: formatDate(lastOpenMoment(call)),
		collectContact: call.collectContact,
		consent: consentStatement(call),
		allowPhoto: call.allowPhoto,
		photoMaxMb: megabytes(photoLimits().maxBytes),
		questions: questions.map((q) => ({
			id: q.id,
			name: guidedField(q.id),
			kind: 'text' as const,
			label: pick(q.label, lang),
			help: '',
			required: false,
			choices: [],
			maxLength: PARTICIPATION_LIMITS.answer
		})),
		districts: districts.map((d) => ({ value: d.th, label: lang === 'en' ? d.en || d.th : d.th })),
		limits: { title: PARTICIPATION_LIMITS.title, body: PARTICIPATION_LIMITS.body },
		supportCheck: call.supportCheck,
		ideas,
		token: issueFormToken(formKey, entryScope(call.slug), { now, waitMs: tokenRules.minFillMs }),
		via: url.searchParams.get('via') === 'qr' ? 'qr' : 'web'
	};
};

type Values = Record<string, string | string[]>;

interface Notice {
	title: string;
	text: string;
	alert: boolean;
}

/** What the form shows again after a post that stored nothing (as the feedback form's), with its photo. */
function again(
	status: number,
	errors: Record<string, string>,
	values: Values,
	token: string | undefined,
	extra: { confirm?: boolean; notice?: Notice; photo?: { ref: string | null; name: string | null; lost: boolean } } = {}
) {
	return fail(status, {
		errors,
		values,
		token,
		confirm: extra.confirm ?? false,
		notice: extra.notice ?? null,
		photo: extra.photo ?? { ref: null, name: null, lost: false }
	});
}

export const actions: Actions = {
	send: async (event) => {
		const { locals, params } = event;
		const call = await publicCall(event);
		if (!(await locals.runtime.participation.limits.submit.consume(event.getClientAddress())).allowed) {
			return again(429, { '': m.fb_error_rate_limited() }, {}, undefined);
		}
		const limits = photoLimits();
		const body = await readFormBody(
			event.request,
			PARTICIPATION_LIMITS.textBody,
			call.allowPhoto ? { name: PHOTO_FIELD, maxBytes: limits.maxBytes } : undefined
		);
		if (!body.ok) {
			const message =
				body.status === 413
					? m.pt_error_too_large({ max: megabytes(limits.maxBytes) })
					: body.status === 415
						? m.fb_error_content_type()
						: m.fb_error_unreadable();
			return again(body.status, { '': message }, {}, undefined);
		}
		const outcome = await submitPublicEntry(locals.db, {
			slug: params.slug,
			fields: body.fields,
			files: body.files,
			locale: getLocale(),
			consentText: consentStatement,
			formKey: locals.runtime.feedback.formKey,
			tokenRules: locals.runtime.feedback.tokenRules,
			uploadLimits: limits,
			blobs: locals.runtime.blobs
		});
		const values = echoValues(body.fields);
		switch (outcome.kind) {
			case 'unknown_call':
				return error(404, m.pt_public_unknown());
			case 'closed':
				return error(410, closedMessage(outcome.call));
			case 'not_open':
				return again(409, { '': m.pt_public_not_open({ date: formatDate(outcome.call.opensAt) }) }, values, undefined);
			case 'confirm':
				return again(409, {}, values, outcome.token, { confirm: true, photo: outcome.photo });
			case 'expired':
				return again(400, {}, values, outcome.token, {
					notice: { title: m.fb_notice_not_sent(), text: m.fb_error_form_expired(), alert: true },
					photo: outcome.photo
				});
			case 'already_sent':
				return again(409, {}, values, outcome.token, {
					notice: { title: m.fb_notice_already_received(), text: m.pt_error_already_sent(), alert: false },
					photo: outcome.photo
				});
			case 'unavailable':
				locals.runtime.log
					.child({ component: 'participation' })
					.error({ call: outcome.call.slug, fault: outcome.fault }, 'a story or idea could not be stored: the database refused the write');
				return again(503, {}, values, outcome.token, {
					notice: {
						title: m.fb_unavailable_title(),
						text: outcome.fault === 'full' ? m.fb_error_storage_full() : m.fb_error_storage_read_only(),
						alert: true
					},
					photo: outcome.photo
				});
			case 'invalid': {
				const errors: Record<string, string> = {};
				for (const issue of outcome.issues) errors[issue.field] ??= issueMessage(issue);
				return again(400, errors, values, outcome.token, { photo: outcome.photo });
			}
			case 'stored':
				setReceiptCookie(event.cookies, event.url, outcome.receipt);
				return redirect(303, `/p/${outcome.call.slug}/thanks`);
		}
	},
	support: (event) =>
		ideaAction(event, 'support', (id) => {
			// Back to the same page of the list, at the idea (which now says it is supported).
			const query = new URLSearchParams();
			for (const name of ['page', 'sort']) {
				const value = event.url.searchParams.get(name);
				if (value && /^[a-z0-9]{1,10}$/.test(value)) query.set(name, value);
			}
			return `/p/${event.params.slug}${query.size ? `?${query}` : ''}#idea-${id}`;
		})
};
