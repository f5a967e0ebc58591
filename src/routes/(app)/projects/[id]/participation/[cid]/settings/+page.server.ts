import { redirect } from '@sveltejs/kit';
import { requireCall } from '$lib/server/participation/guard';
import { handleForm } from '$lib/server/http/forms';
import { bangkokDay, lastOpenDay } from '$lib/server/feedback/rounds';
import { callInputFrom, closeCallNow, howMightWeChoices, listCallQuestions, questionsText, updateCall } from '$lib/server/participation/calls';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { call, access } = await requireCall(event, 'edit');
	const db = event.locals.db;
	const [questions, hmw, answered] = await Promise.all([
		listCallQuestions(db, call.id),
		call.kind === 'idea' ? howMightWeChoices(db, event.locals.runtime.collab, access.projectId) : Promise.resolve([]),
		db.selectFrom('participation_entries').select('id').where('call_id', '=', call.id).limit(1).executeTakeFirst()
	]);
	const yes = (b: boolean) => (b ? 'yes' : '');
	return {
		hmw: hmw.map((h) => ({ value: `${h.boardId}:${h.noteId}`, text: h.text })),
		questionsLocked: answered !== undefined,
		values: {
			title_th: call.title.th,
			title_en: call.title.en,
			prompt_th: call.prompt.th,
			prompt_en: call.prompt.en,
			purpose_th: call.purpose.th,
			purpose_en: call.purpose.en,
			offer_en: yes(call.languages.includes('en')),
			opens_on: bangkokDay(call.opensAt),
			closes_on: lastOpenDay(call.closesAt),
			collect_contact: yes(call.collectContact),
			retention_days: String(call.contactRetentionDays),
			allow_photo: yes(call.allowPhoto),
			questions: questionsText(questions),
			hmw: call.hmw ? `${call.hmw.boardId}:${call.hmw.noteId}` : '',
			report_threshold: String(call.reportThreshold),
			support_check: yes(call.supportCheck)
		} as Record<string, string>
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { call, access } = await requireCall(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => updateCall(event.locals.db, event.locals.runtime.collab, call, callInputFrom(data, call.kind)));
		if (!result.ok) return result.failure;
		redirect(303, `/projects/${access.projectId}/participation/${call.id}/settings?saved`);
	},
	close: async (event) => {
		const { call, access } = await requireCall(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => closeCallNow(event.locals.db, call));
		if (!result.ok) return result.failure;
		redirect(303, `/projects/${access.projectId}/participation/${call.id}/settings?closed`);
	}
};
