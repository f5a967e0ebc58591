import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requireRole } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import { findMethodDraft, methodInputFrom, updateLabMethod } from '$lib/server/methods/library';
import { METHOD_EDITORS } from '$lib/domain/methods';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, METHOD_EDITORS);
	// Built-in methods have no draft: they are read-only (copy one to change it).
	const draft = await findMethodDraft(event.locals.db, event.params.mid);
	if (!draft) error(404, m.error_not_found());
	return { draft, copied: event.url.searchParams.has('copied') };
};

export const actions: Actions = {
	default: async (event) => {
		requireRole(event, METHOD_EDITORS);
		const data = await event.request.formData();
		const result = await handleForm(data, () => updateLabMethod(event.locals.db, event.params.mid, methodInputFrom(data)));
		if (!result.ok) return fail(result.failure.status, { ...result.failure.data, sections: data.getAll('board_sections').map(String) });
		redirect(303, `/methods/${event.params.mid}?saved=1`);
	}
};
