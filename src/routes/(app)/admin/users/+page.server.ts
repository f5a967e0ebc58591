import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { createInvite, listInvites } from '$lib/server/auth/invite';
import { findUserById, listUsers, setUserDisabled, setUserRole } from '$lib/server/auth/users';
import { requireRole } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';
import { recordAudit } from '$lib/server/audit/record';

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
		await recordAudit(event.locals, 'user.invited', { details: { role: result.value.invite.role } });
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
		await recordAudit(event.locals, 'user.role_changed', { target: { kind: 'user', id: userId }, details: { role: String(data.get('role')) } });
		// A lower site role may see fewer projects (officials see all): their open boards are checked now.
		await event.locals.runtime.events.publish('access-changed', { scope: 'user', userId });
		return { roleMessage: m.admin_role_changed() };
	},
	/** Disables an account (every session ends, open boards close at once) or enables it again. */
	disable: async (event) => {
		const admin = requireRole(event, ['admin']);
		const data = await event.request.formData();
		const userId = String(data.get('userId') ?? '');
		const disabled = data.get('disabled') === '1';
		if (userId === admin.id) return fail(400, { accountMessage: m.seams_account_own() });
		const user = await findUserById(event.locals.db, userId);
		if (!user) return fail(404, { accountMessage: m.error_not_found() });
		await setUserDisabled(event.locals.db, userId, disabled);
		await recordAudit(event.locals, disabled ? 'user.disabled' : 'user.enabled', { target: { kind: 'user', id: userId } });
		if (disabled) await event.locals.runtime.events.publish('access-changed', { scope: 'user', userId });
		return {
			accountDone: true,
			accountMessage: disabled ? m.seams_account_disabled_done({ name: user.name }) : m.seams_account_enabled_done({ name: user.name })
		};
	}
};
