import { fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { authenticate } from '$lib/server/auth/users';
import { createSession, sessionExpiresAt } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/http/cookies';
import { safeNextPath } from '$lib/server/http/redirects';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	const next = safeNextPath(url.searchParams.get('next'));
	if (locals.user) redirect(303, next);
	return { next };
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, getClientAddress, url }) => {
		const data = await request.formData();
		const email = String(data.get('email') ?? '').trim().toLowerCase();
		const password = String(data.get('password') ?? '');
		const next = safeNextPath(data.get('next') ?? url.searchParams.get('next'));
		const values = { email, next };
		if (!email || !password) {
			return fail(400, { message: m.error_login_missing(), values });
		}

		// Throttle before the (deliberately slow) hash check: per client address (as the adapter
		// sees it, never a raw X-Forwarded-For) and per account.
		const { perAddress, perAccount } = locals.runtime.loginLimits;
		const address = getClientAddress();
		if (perAccount.retryAfterMs(email) > 0 || !perAddress.consume(address)) {
			return fail(429, { message: m.error_too_many_attempts(), values });
		}
		const user = await authenticate(locals.db, email, password);
		if (!user) {
			perAccount.recordFailure(email);
			return fail(400, { message: m.error_login_failed(), values });
		}
		perAccount.reset(email);
		const { token, session } = await createSession(locals.db, user.id, request.headers.get('user-agent') ?? '');
		setSessionCookie(cookies, url, token, sessionExpiresAt(session.lastVerifiedAt));
		redirect(303, next);
	}
};
