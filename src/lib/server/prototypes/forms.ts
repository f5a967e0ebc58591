import { fail, type ActionFailure } from '@sveltejs/kit';
import { handleForm } from '../http/forms.ts';
import { InputError, type Issue } from '../validation.ts';
import { megabytes, type UploadLimits } from '../files/attachments.ts';
import { isPrototypeStatus } from '../../domain/prototype-lifecycle.ts';
import { statusLabel } from '$lib/i18n/prototype-labels';
import { m } from '$lib/paraglide/messages.js';
import type { BoardSection } from '../../board/sections.ts';

/** Status codes in an issue's params, as words in the user's language. */
function localizeStatuses(issue: Issue): Issue {
	if (!issue.params) return issue;
	const params: Record<string, string | number> = { ...issue.params };
	for (const key of ['from', 'to'] as const) {
		const value = params[key];
		if (isPrototypeStatus(value)) params[key] = statusLabel(value);
	}
	if (typeof params.allowed === 'string') {
		params.allowed = params.allowed.split(',').filter(isPrototypeStatus).map(statusLabel).join(', ');
	}
	return { ...issue, params };
}

/** `handleForm`, with the lifecycle's status codes turned into words in refusals. */
export function handlePrototypeForm<T>(data: FormData, work: () => Promise<T>) {
	return handleForm(data, async () => {
		try {
			return await work();
		} catch (err) {
			if (err instanceof InputError) throw new InputError(err.issues.map(localizeStatuses));
			throw err;
		}
	});
}

/**
 * Reads a form that may carry files. The server refuses a body over its limit while it is
 * being read (adapter-node's BODY_SIZE_LIMIT); that becomes a clear 413 on the files field
 * instead of a bare error page.
 */
export async function readUploadForm(request: Request, limits: UploadLimits) {
	try {
		return { ok: true as const, data: await request.formData() };
	} catch (err) {
		if (typeof err === 'object' && err !== null && 'status' in err && err.status === 413) {
			const max = megabytes(limits.maxBytes);
			return { ok: false as const, failure: fail(413, { errors: { files: m.error_upload_too_large({ max }) }, values: {} }) };
		}
		throw err;
	}
}

/**
 * A refusal tagged with the form it answers, for pages with several forms: only that form
 * shows the errors and gets back what was typed.
 */
export function refusedAs<D extends Record<string, unknown>>(form: string, failure: ActionFailure<D>) {
	return fail(failure.status, { ...failure.data, form });
}

type MessageFn = () => string;

/** A board section's title as the reader sees it: the user's, or the template's in their language. */
export function sectionTitle(section: BoardSection): string {
	if (section.title) return section.title;
	const message = (m as unknown as Record<string, MessageFn | undefined>)[`board_section_${section.key || 'untitled'}`];
	return message ? message() : section.key;
}
