import { fail } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireRoundResponses } from '$lib/server/feedback/guard';
import { handleForm } from '$lib/server/http/forms';
import { addTagToMany, listResponses, listRoundTags, responseFilterFrom, setStatus } from '$lib/server/feedback/moderation';
import { listQuestions } from '$lib/server/feedback/questions';
import { findTestBoard, sendToTestBoard } from '$lib/server/feedback/to-board';
import { boardWording } from '$lib/server/feedback/board-wording';
import { describeAnswer } from '$lib/server/feedback/form-view';
import { pick } from '$lib/domain/feedback';
import type { Actions, PageServerLoad } from './$types';
import { recordAudit } from '$lib/server/audit/record';

export const load: PageServerLoad = async (event) => {
	const { round, access } = await requireRoundResponses(event, 'view');
	const db = event.locals.db;
	const filter = responseFilterFrom(event.url.searchParams);
	const [list, questions, tags, board] = await Promise.all([
		listResponses(db, round.id, filter),
		listQuestions(db, round.id),
		listRoundTags(db, round.id),
		findTestBoard(db, access.projectId)
	]);
	const lang = getLocale() === 'en' ? 'en' : 'th';
	const items = list.items.map((item) => ({
		...item,
		shown: questions
			.map((q) => ({
				questionId: q.id,
				label: pick(q.label, lang),
				answer: describeAnswer(
					q,
					item.answers.find((a) => a.questionId === q.id),
					lang
				)
			}))
			.filter((x) => x.answer !== '')
	}));
	return {
		filter: { status: filter.status ?? '', channel: filter.channel ?? '', tag: filter.tag ?? '', q: filter.q ?? '' },
		page: Math.floor((filter.offset ?? 0) / (filter.limit ?? 50)) + 1,
		pageSize: filter.limit ?? 50,
		total: list.total,
		items,
		tags,
		hasTestBoard: board !== null
	};
};

export const actions: Actions = {
	status: async (event) => {
		const { user, round, access } = await requireRoundResponses(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => setStatus(event.locals.db, round.id, data.getAll('ids'), data.get('status'), user.id));
		if (!result.ok) return result.failure;
		await recordAudit(event.locals, 'feedback.moderated', {
			projectId: access.projectId,
			target: { kind: 'round', id: round.id },
			details: { status: String(data.get('status')), count: result.value }
		});
		return { done: 'status' as const, count: result.value };
	},
	tag: async (event) => {
		const { round, access } = await requireRoundResponses(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => addTagToMany(event.locals.db, round.id, data.getAll('ids'), data.get('tag')));
		if (!result.ok) return result.failure;
		await recordAudit(event.locals, 'feedback.tagged', {
			projectId: access.projectId,
			target: { kind: 'round', id: round.id },
			details: { count: result.value }
		});
		return { done: 'tag' as const, count: result.value };
	},
	board: async (event) => {
		const { user, round, access } = await requireRoundResponses(event, 'edit');
		const data = await event.request.formData();
		const db = event.locals.db;
		const questions = await listQuestions(db, round.id);
		const result = await handleForm(data, () =>
			sendToTestBoard(db, event.locals.runtime.collab, {
				projectId: access.projectId,
				roundId: round.id,
				responseIds: data.getAll('ids'),
				userId: user.id,
				wording: boardWording(questions, getLocale() === 'en' ? 'en' : 'th')
			})
		);
		if (!result.ok) return result.failure;
		if (result.value.sent === 0 && result.value.alreadyThere > 0) return fail(409, { errors: { '': m.fb_board_already() }, values: {} });
		await recordAudit(event.locals, 'feedback.sent_to_board', {
			projectId: access.projectId,
			target: { kind: 'round', id: round.id },
			details: { count: result.value.sent }
		});
		return { done: 'board' as const, count: result.value.sent };
	}
};
