import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireCall, requireCallEntries } from '$lib/server/participation/guard';
import { handleForm } from '$lib/server/http/forms';
import { listCallQuestions } from '$lib/server/participation/calls';
import { addEntryTagToMany, entryFilterFrom, groupDuplicates, listCallTags, listEntries, setEntryStatus } from '$lib/server/participation/moderation';
import { sendEntriesToBoard, targetBoard, targetSections } from '$lib/server/participation/to-board';
import { entryWording } from '$lib/server/participation/board-wording';
import { listDistricts } from '$lib/server/projects/districts';
import { mayReadResponses } from '$lib/server/feedback/guard';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const { call, user, access } = await requireCall(event, 'view');
	// Officials and others who see the project but are not its team: the counts only (layout).
	if (!mayReadResponses(user, access)) return { list: null };
	const db = event.locals.db;
	const filter = entryFilterFrom(event.url.searchParams);
	const [list, tags, districts, boardId] = await Promise.all([
		listEntries(db, call.id, filter),
		listCallTags(db, call.id),
		listDistricts(db, access.projectId),
		targetBoard(db, access.projectId, call.kind)
	]);
	const sections = boardId ? await targetSections(event.locals.runtime.collab, boardId, call.kind) : [];
	return {
		list: {
			filter: {
				status: filter.status ?? '',
				channel: filter.channel ?? '',
				tag: filter.tag ?? '',
				district: filter.district ?? '',
				q: filter.q ?? '',
				sort: filter.sort ?? 'new'
			},
			page: Math.floor((filter.offset ?? 0) / (filter.limit ?? 50)) + 1,
			pageSize: filter.limit ?? 50,
			total: list.total,
			items: list.items,
			tags,
			districts: districts.map((d) => d.th),
			boardId,
			sections
		}
	};
};

function publicLink(event: RequestEvent, slug: string) {
	const origin = event.locals.runtime.config.origin ?? event.url.origin;
	return (entryId: string) => `${origin}/p/${slug}/ideas/${entryId}`;
}

export const actions: Actions = {
	status: async (event) => {
		const { user, call } = await requireCallEntries(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => setEntryStatus(event.locals.db, call.id, data.getAll('ids'), data.get('status'), user.id));
		if (!result.ok) return result.failure;
		return { done: 'status' as const, count: result.value };
	},
	tag: async (event) => {
		const { call } = await requireCallEntries(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => addEntryTagToMany(event.locals.db, call.id, data.getAll('ids'), data.get('tag')));
		if (!result.ok) return result.failure;
		return { done: 'tag' as const, count: result.value };
	},
	group: async (event) => {
		const { call } = await requireCallEntries(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => groupDuplicates(event.locals.db, call.id, data.getAll('ids'), data.get('leader')));
		if (!result.ok) return result.failure;
		return { done: 'group' as const, count: result.value };
	},
	board: async (event) => {
		const { user, call } = await requireCallEntries(event, 'edit');
		const data = await event.request.formData();
		const db = event.locals.db;
		const questions = await listCallQuestions(db, call.id);
		const result = await handleForm(data, () =>
			sendEntriesToBoard(db, event.locals.runtime.collab, {
				call,
				entryIds: data.getAll('ids'),
				sectionId: data.get('section'),
				userId: user.id,
				wording: entryWording(questions, getLocale() === 'en' ? 'en' : 'th'),
				publicLink: publicLink(event, call.slug)
			})
		);
		if (!result.ok) return result.failure;
		const { sent, refreshed, alreadyThere } = result.value;
		if (sent === 0 && refreshed === 0 && alreadyThere > 0) return fail(409, { errors: { '': m.fb_board_already() }, values: {} });
		return { done: 'board' as const, count: sent + refreshed };
	}
};
