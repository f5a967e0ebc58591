import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { createInvite, listInvites } from '$lib/server/auth/invite';
import { listUsers, setUserRole } from '$lib/server/auth/users';
import { requireRole } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, ['admin']);
	const [users, invites] = await Promise.all([listUsers(event.locals.db), listInvites(event.locals.db)]);
	return { users, invites: invites.filter((i) => i.acceptedAt === null && i.expiresAt > Date.now()) };
};

export const actions: Actions = {
	invite: async (event) => {
		const admin = requireRole(event, ['admin']);
		const data = await event.request.formData();
		const result = await handleForm(data, () =>
			createInvite(event.locals.db, { email: String(data.get('email') ?? ''), role: String(data.get('role') ?? '') }, admin.id)
		);
		if (!result.ok) return result.failure;
		// The link is shown once, to copy: only its hash is stored.
		return { inviteLink: `${event.url.origin}/invite/${result.value.token}`, invitedEmail: result.value.invite.email };
	},
	role: async (event) => {
		const admin = requireRole(event, ['admin']);
		const data = await event.request.formData();
		const userId = String(data.get('userId') ?? '');
		if (userId === admin.id) return fail(400, { roleMessage: m.error_own_role() });
		const result = await handleForm(data, () => setUserRole(event.locals.db, userId, String(data.get('role') ?? '')));
		if (!result.ok) return result.failure;
		return { roleMessage: m.admin_role_changed() };
	}
};
