import type { RequestHandler } from '@sveltejs/kit';
import { ApiError, api, apiProjectAccess } from '$lib/server/api/respond';
import { apiRound } from '$lib/server/api/feedback';
import { listResponses, responseFilterFrom } from '$lib/server/feedback/moderation';
import { redactPersonalData } from '$lib/server/feedback/redact';
import { m } from '$lib/paraglide/messages.js';

/**
 * A round's responses for its team (signed in): answers with personal data in free text
 * masked, moderation status, tags. Contact details never leave through the API. Same filters
 * as the moderation queue: status, channel, tag, q (Thai-segmented search), page.
 */
export const GET: RequestHandler = (event) =>
	api(async () => {
		const access = await apiProjectAccess(event, event.params.id ?? '');
		if (access.anonymous) throw new ApiError(401, 'sign_in_required', m.error_forbidden());
		const round = await apiRound(event.locals.db, access.projectId, event.params.rid ?? '');
		const { items, total } = await listResponses(event.locals.db, round.id, responseFilterFrom(event.url.searchParams));
		return {
			total,
			responses: items.map((r) => ({
				id: r.id,
				channel: r.channel,
				locale: r.locale,
				status: r.status,
				rating: r.rating,
				submittedAt: r.submittedAt,
				tags: r.tags,
				onBoard: r.onBoard,
				answers: r.answers.map((a) => ({ ...a, text: a.text === null ? null : redactPersonalData(a.text) }))
			}))
		};
	});
