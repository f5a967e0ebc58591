import { requireProject } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import { mayReadResponses } from '$lib/server/feedback/guard';
import { listCallsOfProject, callState } from '$lib/server/participation/calls';
import { districtsText, listDistricts, setDistricts } from '$lib/server/projects/districts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, access } = await requireProject(event, 'view');
	const db = event.locals.db;
	const [calls, districts] = await Promise.all([listCallsOfProject(db, access.projectId), listDistricts(db, access.projectId)]);
	return {
		calls: calls.map((c) => ({ ...c, state: callState(c) })),
		districts,
		districtsText: districtsText(districts),
		readsEntries: mayReadResponses(user, access)
	};
};

export const actions: Actions = {
	districts: async (event) => {
		const { access } = await requireProject(event, 'manage');
		const data = await event.request.formData();
		const result = await handleForm(data, () => setDistricts(event.locals.db, access.projectId, data.get('districts')));
		if (!result.ok) return result.failure;
		return { done: 'districts' as const, count: result.value.length };
	}
};
