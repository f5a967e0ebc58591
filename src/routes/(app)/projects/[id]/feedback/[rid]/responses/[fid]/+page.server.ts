import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireRound } from '$lib/server/feedback/guard';
import { handleForm } from '$lib/server/http/forms';
import { addNote, findResponse, removeNote, setStatus, setTags } from '$lib/server/feedback/moderation';
import { listQuestions } from '$lib/server/feedback/questions';
import { describeAnswer } from '$lib/server/feedback/form-view';
import { boardWording } from '$lib/server/feedback/board-wording';
import { findTestBoard, sendToTestBoard } from '$lib/server/feedback/to-board';
import { pick } from '$lib/server/feedback/model';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { round, access } = await requireRound(event, 'view');
	const db = event.locals.db;
	// Contact details are for the people who work on the project, not for everyone who may read it.
	const response = await findResponse(db, round.id, event.params.fid, { withContact: access.canEdit });
	if (!response) error(404, m.error_not_found());
	const questions = await listQuestions(db, round.id);
	const lang = getLocale() === 'en' ? 'en' : 'th';
	return {
		response,
		shown: questions
			.map((q) => ({ questionId: q.id, label: pick(q.label, lang), answer: describeAnswer(q, response.answers.find((a) => a.questionId === q.id), lang) }))
			.filter((x) => x.answer !== ''),
		hasTestBoard: (await findTestBoard(db, access.projectId)) !== null
	};
};

export const actions: Actions = {
	status: async (event) => {
		const { user, round } = await requireRound(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => setStatus(event.locals.db, round.id, [event.params.fid], data.get('status'), user.id));
		if (!result.ok) return result.failure;
		return { done: 'status' as const };
	},
	tags: async (event) => {
		const { round } = await requireRound(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => setTags(event.locals.db, round.id, event.params.fid, data.get('tags') ?? ''));
		if (!result.ok) return result.failure;
		return { done: 'tags' as const };
	},
	note: async (event) => {
		const { user, round } = await requireRound(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => addNote(event.locals.db, round.id, event.params.fid, data.get('note'), user.id));
		if (!result.ok) return result.failure;
		return { done: 'note' as const };
	},
	removeNote: async (event) => {
		const { round } = await requireRound(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => removeNote(event.locals.db, round.id, event.params.fid, data.get('noteId')));
		if (!result.ok) return result.failure;
		return { done: 'removeNote' as const };
	},
	board: async (event) => {
		const { user, round, access } = await requireRound(event, 'edit');
		const data = await event.request.formData();
		const db = event.locals.db;
		const questions = await listQuestions(db, round.id);
		const result = await handleForm(data, () =>
			sendToTestBoard(db, event.locals.runtime.collab, {
				projectId: access.projectId,
				roundId: round.id,
				responseIds: [event.params.fid],
				userId: user.id,
				wording: boardWording(questions, getLocale() === 'en' ? 'en' : 'th')
			})
		);
		if (!result.ok) return result.failure;
		return { done: 'board' as const };
	}
};
