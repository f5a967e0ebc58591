import { redirect } from '@sveltejs/kit';
import { requireProject } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import { bangkokDay } from '$lib/server/feedback/rounds';
import { callInputFrom, createCall, howMightWeChoices } from '$lib/server/participation/calls';
import { starterCall } from '$lib/server/participation/starter';
import type { CallKind } from '$lib/domain/participation';
import type { Actions, PageServerLoad } from './$types';

const DAY = 24 * 60 * 60 * 1000;

export const load: PageServerLoad = async (event) => {
	const { access } = await requireProject(event, 'edit');
	const kind: CallKind = event.url.searchParams.get('kind') === 'idea' ? 'idea' : 'story';
	const hmw = kind === 'idea' ? await howMightWeChoices(event.locals.db, event.locals.runtime.collab, access.projectId) : [];
	const now = Date.now();
	const starter = starterCall(kind);
	return {
		kind,
		hmw: hmw.map((h) => ({ value: `${h.boardId}:${h.noteId}`, text: h.text })),
		defaults: {
			...starter,
			title_th: '',
			opens_on: bangkokDay(now),
			closes_on: bangkokDay(now + 20 * DAY),
			retention_days: '90',
			allow_photo: 'yes',
			report_threshold: '3',
			hmw: hmw[0] ? `${hmw[0].boardId}:${hmw[0].noteId}` : ''
		} as Record<string, string>
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user, access } = await requireProject(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () =>
			createCall(event.locals.db, event.locals.runtime.collab, access.projectId, callInputFrom(data), user.id)
		);
		if (!result.ok) return result.failure;
		redirect(303, `/projects/${access.projectId}/participation/${result.value.id}?created`);
	}
};
