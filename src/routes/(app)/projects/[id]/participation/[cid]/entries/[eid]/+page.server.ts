import { error, fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireCallEntries } from '$lib/server/participation/guard';
import { handleForm } from '$lib/server/http/forms';
import { listCallQuestions } from '$lib/server/participation/calls';
import { findEntry, groupDuplicates, groupLeaders, setEntryStatus, setEntryTags } from '$lib/server/participation/moderation';
import { sendEntriesToBoard, targetBoard, targetSections } from '$lib/server/participation/to-board';
import { entryWording } from '$lib/server/participation/board-wording';
import { pick } from '$lib/domain/feedback';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const { call, access } = await requireCallEntries(event, 'view');
	const db = event.locals.db;
	// Contact details: for those who edit the project (they are the ones who call back).
	const entry = await findEntry(db, call.id, event.params.eid, { withContact: access.canEdit });
	if (!entry) error(404, m.error_not_found());
	const lang = getLocale() === 'en' ? 'en' : 'th';
	const [questions, leaders, boardId] = await Promise.all([
		listCallQuestions(db, call.id),
		call.kind === 'idea' ? groupLeaders(db, call.id, entry.id) : Promise.resolve([]),
		targetBoard(db, access.projectId, call.kind)
	]);
	return {
		entry: {
			...entry,
			answers: entry.answers.map((a) => ({ ...a, label: pick(questions.find((q) => q.id === a.questionId)?.label ?? { th: '', en: '' }, lang) }))
		},
		leaders,
		boardId,
		sections: boardId ? await targetSections(event.locals.runtime.collab, boardId, call.kind) : []
	};
};

async function entryOf(event: RequestEvent) {
	const found = await requireCallEntries(event, 'edit');
	return { ...found, data: await event.request.formData() };
}

export const actions: Actions = {
	status: async (event) => {
		const { user, call, data } = await entryOf(event);
		const result = await handleForm(data, () => setEntryStatus(event.locals.db, call.id, [event.params.eid], data.get('status'), user.id));
		if (!result.ok) return result.failure;
		return { done: 'status' as const };
	},
	tags: async (event) => {
		const { call, data } = await entryOf(event);
		const result = await handleForm(data, () => setEntryTags(event.locals.db, call.id, event.params.eid, data.get('tags')));
		if (!result.ok) return result.failure;
		return { done: 'tags' as const };
	},
	group: async (event) => {
		const { call, data } = await entryOf(event);
		const result = await handleForm(data, () => groupDuplicates(event.locals.db, call.id, [event.params.eid], data.get('leader')));
		if (!result.ok) return result.failure;
		return { done: 'group' as const };
	},
	board: async (event) => {
		const { user, call, data } = await entryOf(event);
		const db = event.locals.db;
		const questions = await listCallQuestions(db, call.id);
		const origin = event.locals.runtime.config.origin ?? event.url.origin;
		const result = await handleForm(data, () =>
			sendEntriesToBoard(db, event.locals.runtime.collab, {
				call,
				entryIds: [event.params.eid],
				sectionId: data.get('section'),
				userId: user.id,
				wording: entryWording(questions, getLocale() === 'en' ? 'en' : 'th'),
				publicLink: (id) => `${origin}/p/${call.slug}/ideas/${id}`
			})
		);
		if (!result.ok) return result.failure;
		if (result.value.sent === 0 && result.value.refreshed === 0) return fail(409, { errors: { '': m.fb_board_already() }, values: {} });
		return { done: 'board' as const };
	}
};
