import { redirect, type RequestHandler } from '@sveltejs/kit';
import { invalidateSession } from '$lib/server/auth/session';
import { deleteSessionCookie } from '$lib/server/http/cookies';
import { recordAudit } from '$lib/server/audit/record';

/** Ends the session server-side, then forgets the cookie. The page clears local board copies. */
export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	if (locals.session) {
		await invalidateSession(locals.db, locals.session.id);
		await recordAudit(locals, 'account.signed_out');
		// Its open board sockets close before this answers (events/events.ts).
		await locals.runtime.events.publish('access-changed', { scope: 'session', sessionId: locals.session.id });
	}
	deleteSessionCookie(cookies, url);
	redirect(303, '/login?logged_out=1');
};
