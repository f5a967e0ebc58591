import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { findPublicIdea } from '$lib/server/participation/public-ideas';
import { browserActions } from '$lib/server/participation/supports';
import { browserPseudonym, ideaAction, ideaForms, publicCall } from '$lib/server/participation/http';
import { callState } from '$lib/server/participation/calls';
import { formLanguage, pick } from '$lib/domain/feedback';
import { REPORT_REASONS } from '$lib/domain/participation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { locals, params, setHeaders } = event;
	const call = await publicCall(event);
	if (call.kind !== 'idea' || callState(call) !== 'open') error(404, m.pt_idea_unknown());
	const idea = await findPublicIdea(locals.db, call, params.iid);
	// Not approved, hidden by reports, withdrawn: the public sees nothing of it.
	if (!idea) error(404, m.pt_idea_unknown());
	setHeaders({ 'cache-control': 'no-store' });
	const pseudonym = browserPseudonym(event, call, { give: true });
	const mine = await browserActions(locals.db, [idea.id], pseudonym);
	const lang = formLanguage(call, getLocale());
	return {
		slug: call.slug,
		lang,
		callTitle: pick(call.title, lang),
		prompt: pick(call.prompt, lang),
		idea,
		supported: mine.supported.has(idea.id),
		reported: mine.reported.has(idea.id),
		forms: ideaForms(event, call, idea.id),
		reasons: REPORT_REASONS
	};
};

const back = (slug: string) => (id: string) => `/p/${slug}/ideas/${id}`;

export const actions: Actions = {
	support: (event) => ideaAction(event, 'support', back(event.params.slug)),
	report: (event) => ideaAction(event, 'report', back(event.params.slug))
};
