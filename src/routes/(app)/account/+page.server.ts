import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { endUserSession, invalidateOtherSessions, listUserSessions } from '$lib/server/auth/session';
import { changePassword } from '$lib/server/auth/users';
import { requireUser } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const sessions = await listUserSessions(event.locals.db, user.id);
	return {
		sessions: sessions.map((s) => ({ ...s, current: s.id === event.locals.session?.id }))
	};
};

export const actions: Actions = {
	endSession: async (event) => {
		const user = requireUser(event);
		const id = String((await event.request.formData()).get('sessionId') ?? '');
		if (id === event.locals.session?.id || !(await endUserSession(event.locals.db, user.id, id))) {
			return fail(400, { sessionMessage: m.error_not_found() });
		}
		return { sessionMessage: m.account_session_ended() };
	},
	endOthers: async (event) => {
		const user = requireUser(event);
		await invalidateOtherSessions(event.locals.db, user.id, event.locals.session?.id);
		return { sessionMessage: m.account_sessions_ended() };
	},
	password: async (event) => {
		const user = requireUser(event);
		const data = await event.request.formData();
		const result = await handleForm(data, () =>
			changePassword(
				event.locals.db,
				user.id,
				String(data.get('current') ?? ''),
				String(data.get('password') ?? ''),
				event.locals.session!.id
			)
		);
		if (!result.ok) return result.failure;
		return { passwordChanged: true };
	}
};
