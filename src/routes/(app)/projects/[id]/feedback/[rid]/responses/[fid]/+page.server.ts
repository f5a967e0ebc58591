import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireRoundResponses } from '$lib/server/feedback/guard';
import { handleForm } from '$lib/server/http/forms';
import { addNote, findResponse, removeNote, setStatus, setTags } from '$lib/server/feedback/moderation';
import { listQuestions } from '$lib/server/feedback/questions';
import { describeAnswer } from '$lib/server/feedback/form-view';
import { boardWording } from '$lib/server/feedback/board-wording';
import { findTestBoard, sendToTestBoard } from '$lib/server/feedback/to-board';
import { pick } from '$lib/domain/feedback';
import type { Actions, PageServerLoad } from './$types';
import { recordAudit } from '$lib/server/audit/record';

export const load: PageServerLoad = async (event) => {
	const { round, access } = await requireRoundResponses(event, 'view');
	const db = event.locals.db;
	// Contact details are for the people who work on the project, not for everyone who may read it.
	const response = await findResponse(db, round.id, event.params.fid, { withContact: access.canEdit });
	if (!response) error(404, m.error_not_found());
	const questions = await listQuestions(db, round.id);
	const lang = getLocale() === 'en' ? 'en' : 'th';
	return {
		response,
		shown: questions
			.map((q) => ({
				questionId: q.id,
				label: pick(q.label, lang),
				answer: describeAnswer(
					q,
					response.answers.find((a) => a.questionId === q.id),
					lang
				)
			}))
			.filter((x) => x.answer !== ''),
		hasTestBoard: (await findTestBoard(db, access.projectId)) !== null
	};
};

export const actions: Actions = {
	status: async (event) => {
		const { user, round, access } = await requireRoundResponses(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => setStatus(event.locals.db, round.id, [event.params.fid], data.get('status'), user.id));
		if (!result.ok) return result.failure;
		await recordAudit(event.locals, 'feedback.moderated', {
			projectId: access.projectId,
			target: { kind: 'response', id: event.params.fid },
			details: { status: String(data.get('status')), count: 1 }
		});
		return { done: 'status' as const };
	},
	tags: async (event) => {
		const { round, access } = await requireRoundResponses(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => setTags(event.locals.db, round.id, event.params.fid, data.get('tags') ?? ''));
		if (!result.ok) return result.failure;
		await recordAudit(event.locals, 'feedback.tagged', {
			projectId: access.projectId,
			target: { kind: 'response', id: event.params.fid },
			details: { count: 1 }
		});
		return { done: 'tags' as const };
	},
	note: async (event) => {
		const { user, round } = await requireRoundResponses(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => addNote(event.locals.db, round.id, event.params.fid, data.get('note'), user.id));
		if (!result.ok) return result.failure;
		return { done: 'note' as const };
	},
	removeNote: async (event) => {
		const { round, access } = await requireRoundResponses(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => removeNote(event.locals.db, round.id, event.params.fid, data.get('noteId')));
		if (!result.ok) return result.failure;
		await recordAudit(event.locals, 'feedback.note_removed', { projectId: access.projectId, target: { kind: 'response', id: event.params.fid } });
		return { done: 'removeNote' as const };
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
				responseIds: [event.params.fid],
				userId: user.id,
				wording: boardWording(questions, getLocale() === 'en' ? 'en' : 'th')
			})
		);
		if (!result.ok) return result.failure;
		await recordAudit(event.locals, 'feedback.sent_to_board', {
			projectId: access.projectId,
			target: { kind: 'response', id: event.params.fid },
			details: { count: result.value.sent }
		});
		return { done: 'board' as const };
	}
};
