import { mayReadResponses } from '$lib/server/feedback/guard';
import { requireCall } from '$lib/server/participation/guard';
import { callState } from '$lib/server/participation/calls';
import { countEntriesByStatus } from '$lib/server/participation/moderation';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const { call, user, access } = await requireCall(event, 'view');
	const origin = event.locals.runtime.config.origin ?? event.url.origin;
	return {
		call: { ...call, state: callState(call), publicUrl: `${origin}/p/${call.slug}` },
		counts: await countEntriesByStatus(event.locals.db, call.id),
		readsEntries: mayReadResponses(user, access)
	};
};
