import { listMembers } from '$lib/server/projects/projects';
import { addTeamMember, removeTeamMember, setTeamRole } from '$lib/server/projects/team';
import { requireProject } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { access } = await requireProject(event, 'view');
	const members = await listMembers(event.locals.db, access.projectId);
	// Emails are for the people who manage the team; everyone else sees names and roles.
	return { members: members.map((mb) => ({ ...mb, email: access.canManage ? mb.email : '' })) };
};

export const actions: Actions = {
	add: async (event) => {
		const { user, access } = await requireProject(event, 'manage');
		const data = await event.request.formData();
		const result = await handleForm(data, () =>
			addTeamMember(event.locals.db, access.projectId, { email: data.get('email'), role: data.get('role') }, user.id)
		);
		if (!result.ok) return result.failure;
		return { teamMessage: 'added' as const };
	},
	role: async (event) => {
		const { access } = await requireProject(event, 'manage');
		const data = await event.request.formData();
		const result = await handleForm(data, () =>
			setTeamRole(event.locals.db, access.projectId, String(data.get('userId') ?? ''), data.get('role'))
		);
		if (!result.ok) return result.failure;
		return { teamMessage: 'role' as const };
	},
	remove: async (event) => {
		const { access } = await requireProject(event, 'manage');
		const data = await event.request.formData();
		const result = await handleForm(data, () =>
			removeTeamMember(event.locals.db, access.projectId, String(data.get('userId') ?? ''))
		);
		if (!result.ok) return result.failure;
		return { teamMessage: 'removed' as const };
	}
};
