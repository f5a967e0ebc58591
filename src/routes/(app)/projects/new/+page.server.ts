import { redirect } from '@sveltejs/kit';
import { createProject, projectInputFrom } from '$lib/server/projects/projects';
import { requireRole } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';
import { recordAudit } from '$lib/server/audit/record';

const CREATORS = ['admin', 'facilitator'] as const;

export const load: PageServerLoad = (event) => {
	requireRole(event, CREATORS);
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireRole(event, CREATORS);
		const data = await event.request.formData();
		const result = await handleForm(data, () => createProject(event.locals.db, projectInputFrom(data), user));
		if (!result.ok) return result.failure;
		await recordAudit(event.locals, 'project.created', { projectId: result.value.id });
		redirect(303, `/projects/${result.value.id}`);
	}
};
