import { env } from '$env/dynamic/private';
import { requirePrototype } from '$lib/server/prototypes/guard';
import { changeStatus, listStatusChanges } from '$lib/server/prototypes/status';
import { addAttachments, addVersion, listVersions, removeAttachment } from '$lib/server/prototypes/versions';
import { saveTestPlan, testPlanInputFrom, bangkokToday } from '$lib/server/prototypes/test-plans';
import { decisionInputFrom, listDecisions, recordDecision, EVIDENCE_ROWS } from '$lib/server/prototypes/decisions';
import { linkIdeas, listIdeaLinks, unlinkIdea } from '$lib/server/prototypes/ideas';
import { buildTimeline } from '$lib/server/prototypes/timeline';
import { DECISION_OUTCOMES, STATUS_PATH, nextStatuses, statusForOutcome } from '$lib/domain/prototype-lifecycle';
import { listBoardSectionChoices, listFeedbackRoundChoices } from '$lib/server/prototypes/evidence-choices';
import { readIdeateBoard, snapshotsOf } from '$lib/server/prototypes/ideate-notes';
import { boardNotesReader, boardSectionsReader } from '$lib/server/prototypes/board-reader';
import { handlePrototypeForm, readUploadForm, refusedAs, sectionTitle } from '$lib/server/prototypes/forms';
import { presentUploads, uploadLimits, megabytes } from '$lib/server/files/attachments';
import { refuse } from '$lib/server/validation';
import type { RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import type { Actions, PageServerLoad } from './$types';
import { recordAudit } from '$lib/server/audit/record';

const limits = () => uploadLimits(env.BODY_SIZE_LIMIT);
const blobs = (event: RequestEvent) => event.locals.runtime.blobs;

/** What a decision may cite: the prototype's feedback rounds and the Test board's sections. */
async function evidenceChoices(event: RequestEvent, projectId: string, prototypeId: string) {
	const [rounds, sections] = await Promise.all([
		listFeedbackRoundChoices(event.locals.db, prototypeId),
		listBoardSectionChoices(event.locals.db, projectId, boardSectionsReader(event.locals.runtime, sectionTitle), (section, count) =>
			m.proto_evidence_section_label({ section, count })
		)
	]);
	return { rounds, sections };
}

export const load: PageServerLoad = async (event) => {
	const { access, prototype } = await requirePrototype(event, 'view');
	const db = event.locals.db;
	const [statusChanges, versions, decisions, ideas, choices, ideate] = await Promise.all([
		listStatusChanges(db, prototype.id),
		listVersions(db, prototype.id),
		listDecisions(db, prototype.id),
		listIdeaLinks(db, prototype.id),
		access.canEdit ? evidenceChoices(event, access.projectId, prototype.id) : { rounds: [], sections: [] },
		access.canEdit ? readIdeateBoard(db, access.projectId, boardNotesReader(event.locals.runtime, sectionTitle)) : null
	]);
	const linked = new Set(ideas.map((i) => i.noteId));
	const upload = limits();
	return {
		prototype,
		statusChanges,
		versions,
		decisions,
		ideas,
		timeline: buildTimeline({ statusChanges, versions, decisions, ideas }),
		statusPath: STATUS_PATH,
		nextStatuses: nextStatuses(prototype.status),
		outcomes: DECISION_OUTCOMES,
		outcomeTargets: Object.fromEntries(DECISION_OUTCOMES.map((o) => [o, statusForOutcome(o)])) as Record<
			(typeof DECISION_OUTCOMES)[number],
			ReturnType<typeof statusForOutcome>
		>,
		evidenceRows: EVIDENCE_ROWS,
		evidenceChoices: choices,
		ideateBoardId: ideate?.boardId ?? null,
		unlinkedNotes: ideate ? ideate.notes.filter((n) => !linked.has(n.id)) : null,
		uploadLimits: { maxMb: megabytes(upload.maxBytes), maxFiles: upload.maxFiles },
		today: bangkokToday()
	};
};

export const actions: Actions = {
	status: async (event) => {
		const { user, prototype } = await requirePrototype(event, 'edit');
		const data = await event.request.formData();
		const result = await handlePrototypeForm(data, () =>
			changeStatus(event.locals.db, prototype.id, { to: data.get('to'), reason: data.get('reason') }, user.id)
		);
		if (!result.ok) return refusedAs('status', result.failure);
		return { done: 'status' as const };
	},

	version: async (event) => {
		const { user, access, prototype } = await requirePrototype(event, 'edit');
		const form = await readUploadForm(event.request, limits());
		if (!form.ok) return refusedAs('version', form.failure);
		const data = form.data;
		const result = await handlePrototypeForm(data, () =>
			addVersion(
				event.locals.db,
				prototype.id,
				{ changes: data.get('changes'), rationale: data.get('rationale'), rounds: data.getAll('rounds') },
				presentUploads(data.getAll('files')),
				{ blobs: blobs(event), userId: user.id, limits: limits() }
			)
		);
		if (!result.ok) return refusedAs('version', result.failure);
		await recordAudit(event.locals, 'prototype.version_added', {
			projectId: access.projectId,
			target: { kind: 'prototype', id: prototype.id },
			details: { version: result.value.number }
		});
		return { done: 'version' as const, number: result.value.number };
	},

	attach: async (event) => {
		const { user, prototype } = await requirePrototype(event, 'edit');
		const form = await readUploadForm(event.request, limits());
		if (!form.ok) return refusedAs('attach', form.failure);
		const data = form.data;
		const result = await handlePrototypeForm(data, () =>
			addAttachments(event.locals.db, prototype.id, String(data.get('version') ?? ''), presentUploads(data.getAll('files')), {
				blobs: blobs(event),
				userId: user.id,
				limits: limits()
			})
		);
		if (!result.ok) return refusedAs('attach', result.failure);
		return { done: 'attach' as const };
	},

	removeAttachment: async (event) => {
		const { access, prototype } = await requirePrototype(event, 'edit');
		const data = await event.request.formData();
		const result = await handlePrototypeForm(data, () =>
			removeAttachment(event.locals.db, blobs(event), prototype.id, String(data.get('attachment') ?? ''))
		);
		if (!result.ok) return refusedAs('removeAttachment', result.failure);
		await recordAudit(event.locals, 'prototype.attachment_removed', { projectId: access.projectId, target: { kind: 'prototype', id: prototype.id } });
		return { done: 'removeAttachment' as const };
	},

	plan: async (event) => {
		const { user, prototype } = await requirePrototype(event, 'edit');
		const data = await event.request.formData();
		const result = await handlePrototypeForm(data, () =>
			saveTestPlan(event.locals.db, prototype.id, String(data.get('version') ?? ''), testPlanInputFrom(data), user.id)
		);
		if (!result.ok) return refusedAs('plan', result.failure);
		return { done: 'plan' as const };
	},

	decision: async (event) => {
		const { user, access, prototype } = await requirePrototype(event, 'edit');
		const data = await event.request.formData();
		const offered = await evidenceChoices(event, access.projectId, prototype.id);
		const result = await handlePrototypeForm(data, () => recordDecision(event.locals.db, prototype.id, decisionInputFrom(data), user.id, offered));
		if (!result.ok) return refusedAs('decision', result.failure);
		await recordAudit(event.locals, 'prototype.decision_recorded', {
			projectId: access.projectId,
			target: { kind: 'prototype', id: prototype.id },
			details: { outcome: String(data.get('outcome')) }
		});
		return { done: 'decision' as const };
	},

	link: async (event) => {
		const { user, access, prototype } = await requirePrototype(event, 'edit');
		const data = await event.request.formData();
		const result = await handlePrototypeForm(data, async () => {
			const chosen = data.getAll('ideas');
			if (chosen.length === 0) refuse('prototype_no_ideas_chosen', 'ideas');
			const board = await readIdeateBoard(event.locals.db, access.projectId, boardNotesReader(event.locals.runtime, sectionTitle));
			if (!board) refuse('prototype_ideas_unreadable', 'ideas');
			const { ideas, missing } = snapshotsOf(board, chosen);
			if (missing > 0) refuse('prototype_idea_gone', 'ideas');
			await linkIdeas(event.locals.db, prototype.id, ideas, user.id);
		});
		if (!result.ok) return refusedAs('link', result.failure);
		return { done: 'link' as const };
	},

	unlink: async (event) => {
		const { prototype } = await requirePrototype(event, 'edit');
		const data = await event.request.formData();
		const result = await handlePrototypeForm(data, () => unlinkIdea(event.locals.db, prototype.id, String(data.get('link') ?? '')));
		if (!result.ok) return refusedAs('unlink', result.failure);
		return { done: 'unlink' as const };
	}
};
