import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { formatDate } from '$lib/i18n/format';
import { requireRound } from '$lib/server/feedback/guard';
import { handleForm } from '$lib/server/http/forms';
import { listQuestions } from '$lib/server/feedback/questions';
import { checkSubmission, CONTACT_FIELDS, fieldsFrom, storeResponse } from '$lib/server/feedback/responses';
import { toFormQuestion } from '$lib/server/feedback/form-view';
import { contactDeleteAfter, formLanguage, STAFF_CHANNELS, type StaffChannel } from '$lib/domain/feedback';
import { Checker } from '$lib/server/validation';
import { listDistricts } from '$lib/server/projects/districts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { round, access } = await requireRound(event, 'edit');
	const lang = formLanguage(round, getLocale());
	const questions = await listQuestions(event.locals.db, round.id);
	const districts = await listDistricts(event.locals.db, access.projectId);
	const deleteAfter = contactDeleteAfter(round);
	return {
		lang,
		questions: questions.map((q) => toFormQuestion(q, lang)),
		districts: districts.map((d) => ({ value: d.th, label: lang === 'en' ? d.en || d.th : d.th })),
		consent: m.fb_consent_statement({ date: formatDate(deleteAfter) }),
		// Contact details would be kept past the date the consent names: they are not taken at all.
		retentionOver: deleteAfter <= Date.now() ? formatDate(deleteAfter) : null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user, round, access } = await requireRound(event, 'edit');
		const data = await event.request.formData();
		const db = event.locals.db;
		const lang = formLanguage(round, getLocale());
		const result = await handleForm(data, async () => {
			const check = new Checker();
			const channel = check.oneOf('channel', data.get('channel'), STAFF_CHANNELS) as StaffChannel;
			check.done();
			const questions = await listQuestions(db, round.id);
			const districts = await listDistricts(db, access.projectId);
			const checked = checkSubmission(round, questions, fieldsFrom(data), { extraFields: ['channel'], districts });
			const consent = `${m.fb_consent_statement({ date: formatDate(contactDeleteAfter(round)) })} ${m.fb_consent_by_staff({ name: user.name, channel: channel })}`;
			return storeResponse(db, round, checked, { channel, locale: lang, enteredBy: user.id, consentText: consent, requireOpen: false });
		});
		if (!result.ok) {
			// Keep multi-valued answers (checkboxes) as lists when showing the form again.
			const values: Record<string, string | string[]> = {};
			for (const key of new Set(data.keys())) {
				const all = data.getAll(key).filter((v): v is string => typeof v === 'string');
				values[key] = all.length === 1 ? all[0]! : all;
			}
			return fail(result.failure.status, { ...result.failure.data, values });
		}
		event.locals.runtime.metrics.feedbackReceived(String(data.get('channel')));
		return {
			done: true as const,
			receipt: result.value.receipt,
			channel: String(data.get('channel')),
			contactDropped:
				result.value.contactKept || !CONTACT_FIELDS.some((f) => String(data.get(f) ?? '').trim()) ? null : formatDate(contactDeleteAfter(round))
		};
	}
};
