import { fail, redirect } from '@sveltejs/kit';
import { handleForm } from '$lib/server/http/forms';
import { requireWorkshop } from '$lib/server/workshops/guard';
import { deleteWorkshop, listFacilitatorChoices, updateWorkshop, workshopInputFrom } from '$lib/server/workshops/workshops';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { access, workshop } = await requireWorkshop(event, 'manage');
	return { workshop, people: await listFacilitatorChoices(event.locals.db, access.projectId) };
};

export const actions: Actions = {
	save: async (event) => {
		const { access, workshop } = await requireWorkshop(event, 'manage');
		const data = await event.request.formData();
		const result = await handleForm(data, () => updateWorkshop(event.locals.db, access.projectId, workshop.id, workshopInputFrom(data)));
		if (!result.ok) {
			return fail(result.failure.status, {
				...result.failure.data,
				facilitators: data.getAll('facilitators').map(String),
				boards: data.getAll('boards').map(String)
			});
		}
		redirect(303, `/projects/${access.projectId}/workshops/${workshop.id}?saved=1`);
	},

	delete: async (event) => {
		const { access, workshop } = await requireWorkshop(event, 'manage');
		await deleteWorkshop(event.locals.db, access.projectId, workshop.id);
		redirect(303, `/projects/${access.projectId}/workshops?deleted=1`);
	}
};
