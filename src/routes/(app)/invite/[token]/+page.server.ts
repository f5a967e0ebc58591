import { redirect } from '@sveltejs/kit';
import { acceptInvite, findOpenInvite } from '$lib/server/auth/invite';
import { createSession, sessionExpiresAt } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/http/cookies';
import { handleForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';
import { recordAudit } from '$lib/server/audit/record';

export const load: PageServerLoad = async ({ locals, params }) => {
	const invite = await findOpenInvite(locals.db, params.token);
	return { invite: invite ? { email: invite.email, role: invite.role } : null };
};

export const actions: Actions = {
	default: async ({ locals, params, request, cookies, url }) => {
		const data = await request.formData();
		const result = await handleForm(data, () =>
			acceptInvite(locals.db, params.token, { name: String(data.get('name') ?? ''), password: String(data.get('password') ?? '') })
		);
		if (!result.ok) return result.failure;
		await recordAudit(locals, 'user.invite_accepted', { actor: { kind: 'user', id: result.value.userId } });
		const { token, session } = await createSession(locals.db, result.value.userId, request.headers.get('user-agent') ?? '');
		setSessionCookie(cookies, url, token, sessionExpiresAt(session.lastVerifiedAt));
		redirect(303, '/');
	}
};
