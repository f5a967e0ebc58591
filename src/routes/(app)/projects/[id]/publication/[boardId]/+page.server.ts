import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requireProject } from '$lib/server/http/guards';
import { issueMessage } from '$lib/i18n/errors';
import { InputError } from '$lib/server/validation';
import {
	approveFeedbackWording,
	boardSectionsToChoose,
	choiceQuery,
	findProjectBoard,
	listPublications,
	previewPublication,
	publicationChoiceFrom,
	publishBoard,
	readPublication,
	revokeFeedbackWording,
	withdrawPublication
} from '$lib/server/publication/publications';
import type { PublicationChoice } from '$lib/domain/publication';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { recordAudit } from '$lib/server/audit/record';

/**
 * A facilitator chooses what of a board is public: the choice is a query string (a GET form, so
 * the preview is a page of its own), the preview is the public rendering of exactly what would
 * be stored, and publishing posts the preview's digest back so nothing unseen is published.
 */

async function boardOf(event: RequestEvent | Parameters<PageServerLoad>[0]) {
	const { user, access } = await requireProject(event, 'manage');
	const board = await findProjectBoard(event.locals.db, access.projectId, event.params.boardId);
	if (!board) error(404, m.error_not_found());
	return { user, access, board };
}

function messageOf(err: unknown): string {
	if (err instanceof InputError && err.issues[0]) return issueMessage(err.issues[0]);
	throw err;
}

export const load: PageServerLoad = async (event) => {
	const { access, board } = await boardOf(event);
	const { db, runtime } = event.locals;
	let choice: PublicationChoice | null = null;
	let choiceError = '';
	try {
		choice = publicationChoiceFrom(event.url.searchParams);
	} catch (err) {
		choiceError = messageOf(err);
	}
	const [sections, current, publications, preview] = await Promise.all([
		boardSectionsToChoose(runtime.collab, board.id),
		readPublication(db, access.projectId, board.id),
		listPublications(db, access.projectId),
		choice ? previewPublication(db, runtime.collab, access.projectId, board.id, choice) : null
	]);
	const done = event.url.searchParams.get('done');
	return {
		board,
		sections: sections.map(({ section, notes }) => ({ id: section.id, title: section.title, key: section.key, notes })),
		current,
		summary: publications.find((p) => p.boardId === board.id) ?? null,
		choice,
		choiceError,
		preview: preview && {
			view: preview.view,
			withheld: preview.withheld,
			approved: preview.approved,
			outside: preview.outside,
			digest: preview.digest
		},
		done: done === 'published' || done === 'withdrawn' || done === 'approved' || done === 'revoked' ? done : null
	};
};

/** Back to the page, with the choice still previewed when there was one. */
function back(event: RequestEvent, choice: PublicationChoice | null, done: string): never {
	const query = choice ? `${choiceQuery(choice)}&done=${done}` : `done=${done}`;
	redirect(303, `/projects/${event.params.id}/publication/${event.params.boardId}?${query}${choice ? '#preview' : ''}`);
}

export const actions: Actions = {
	publish: async (event) => {
		const { user, access, board } = await boardOf(event);
		const data = await event.request.formData();
		try {
			const choice = publicationChoiceFrom(data);
			if (!choice) return fail(400, { message: issueMessage({ field: 'scope', code: 'required' }) });
			await publishBoard(event.locals.db, event.locals.runtime.collab, {
				projectId: access.projectId,
				boardId: board.id,
				choice,
				digest: data.get('digest'),
				userId: user.id
			});
			await recordAudit(event.locals, 'board.published', {
				projectId: access.projectId,
				target: { kind: 'board', id: board.id },
				details: { stage: board.stage, scope: choice.scope }
			});
		} catch (err) {
			const changed = err instanceof InputError && err.issues[0]?.code === 'pub_changed_since_preview';
			return fail(changed ? 409 : 400, { message: messageOf(err) });
		}
		back(event, null, 'published');
	},
	withdraw: async (event) => {
		const { access, board } = await boardOf(event);
		if (await withdrawPublication(event.locals.db, access.projectId, board.id))
			await recordAudit(event.locals, 'board.publication_withdrawn', {
				projectId: access.projectId,
				target: { kind: 'board', id: board.id },
				details: { stage: board.stage }
			});
		back(event, null, 'withdrawn');
	},
	approve: async (event) => {
		const { user, access, board } = await boardOf(event);
		const data = await event.request.formData();
		let choice: PublicationChoice | null;
		try {
			choice = publicationChoiceFrom(data);
			await approveFeedbackWording(event.locals.db, event.locals.runtime.collab, {
				projectId: access.projectId,
				boardId: board.id,
				noteId: data.get('note'),
				userId: user.id
			});
			await recordAudit(event.locals, 'board.wording_approved', { projectId: access.projectId, target: { kind: 'board', id: board.id } });
		} catch (err) {
			return fail(400, { message: messageOf(err) });
		}
		back(event, choice, 'approved');
	},
	revoke: async (event) => {
		const { access, board } = await boardOf(event);
		const data = await event.request.formData();
		let choice: PublicationChoice | null;
		try {
			choice = publicationChoiceFrom(data);
			await revokeFeedbackWording(event.locals.db, board.id, data.get('note'));
			await recordAudit(event.locals, 'board.wording_revoked', { projectId: access.projectId, target: { kind: 'board', id: board.id } });
		} catch (err) {
			return fail(400, { message: messageOf(err) });
		}
		back(event, choice, 'revoked');
	}
};
