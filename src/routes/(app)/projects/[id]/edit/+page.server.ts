import { redirect } from '@sveltejs/kit';
import { projectInputFrom, updateProject } from '$lib/server/projects/projects';
import { requireProject } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireProject(event, 'manage');
};

export const actions: Actions = {
	default: async (event) => {
		const { access } = await requireProject(event, 'manage');
		const data = await event.request.formData();
		const result = await handleForm(data, () => updateProject(event.locals.db, access.projectId, projectInputFrom(data)));
		if (!result.ok) return result.failure;
		redirect(303, `/projects/${access.projectId}`);
	}
};
