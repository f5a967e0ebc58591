import { fail, redirect } from '@sveltejs/kit';
import { requireProject } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import { createWorkshop, listFacilitatorChoices, workshopInputFrom } from '$lib/server/workshops/workshops';
import { bangkokToday } from '$lib/server/prototypes/test-plans';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, access } = await requireProject(event, 'manage');
	const people = await listFacilitatorChoices(event.locals.db, access.projectId);
	return { people, today: bangkokToday(), me: people.some((p) => p.id === user.id) ? user.id : null };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, access } = await requireProject(event, 'manage');
		const data = await event.request.formData();
		const result = await handleForm(data, () => createWorkshop(event.locals.db, access.projectId, workshopInputFrom(data), user));
		if (!result.ok) {
			return fail(result.failure.status, {
				...result.failure.data,
				facilitators: data.getAll('facilitators').map(String),
				boards: data.getAll('boards').map(String)
			});
		}
		redirect(303, `/projects/${access.projectId}/workshops/${result.value.id}?created=1`);
	}
};
