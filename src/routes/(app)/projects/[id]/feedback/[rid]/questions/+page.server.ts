import { fail, type ActionFailure } from '@sveltejs/kit';
import { requireRound } from '$lib/server/feedback/guard';
import { handleForm } from '$lib/server/http/forms';
import { addQuestion, listQuestions, moveQuestion, questionInputFrom, removeQuestion, updateQuestion } from '$lib/server/feedback/questions';
import { roundHasResponses } from '$lib/server/feedback/rounds';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { round } = await requireRound(event, 'view');
	return {
		questions: await listQuestions(event.locals.db, round.id),
		locked: await roundHasResponses(event.locals.db, round.id),
		created: event.url.searchParams.has('created')
	};
};

/** Tags a refusal with the form it answers (the page has one form per question). */
function tagged(result: { failure: ActionFailure<{ errors: Record<string, string>; values: Record<string, string> }> }, formId: string) {
	return fail(result.failure.status, { ...result.failure.data, form: formId });
}

export const actions: Actions = {
	add: async (event) => {
		const { round } = await requireRound(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => addQuestion(event.locals.db, round.id, questionInputFrom(data)));
		if (!result.ok) return tagged(result, 'add');
		return { done: 'add' as const };
	},
	update: async (event) => {
		const { round } = await requireRound(event, 'edit');
		const data = await event.request.formData();
		const id = String(data.get('question') ?? '');
		const result = await handleForm(data, () => updateQuestion(event.locals.db, round.id, id, questionInputFrom(data)));
		if (!result.ok) return tagged(result, id);
		return { done: 'update' as const };
	},
	remove: async (event) => {
		const { round } = await requireRound(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => removeQuestion(event.locals.db, round.id, String(data.get('question') ?? '')));
		if (!result.ok) return tagged(result, 'list');
		return { done: 'remove' as const };
	},
	move: async (event) => {
		const { round } = await requireRound(event, 'edit');
		const data = await event.request.formData();
		const direction = data.get('direction') === 'up' ? -1 : 1;
		const result = await handleForm(data, () => moveQuestion(event.locals.db, round.id, String(data.get('question') ?? ''), direction));
		if (!result.ok) return tagged(result, 'list');
		return { done: 'move' as const };
	}
};
