import { listMembers } from '$lib/server/projects/projects';
import { addTeamMember, removeTeamMember, setTeamRole } from '$lib/server/projects/team';
import { requireProject } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';
import { recordAudit } from '$lib/server/audit/record';

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
		await recordAudit(event.locals, 'team.member_added', {
			projectId: access.projectId,
			target: { kind: 'user', id: result.value.userId },
			details: { role: String(data.get('role')) }
		});
		return { teamMessage: 'added' as const };
	},
	role: async (event) => {
		const { access } = await requireProject(event, 'manage');
		const data = await event.request.formData();
		const userId = String(data.get('userId') ?? '');
		const result = await handleForm(data, () => setTeamRole(event.locals.db, access.projectId, userId, data.get('role')));
		if (!result.ok) return result.failure;
		await recordAudit(event.locals, 'team.role_changed', {
			projectId: access.projectId,
			target: { kind: 'user', id: userId },
			details: { role: String(data.get('role')) }
		});
		await event.locals.runtime.events.publish('access-changed', { scope: 'membership', projectId: access.projectId, userId });
		return { teamMessage: 'role' as const };
	},
	remove: async (event) => {
		const { access } = await requireProject(event, 'manage');
		const data = await event.request.formData();
		const userId = String(data.get('userId') ?? '');
		const result = await handleForm(data, () => removeTeamMember(event.locals.db, access.projectId, userId));
		if (!result.ok) return result.failure;
		await recordAudit(event.locals, 'team.member_removed', { projectId: access.projectId, target: { kind: 'user', id: userId } });
		await event.locals.runtime.events.publish('access-changed', { scope: 'membership', projectId: access.projectId, userId });
		return { teamMessage: 'removed' as const };
	}
};
