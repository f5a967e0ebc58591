import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { findRoundBySlug } from '$lib/server/feedback/rounds';
import { formLanguage, pick } from '$lib/domain/feedback';
import { RECEIPT_COOKIE } from '$lib/server/feedback/receipt-cookie';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, cookies, setHeaders, url }) => {
	const round = await findRoundBySlug(locals.db, params.slug);
	if (!round) error(404, m.fb_public_unknown());
	const receipt = cookies.get(RECEIPT_COOKIE) ?? null;
	// Shown once: the next person on this phone or kiosk cannot find it (see receipt-cookie.ts).
	if (receipt) cookies.delete(RECEIPT_COOKIE, { path: '/f', secure: url.protocol === 'https:' });
	setHeaders({ 'cache-control': 'no-store' });
	const lang = formLanguage(round, getLocale());
	return { title: pick(round.title, lang), lang, receipt: receipt && /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/.test(receipt) ? receipt : null };
};
