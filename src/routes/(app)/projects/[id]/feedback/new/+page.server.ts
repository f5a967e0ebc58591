import { redirect } from '@sveltejs/kit';
import { requireProject } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import { bangkokDay, createRound, listRoundsOfProject, listVersionChoices, roundInputFrom } from '$lib/server/feedback/rounds';
import { addQuestion, copyQuestions } from '$lib/server/feedback/questions';
import { starterPurpose, starterQuestions } from '$lib/server/feedback/starter';
import type { Actions, PageServerLoad } from './$types';

const DAY = 24 * 60 * 60 * 1000;

export const load: PageServerLoad = async (event) => {
	const { access } = await requireProject(event, 'edit');
	const versions = await listVersionChoices(event.locals.db, access.projectId);
	const rounds = await listRoundsOfProject(event.locals.db, access.projectId);
	const wanted = event.url.searchParams.get('prototype');
	const preselected = versions.find((v) => v.prototypeId === wanted) ?? versions[0];
	const purpose = starterPurpose();
	const now = Date.now();
	return {
		versions,
		sources: rounds.map((r) => ({ id: r.id, label: `${r.title.th} · ${r.prototypeTitle} v${r.versionNumber}` })),
		defaults: {
			version: preselected?.versionId ?? '',
			title_th: preselected ? preselected.prototypeTitle : '',
			purpose_th: purpose.th,
			purpose_en: purpose.en,
			opens_on: bangkokDay(now),
			closes_on: bangkokDay(now + 13 * DAY),
			retention_days: '90',
			questions: 'starter'
		}
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { user, access } = await requireProject(event, 'edit');
		const data = await event.request.formData();
		const db = event.locals.db;
		const result = await handleForm(data, async () => {
			const round = await createRound(db, access.projectId, roundInputFrom(data), user.id);
			const source = String(data.get('questions') ?? 'starter');
			if (source === 'starter') {
				for (const q of starterQuestions()) await addQuestion(db, round.id, q);
			} else if (source !== 'none') {
				// Only a round of this project can be copied from.
				const own = (await listRoundsOfProject(db, access.projectId)).some((r) => r.id === source);
				if (own) await copyQuestions(db, source, round.id);
			}
			return round;
		});
		if (!result.ok) return result.failure;
		redirect(303, `/projects/${access.projectId}/feedback/${result.value.id}/questions?created`);
	}
};
