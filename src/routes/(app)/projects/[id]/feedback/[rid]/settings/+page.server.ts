import { redirect } from '@sveltejs/kit';
import { requireRound } from '$lib/server/feedback/guard';
import { handleForm } from '$lib/server/http/forms';
import { bangkokDay, closeRoundNow, deleteRound, lastOpenDay, roundHasResponses, roundInputFrom, updateRound } from '$lib/server/feedback/rounds';
import type { Actions, PageServerLoad } from './$types';
import { recordAudit } from '$lib/server/audit/record';

export const load: PageServerLoad = async (event) => {
	const { round } = await requireRound(event, 'edit');
	return {
		saved: event.url.searchParams.has('saved'),
		hasResponses: await roundHasResponses(event.locals.db, round.id),
		values: {
			title_th: round.title.th,
			title_en: round.title.en,
			intro_th: round.intro.th,
			intro_en: round.intro.en,
			purpose_th: round.purpose.th,
			purpose_en: round.purpose.en,
			offer_en: round.languages.includes('en') ? 'yes' : '',
			opens_on: bangkokDay(round.opensAt),
			closes_on: lastOpenDay(round.closesAt),
			collect_contact: round.collectContact ? 'yes' : '',
			retention_days: String(round.contactRetentionDays)
		}
	};
};

export const actions: Actions = {
	save: async (event) => {
		const { round, access } = await requireRound(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => updateRound(event.locals.db, round.id, roundInputFrom(data)));
		if (!result.ok) return result.failure;
		redirect(303, `/projects/${access.projectId}/feedback/${round.id}/settings?saved`);
	},
	close: async (event) => {
		const { round } = await requireRound(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => closeRoundNow(event.locals.db, round.id));
		if (!result.ok) return result.failure;
		return { done: 'close' as const };
	},
	delete: async (event) => {
		const { round, access } = await requireRound(event, 'edit');
		const data = await event.request.formData();
		const result = await handleForm(data, () => deleteRound(event.locals.db, round.id));
		if (!result.ok) return result.failure;
		await recordAudit(event.locals, 'feedback.round_deleted', { projectId: access.projectId, target: { kind: 'round', id: round.id } });
		redirect(303, `/projects/${access.projectId}/feedback`);
	}
};
