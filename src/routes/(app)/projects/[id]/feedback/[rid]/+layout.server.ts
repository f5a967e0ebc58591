import { mayReadResponses, requireRound } from '$lib/server/feedback/guard';
import { countByStatus } from '$lib/server/feedback/moderation';
import { roundState } from '$lib/domain/feedback';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const { round, user, access } = await requireRound(event, 'view');
	const db = event.locals.db;
	const meta = await db
		.selectFrom('prototypes')
		.innerJoin('prototype_versions', 'prototype_versions.prototype_id', 'prototypes.id')
		.select(['prototypes.title', 'prototype_versions.number'])
		.where('prototype_versions.id', '=', round.versionId)
		.executeTakeFirstOrThrow();
	const origin = event.locals.runtime.config.origin ?? event.url.origin;
	return {
		round: {
			...round,
			state: roundState(round),
			prototypeTitle: meta.title,
			versionNumber: Number(meta.number),
			publicUrl: `${origin}/f/${round.slug}`
		},
		counts: await countByStatus(db, round.id),
		readsResponses: mayReadResponses(user, access)
	};
};
