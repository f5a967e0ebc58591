import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { findCallBySlug } from '$lib/server/participation/calls';
import { ENTRY_RECEIPT_COOKIE } from '$lib/server/participation/http';
import { formLanguage, pick } from '$lib/domain/feedback';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, cookies, setHeaders, url }) => {
	const call = await findCallBySlug(locals.db, params.slug);
	if (!call) error(404, m.pt_public_unknown());
	const receipt = cookies.get(ENTRY_RECEIPT_COOKIE) ?? null;
	// Shown once, as the feedback form's (feedback/receipt-cookie.ts): the next person on this phone cannot find it.
	if (receipt) cookies.delete(ENTRY_RECEIPT_COOKIE, { path: '/p', secure: url.protocol === 'https:' });
	setHeaders({ 'cache-control': 'no-store' });
	const lang = formLanguage(call, getLocale());
	return {
		kind: call.kind,
		slug: call.slug,
		title: pick(call.title, lang),
		lang,
		receipt: receipt && /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/.test(receipt) ? receipt : null
	};
};
