import { requireProject } from '$lib/server/http/guards';
import { mayReadResponses } from '$lib/server/feedback/guard';
import { listRoundsOfProject } from '$lib/server/feedback/rounds';
import { roundState } from '$lib/domain/feedback';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, access } = await requireProject(event, 'view');
	const prototypeId = event.url.searchParams.get('prototype') ?? undefined;
	const now = Date.now();
	const rounds = await listRoundsOfProject(event.locals.db, access.projectId, { prototypeId });
	return {
		prototypeId: prototypeId && rounds.length ? prototypeId : null,
		readsResponses: mayReadResponses(user, access),
		rounds: rounds.map((r) => ({
			id: r.id,
			slug: r.slug,
			title: r.title.th,
			prototypeTitle: r.prototypeTitle,
			prototypeId: r.prototypeId,
			versionNumber: r.versionNumber,
			state: roundState(r, now),
			opensAt: r.opensAt,
			closesAt: r.closesAt,
			responses: r.responses,
			awaiting: r.awaitingModeration
		}))
	};
};
