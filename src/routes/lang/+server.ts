import { redirect, type RequestHandler } from '@sveltejs/kit';
import { isLocale } from '$lib/paraglide/runtime.js';
import { sameOriginPath } from '$lib/server/http/redirects';

const ONE_YEAR_S = 365 * 24 * 60 * 60;

/** Sets the language cookie and goes back to the page the switch was on (same origin only). */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
	// A body that is not a form is answered 400 by hooks.server.ts.
	const data = await request.formData();
	const locale = data.get('locale');
	if (isLocale(locale)) {
		// Not HttpOnly: Paraglide's client runtime reads it to render in the same language.
		cookies.set('lang', locale, { path: '/', maxAge: ONE_YEAR_S, sameSite: 'lax', httpOnly: false, secure: url.protocol === 'https:' });
	}
	redirect(303, sameOriginPath(data.get('redirectTo'), url.origin));
};
