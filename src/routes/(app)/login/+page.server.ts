import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { authenticate } from '$lib/server/auth/users';
import { createSession, sessionExpiresAt } from '$lib/server/auth/session';
import { deviceIdFor, issueDeviceToken, LOGIN_DEVICE_COOKIE, LOGIN_DEVICE_MAX_AGE_S } from '$lib/server/auth/login-device';
import { loginWaitMs, recordLoginFailure, recordLoginSuccess, type LoginAttempt } from '$lib/server/auth/login-throttle';
import { setSessionCookie } from '$lib/server/http/cookies';
import { sameOriginPath } from '$lib/server/http/redirects';
import type { Actions, PageServerLoad } from './$types';
import { recordAudit, recordSignInFailure } from '$lib/server/audit/record';

export const load: PageServerLoad = ({ locals, url }) => {
	const next = sameOriginPath(url.searchParams.get('next'), url.origin);
	if (locals.user) redirect(303, next);
	return { next };
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, getClientAddress, url }) => {
		const data = await request.formData();
		const email = String(data.get('email') ?? '')
			.trim()
			.toLowerCase();
		const password = String(data.get('password') ?? '');
		const next = sameOriginPath(data.get('next') ?? url.searchParams.get('next'), url.origin);
		const values = { email, next };
		if (!email || !password) {
			return fail(400, { message: m.error_login_missing(), values });
		}

		// Throttled before the (deliberately slow) hash check. The address is the adapter's
		// (the socket's peer, or ADDRESS_HEADER behind a proxy), never a header the client chose.
		const { limiters, loginDeviceKey } = locals.runtime;
		const attempt: LoginAttempt = {
			email,
			address: getClientAddress(),
			device: deviceIdFor(loginDeviceKey, email, cookies.get(LOGIN_DEVICE_COOKIE))
		};
		const waitMs = await loginWaitMs(limiters, attempt);
		if (waitMs > 0) {
			return fail(429, { message: m.accounts_login_wait({ minutes: Math.ceil(waitMs / 60_000) }), values });
		}
		const user = await authenticate(locals.db, email, password);
		if (!user) {
			await recordLoginFailure(limiters, attempt);
			await recordSignInFailure(locals, email, attempt.address);
			return fail(400, { message: m.error_login_failed(), values });
		}
		await recordLoginSuccess(limiters, attempt);
		await recordAudit(locals, 'account.signed_in', { actor: { kind: 'user', id: user.id }, address: attempt.address });
		const { token, session } = await createSession(locals.db, user.id, request.headers.get('user-agent') ?? '');
		setSessionCookie(cookies, url, token, sessionExpiresAt(session.lastVerifiedAt));
		cookies.set(LOGIN_DEVICE_COOKIE, issueDeviceToken(loginDeviceKey, email), {
			path: '/login',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: LOGIN_DEVICE_MAX_AGE_S
		});
		redirect(303, next);
	}
};
