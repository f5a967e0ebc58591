import { changeStage, listStageChanges } from '$lib/server/projects/stages';
import { listMembers } from '$lib/server/projects/projects';
import { requireProject } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';
import { recordAudit } from '$lib/server/audit/record';

export const load: PageServerLoad = async (event) => {
	const { access } = await requireProject(event, 'view');
	const [history, members] = await Promise.all([listStageChanges(event.locals.db, access.projectId), listMembers(event.locals.db, access.projectId)]);
	return { history, members: members.map(({ userId, name, role }) => ({ userId, name, role })) };
};

export const actions: Actions = {
	stage: async (event) => {
		const { user, access } = await requireProject(event, 'manage');
		const data = await event.request.formData();
		const result = await handleForm(data, () =>
			changeStage(event.locals.db, access.projectId, { to: data.get('to'), reason: data.get('reason') }, user.id)
		);
		if (!result.ok) return result.failure;
		await recordAudit(event.locals, 'project.stage_moved', { projectId: access.projectId, details: result.value });
		return { stageChanged: true };
	}
};
