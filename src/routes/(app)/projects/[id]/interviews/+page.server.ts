import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { issueMessage } from '$lib/i18n/errors';
import { requireInterviews } from '$lib/server/participation/guard';
import { handleForm } from '$lib/server/http/forms';
import {
	addInterviewEntry,
	deleteInterviewEntry,
	interviewInputFrom,
	linkableSections,
	linkInterviewEntry,
	listInterviewEntries,
	today
} from '$lib/server/participation/interviews';
import { checkPhoto, type CheckedPhoto } from '$lib/server/participation/photos';
import { photoLimits } from '$lib/server/participation/http';
import { megabytes, presentUploads } from '$lib/server/files/attachments';
import { InputError, type Issue } from '$lib/server/validation';
import { storageFault } from '$lib/server/db/storage-faults';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { access } = await requireInterviews(event, 'view');
	const section = event.url.searchParams.get('section') ?? '';
	const [entries, sections] = await Promise.all([
		listInterviewEntries(event.locals.db, access.projectId, { section: section || undefined }),
		linkableSections(event.locals.db, event.locals.runtime.collab, access.projectId)
	]);
	return { entries, sections, section, today: today(), photoMaxMb: megabytes(photoLimits().maxBytes) };
};

function values(data: FormData): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const key of new Set(data.keys())) {
		const all = data.getAll(key).filter((v): v is string => typeof v === 'string');
		if (all.length > 0) out[key] = key === 'section' ? all : all[0]!;
	}
	return out;
}

export const actions: Actions = {
	add: async (event) => {
		const { user, access } = await requireInterviews(event, 'edit');
		const data = await event.request.formData();
		const { db, runtime } = event.locals;
		const issues: Issue[] = [];
		let photo: CheckedPhoto | null = null;
		const uploads = presentUploads(data.getAll('photo'));
		if (uploads.length > 1) issues.push({ field: 'photo', code: 'attachment_too_many', params: { max: 1 } });
		else if (uploads[0]) {
			try {
				photo = await checkPhoto(uploads[0], photoLimits());
			} catch (err) {
				if (!(err instanceof InputError)) throw err;
				issues.push(...err.issues);
			}
		}
		const sections = await linkableSections(db, runtime.collab, access.projectId);
		try {
			if (issues.length > 0) throw new InputError(issues);
			await addInterviewEntry(db, runtime.blobs, { projectId: access.projectId, fields: interviewInputFrom(data), photo, sections, userId: user.id });
		} catch (err) {
			if (err instanceof InputError) {
				const errors: Record<string, string> = {};
				for (const issue of [...issues, ...err.issues]) errors[issue.field] ??= issueMessage(issue);
				return fail(400, { errors, values: values(data) });
			}
			const fault = storageFault(err);
			if (!fault) throw err;
			return fail(503, { errors: { '': fault === 'full' ? m.fb_error_storage_full() : m.fb_error_storage_read_only() }, values: values(data) });
		}
		redirect(303, `/projects/${access.projectId}/interviews?added`);
	},
	link: async (event) => {
		const { access } = await requireInterviews(event, 'edit');
		const data = await event.request.formData();
		const sections = await linkableSections(event.locals.db, event.locals.runtime.collab, access.projectId);
		const result = await handleForm(data, () =>
			linkInterviewEntry(event.locals.db, access.projectId, String(data.get('entry') ?? ''), data.getAll('section'), sections)
		);
		if (!result.ok) return result.failure;
		return { done: 'link' as const };
	},
	delete: async (event) => {
		const { access } = await requireInterviews(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () =>
			deleteInterviewEntry(event.locals.db, event.locals.runtime.blobs, access.projectId, String(data.get('entry') ?? ''))
		);
		if (!result.ok) return result.failure;
		return { done: 'delete' as const };
	}
};
