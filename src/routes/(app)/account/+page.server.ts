import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { endUserSession, invalidateOtherSessions, listUserSessions } from '$lib/server/auth/session';
import { changePassword } from '$lib/server/auth/users';
import { loginWaitMs, recordLoginFailure, type LoginAttempt } from '$lib/server/auth/login-throttle';
import { requireUser } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import {
	createApiToken,
	DEFAULT_TOKEN_LIFETIME_DAYS,
	listApiTokens,
	revokeAllApiTokens,
	revokeApiToken,
	TOKEN_LIFETIMES_DAYS
} from '$lib/server/auth/api-tokens';
import type { Actions, PageServerLoad } from './$types';
import { recordAudit } from '$lib/server/audit/record';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const sessions = await listUserSessions(event.locals.db, user.id);
	return {
		sessions: sessions.map((s) => ({ ...s, current: s.id === event.locals.session?.id })),
		tokens: await listApiTokens(event.locals.db, user.id),
		tokenLifetimes: TOKEN_LIFETIMES_DAYS,
		defaultTokenLifetime: DEFAULT_TOKEN_LIFETIME_DAYS,
		now: Date.now()
	};
};

export const actions: Actions = {
	endSession: async (event) => {
		const user = requireUser(event);
		const id = String((await event.request.formData()).get('sessionId') ?? '');
		if (id === event.locals.session?.id || !(await endUserSession(event.locals.db, user.id, id))) {
			return fail(400, { sessionMessage: m.error_not_found() });
		}
		await event.locals.runtime.events.publish('access-changed', { scope: 'session', sessionId: id });
		return { sessionMessage: m.account_session_ended() };
	},
	endOthers: async (event) => {
		const user = requireUser(event);
		await invalidateOtherSessions(event.locals.db, user.id, event.locals.session?.id);
		await event.locals.runtime.events.publish('access-changed', { scope: 'user', userId: user.id });
		return { sessionMessage: m.account_sessions_ended() };
	},
	/** A personal API token (read-only): its secret is in this answer only, shown once. */
	createToken: async (event) => {
		const user = requireUser(event);
		const data = await event.request.formData();
		const result = await handleForm(data, () =>
			createApiToken(event.locals.db, user.id, { name: data.get('name'), lifetimeDays: data.get('lifetime') })
		);
		if (!result.ok) return fail(400, { tokenErrors: result.failure.data.errors, tokenValues: result.failure.data.values });
		await recordAudit(event.locals, 'api.token_created', { target: { kind: 'user', id: user.id } });
		return { newToken: { name: result.value.token.name, secret: result.value.secret, expiresAt: result.value.token.expiresAt } };
	},
	revokeToken: async (event) => {
		const user = requireUser(event);
		const id = String((await event.request.formData()).get('tokenId') ?? '');
		if (!(await revokeApiToken(event.locals.db, user.id, id))) return fail(400, { tokenMessage: m.error_not_found() });
		await recordAudit(event.locals, 'api.token_revoked', { target: { kind: 'user', id: user.id } });
		return { tokenMessage: m.api_token_revoked() };
	},
	password: async (event) => {
		const user = requireUser(event);
		// The current password is a password guess like any sign-in: a stolen session must not
		// become an unlimited oracle for it. Wrong ones count toward the login limits.
		const { limiters } = event.locals.runtime;
		const attempt: LoginAttempt = { email: user.email, address: event.getClientAddress(), device: null };
		const waitMs = await loginWaitMs(limiters, attempt);
		if (waitMs > 0) return fail(429, { errors: { current: m.accounts_login_wait({ minutes: Math.ceil(waitMs / 60_000) }) } });
		const data = await event.request.formData();
		const result = await handleForm(data, () =>
			changePassword(event.locals.db, user.id, String(data.get('current') ?? ''), String(data.get('password') ?? ''), event.locals.session!.id)
		);
		if (!result.ok) {
			if (result.failure.data.errors.current) await recordLoginFailure(limiters, attempt);
			return result.failure;
		}
		await recordAudit(event.locals, 'account.password_changed', { target: { kind: 'user', id: user.id } });
		// Every other session ended with the old password: their sockets go too. So do the API
		// tokens: whoever knew the old password may have made one.
		await revokeAllApiTokens(event.locals.db, user.id);
		await event.locals.runtime.events.publish('access-changed', { scope: 'user', userId: user.id });
		return { passwordChanged: true };
	}
};
