import type { RequestHandler } from '@sveltejs/kit';
import { api, apiProjectAccess } from '$lib/server/api/respond';
import { listRoundsOfProject } from '$lib/server/feedback/rounds';

/** The project's feedback rounds with their response counts. */
export const GET: RequestHandler = (event) =>
	api(async () => {
		const access = await apiProjectAccess(event, event.params.id ?? '');
		const rounds = await listRoundsOfProject(event.locals.db, access.projectId);
		return {
			rounds: rounds.map((r) => ({
				id: r.id,
				slug: r.slug,
				prototypeId: r.prototypeId,
				prototypeTitle: r.prototypeTitle,
				versionNumber: r.versionNumber,
				title: r.title,
				languages: r.languages,
				opensAt: r.opensAt,
				closesAt: r.closesAt,
				responses: r.responses,
				formUrl: `${event.url.origin}/f/${r.slug}`
			}))
		};
	});
