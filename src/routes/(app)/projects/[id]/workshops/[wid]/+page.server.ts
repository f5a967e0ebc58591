import { fail } from '@sveltejs/kit';
import { handleForm } from '$lib/server/http/forms';
import { requireWorkshop, requireWorkshopRunner } from '$lib/server/workshops/guard';
import { doneCounts, endWorkshop, goToStep, mayRunWorkshop, startWorkshop, type StepTarget } from '$lib/server/workshops/live';
import { addMethodStep, addPresetStep, addStep, moveStep, removeStep, resizeStep, stepInputFrom, updateStep } from '$lib/server/workshops/agenda';
import { listMethods } from '$lib/server/methods/library';
import { refuse } from '$lib/server/validation';
import { presetInstructions, presetTitle } from '$lib/i18n/workshops/labels';
import { STEP_PRESETS, WORKSHOP_LIMITS, type StepPreset } from '$lib/domain/workshops';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, access, workshop } = await requireWorkshop(event, 'view');
	// The library picker: only what it shows (name, stage, minutes), for those who plan the agenda.
	const methods = access.canManage
		? (await listMethods(event.locals.db)).map(({ id, name, stage, minutes, source }) => ({ id, name, stage, minutes, source }))
		: [];
	return {
		workshop,
		methods,
		canRun: access.canEdit && mayRunWorkshop(workshop, user.id),
		done: Object.fromEntries(await doneCounts(event.locals.db, workshop)),
		presets: STEP_PRESETS,
		created: event.url.searchParams.has('created'),
		saved: event.url.searchParams.has('saved')
	};
};

/**
 * Runs one agenda change for the workshop's facilitators. A refusal is tagged with the form it
 * answers (and the step, for a step's own forms) so only that form shows it.
 */
async function change(event: RequestEvent, form: string, work: (ctx: { projectId: string; workshopId: string; data: FormData }) => Promise<unknown>) {
	const { access, workshop } = await requireWorkshop(event, 'manage');
	const data = await event.request.formData();
	const step = String(data.get('step') ?? '');
	const result = await handleForm(data, () => work({ projectId: access.projectId, workshopId: workshop.id, data }));
	if (!result.ok) return fail(result.failure.status, { ...result.failure.data, form, step });
	return { done: form, step: typeof result.value === 'object' && result.value && 'id' in result.value ? String(result.value.id) : step };
}

/** Moves the room (start, a step, the end) for one of the workshop's facilitators; a refusal is tagged 'live'. */
async function live(
	event: RequestEvent,
	work: (workshop: Awaited<ReturnType<typeof requireWorkshopRunner>>['workshop'], data: FormData) => Promise<unknown>
) {
	const { workshop } = await requireWorkshopRunner(event);
	const data = await event.request.formData();
	const result = await handleForm(data, () => work(workshop, data));
	if (!result.ok) return fail(result.failure.status, { ...result.failure.data, form: 'live', step: '' });
	return { done: 'live', step: '' };
}

export const actions: Actions = {
	start: (event) => live(event, (workshop) => startWorkshop(event.locals.db, event.locals.runtime.collab, workshop)),

	go: (event) =>
		live(event, (workshop, data) => {
			const to = data.get('to');
			const target: StepTarget = to === 'next' || to === 'previous' ? { to } : { to: 'step', stepId: data.get('step') };
			return goToStep(event.locals.db, event.locals.runtime.collab, workshop, target);
		}),

	end: (event) => live(event, (workshop) => endWorkshop(event.locals.db, event.locals.runtime.collab, workshop)),

	addMethod: (event) =>
		change(event, 'addMethod', ({ projectId, workshopId, data }) => addMethodStep(event.locals.db, projectId, workshopId, data.get('method'))),

	addPreset: (event) =>
		change(event, 'addPreset', ({ projectId, workshopId, data }) => {
			const preset = data.get('preset');
			if (!(STEP_PRESETS as readonly unknown[]).includes(preset)) refuse('invalid_choice', 'preset');
			const chosen = preset as StepPreset;
			return addPresetStep(event.locals.db, projectId, workshopId, chosen, { title: presetTitle(chosen), instructions: presetInstructions(chosen) });
		}),

	addStep: (event) =>
		change(event, 'addStep', ({ projectId, workshopId, data }) => addStep(event.locals.db, projectId, workshopId, stepInputFrom(data))),

	updateStep: (event) =>
		change(event, 'updateStep', ({ projectId, workshopId, data }) =>
			updateStep(event.locals.db, projectId, workshopId, data.get('step'), stepInputFrom(data))
		),

	move: (event) =>
		change(event, 'move', ({ projectId, workshopId, data }) => {
			const by = data.get('by');
			if (by !== 'up' && by !== 'down') refuse('invalid_choice', 'by');
			return moveStep(event.locals.db, projectId, workshopId, data.get('step'), { by: by === 'up' ? -1 : 1 });
		}),

	resize: (event) =>
		change(event, 'resize', ({ projectId, workshopId, data }) => {
			const by = data.get('by');
			if (by !== 'shorter' && by !== 'longer') refuse('invalid_choice', 'by');
			const delta = by === 'longer' ? WORKSHOP_LIMITS.nudgeMinutes : -WORKSHOP_LIMITS.nudgeMinutes;
			return resizeStep(event.locals.db, projectId, workshopId, data.get('step'), delta);
		}),

	remove: (event) =>
		change(event, 'remove', ({ projectId, workshopId, data }) => removeStep(event.locals.db, projectId, workshopId, data.get('step')))
};
