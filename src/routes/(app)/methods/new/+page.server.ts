import { fail, redirect } from '@sveltejs/kit';
import { requireRole } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import { createLabMethod, methodInputFrom } from '$lib/server/methods/library';
import { METHOD_EDITORS } from '$lib/domain/methods';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	requireRole(event, METHOD_EDITORS);
	return {};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireRole(event, METHOD_EDITORS);
		const data = await event.request.formData();
		const result = await handleForm(data, () => createLabMethod(event.locals.db, methodInputFrom(data), user.id));
		if (!result.ok) return fail(result.failure.status, { ...result.failure.data, sections: data.getAll('board_sections').map(String) });
		redirect(303, `/methods/${result.value.id}?saved=1`);
	}
};
