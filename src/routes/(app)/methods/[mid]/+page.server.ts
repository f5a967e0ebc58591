import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requireRole } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import { copyMethod, deleteLabMethod, findMethod } from '$lib/server/methods/library';
import { canEditMethods, METHOD_EDITORS } from '$lib/domain/methods';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const method = await findMethod(locals.db, params.mid);
	if (!method) error(404, m.error_not_found());
	return { method, canEdit: canEditMethods(locals.user?.role), saved: url.searchParams.has('saved') };
};

export const actions: Actions = {
	/** Copies any method into a new lab method, then opens it for editing. */
	copy: async (event) => {
		const user = requireRole(event, METHOD_EDITORS);
		const data = await event.request.formData();
		const result = await handleForm(data, () => copyMethod(event.locals.db, event.params.mid, user.id));
		if (!result.ok) return result.failure;
		redirect(303, `/methods/${result.value.id}/edit?copied=1`);
	},

	delete: async (event) => {
		requireRole(event, METHOD_EDITORS);
		const data = await event.request.formData();
		const result = await handleForm(data, () => deleteLabMethod(event.locals.db, event.params.mid));
		if (!result.ok) return fail(result.failure.status, result.failure.data);
		redirect(303, '/methods?deleted=1');
	}
};
