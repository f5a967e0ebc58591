import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { formatDate } from '$lib/i18n/format';
import { issueMessage } from '$lib/i18n/errors';
import { requireCall } from '$lib/server/participation/guard';
import { listCallQuestions } from '$lib/server/participation/calls';
import { checkEntry, storeEntry } from '$lib/server/participation/entries';
import { checkPhoto, PHOTO_FIELD, type PhotoChoice } from '$lib/server/participation/photos';
import { photoLimits } from '$lib/server/participation/http';
import { fieldsFrom, CONTACT_FIELDS } from '$lib/server/feedback/responses';
import { presentUploads, megabytes } from '$lib/server/files/attachments';
import { listDistricts } from '$lib/server/projects/districts';
import { storageFault } from '$lib/server/db/storage-faults';
import { Checker, InputError, type Issue } from '$lib/server/validation';
import { contactDeleteAfter, formLanguage, pick, STAFF_CHANNELS, type StaffChannel } from '$lib/domain/feedback';
import { guidedField, PARTICIPATION_LIMITS } from '$lib/domain/participation';
import type { Actions, PageServerLoad } from './$types';

/**
 * Staff type in a story or an idea gathered at a counter, by phone or on LINE, tagged by channel,
 * as the feedback round's entry page does: the same checks, a receipt to read out, contact
 * details only with the citizen's consent (and not at all once the call's retention has ended).
 */

export const load: PageServerLoad = async (event) => {
	const { call } = await requireCall(event, 'edit');
	const lang = formLanguage(call, getLocale());
	const [questions, districts] = await Promise.all([listCallQuestions(event.locals.db, call.id), listDistricts(event.locals.db, call.projectId)]);
	const deleteAfter = contactDeleteAfter(call);
	return {
		lang,
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
		photoMaxMb: megabytes(photoLimits().maxBytes),
		consent: m.fb_consent_statement({ date: formatDate(deleteAfter) }),
		retentionOver: deleteAfter <= Date.now() ? formatDate(deleteAfter) : null
	};
};

function echo(data: FormData): Record<string, string | string[]> {
	const values: Record<string, string | string[]> = {};
	for (const key of new Set(data.keys())) {
		const all = data.getAll(key).filter((v): v is string => typeof v === 'string');
		if (all.length > 0) values[key] = all.length === 1 ? all[0]! : all;
	}
	return values;
}

export const actions: Actions = {
	default: async (event) => {
		const { user, call } = await requireCall(event, 'edit');
		const data = await event.request.formData();
		const { db, runtime } = event.locals;
		const lang = formLanguage(call, getLocale());
		const issues: Issue[] = [];
		const check = new Checker();
		const channel = check.oneOf('channel', data.get('channel'), STAFF_CHANNELS) as StaffChannel;
		issues.push(...check.issues);
		// The photo travels beside the text fields; every other field is checked as the public form's.
		const text = new FormData();
		for (const [key, value] of data) if (typeof value === 'string') text.append(key, value);
		let photo: PhotoChoice = { kind: 'none' };
		const uploads = presentUploads(data.getAll(PHOTO_FIELD));
		if (uploads.length > 1) issues.push({ field: PHOTO_FIELD, code: 'attachment_too_many', params: { max: 1 } });
		else if (uploads[0]) {
			if (!call.allowPhoto) issues.push({ field: '', code: 'fb_unexpected_field' });
			else
				try {
					photo = { kind: 'new', photo: await checkPhoto(uploads[0], photoLimits()) };
				} catch (err) {
					if (!(err instanceof InputError)) throw err;
					issues.push(...err.issues);
				}
		}
		const [questions, districts] = await Promise.all([listCallQuestions(db, call.id), listDistricts(db, call.projectId)]);
		let checked = null;
		try {
			checked = checkEntry(call, questions, districts, fieldsFrom(text), { extraFields: ['channel'] });
		} catch (err) {
			if (!(err instanceof InputError)) throw err;
			issues.push(...err.issues);
		}
		const refuse = (status: number, list: Issue[]) => {
			const errors: Record<string, string> = {};
			for (const issue of list) errors[issue.field] ??= issueMessage(issue);
			return fail(status, { errors, values: echo(data) });
		};
		if (issues.length > 0 || !checked) return refuse(400, issues);
		const consent = `${m.fb_consent_statement({ date: formatDate(contactDeleteAfter(call)) })} ${m.fb_consent_by_staff({ name: user.name, channel })}`;
		try {
			const stored = await storeEntry(db, call, checked, {
				channel,
				locale: lang,
				enteredBy: user.id,
				consentText: consent,
				requireOpen: false,
				photo,
				blobs: runtime.blobs
			});
			return {
				done: true as const,
				receipt: stored.receipt,
				channel,
				contactDropped:
					stored.contactKept || !CONTACT_FIELDS.some((f) => String(data.get(f) ?? '').trim()) ? null : formatDate(contactDeleteAfter(call))
			};
		} catch (err) {
			if (err instanceof InputError) return refuse(400, err.issues);
			const fault = storageFault(err);
			if (!fault) throw err;
			return fail(503, { errors: { '': fault === 'full' ? m.fb_error_storage_full() : m.fb_error_storage_read_only() }, values: echo(data) });
		}
	}
};
