import { fail } from '@sveltejs/kit';
import { handleForm } from '$lib/server/http/forms';
import { requireWorkshop, requireWorkshopRunner } from '$lib/server/workshops/guard';
import { doneCounts, endWorkshop, goToStep, mayRunWorkshop, startWorkshop, type StepTarget } from '$lib/server/workshops/live';
import { addMethodStep, addPresetStep, addStep, moveStep, removeStep, resizeStep, stepInputFrom, updateStep } from '$lib/server/workshops/agenda';
import { listMethods } from '$lib/server/methods/library';
import { refuse } from '$lib/server/validation';
import { presetInstructions, presetTitle } from '$lib/i18n/workshops/labels';
import { STEP_PRESETS, WORKSHOP_LIMITS, type StepPreset } from '$lib/domain/workshops';
import { formatJoinCode, JOIN_CODE_TTLS_HOURS } from '$lib/server/guests/join-codes';
import { closeWorkshopJoinCode, currentWorkshopJoinCode, listWorkshopGuests, openWorkshopJoinCode } from '$lib/server/guests/workshop-guests';
import { m } from '$lib/paraglide/messages.js';
import QRCode from 'qrcode';
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
		joinCode: access.canEdit && mayRunWorkshop(workshop, user.id) ? await currentWorkshopJoinCode(event.locals.db, workshop.id) : null,
		guestCount: (await listWorkshopGuests(event.locals.db, workshop.id)).length,
		codeHours: JOIN_CODE_TTLS_HOURS,
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

	end: (event) =>
		live(event, async (workshop) => {
			const { endedGuests } = await endWorkshop(event.locals.db, event.locals.runtime.collab, workshop);
			// The guests' open board sockets close now, not at the next periodic check.
			for (const guestId of endedGuests) await event.locals.runtime.events.publish('access-changed', { scope: 'guest', guestId });
		}),

	/** Opens the workshop's join code: shown once, with a QR code of the join page. */
	openJoinCode: async (event) => {
		const { user, workshop } = await requireWorkshopRunner(event);
		const data = await event.request.formData();
		const hours = Number(data.get('hours'));
		if (!(JOIN_CODE_TTLS_HOURS as readonly number[]).includes(hours))
			return fail(400, { form: 'code', step: '', errors: { hours: m.form_has_errors() } });
		const result = await handleForm(data, () => openWorkshopJoinCode(event.locals.db, workshop.id, user.id, hours * 60 * 60 * 1000));
		if (!result.ok) return fail(result.failure.status, { ...result.failure.data, form: 'code', step: '' });
		const joinUrl = `${event.url.origin}/join?code=${formatJoinCode(result.value.code)}`;
		const svg = await QRCode.toString(joinUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
		return {
			done: 'code',
			step: '',
			joinCode: formatJoinCode(result.value.code),
			expiresAt: result.value.expiresAt,
			joinPage: `${event.url.origin}/join`,
			qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
		};
	},

	/** Closes the join code: no new guests; those in stay until the end. */
	closeJoinCode: async (event) => {
		const { workshop } = await requireWorkshopRunner(event);
		await closeWorkshopJoinCode(event.locals.db, workshop.id);
		return { done: 'code-closed', step: '' };
	},

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
