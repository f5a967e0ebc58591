import { fail, redirect } from '@sveltejs/kit';
import { createPrototype, listOwnerChoices, prototypeInputFrom } from '$lib/server/prototypes/prototypes';
import { FIDELITIES } from '$lib/domain/prototype-lifecycle';
import { readIdeateBoard, snapshotsOf } from '$lib/server/prototypes/ideate-notes';
import { boardNotesReader } from '$lib/server/prototypes/board-reader';
import { handlePrototypeForm, sectionTitle } from '$lib/server/prototypes/forms';
import { requireProject } from '$lib/server/http/guards';
import { refuse } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { access } = await requireProject(event, 'edit');
	const [owners, ideate] = await Promise.all([
		listOwnerChoices(event.locals.db, access.projectId),
		readIdeateBoard(event.locals.db, access.projectId, boardNotesReader(event.locals.runtime, sectionTitle))
	]);
	return { owners, fidelities: FIDELITIES, ideate };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, access } = await requireProject(event, 'edit');
		const data = await event.request.formData();
		const chosen = data.getAll('ideas');
		const result = await handlePrototypeForm(data, async () => {
			let ideas: Awaited<ReturnType<typeof snapshotsOf>>['ideas'] = [];
			if (chosen.length > 0) {
				const board = await readIdeateBoard(event.locals.db, access.projectId, boardNotesReader(event.locals.runtime, sectionTitle));
				// A note deleted since the page was drawn cannot be snapshotted: say so, keep the form.
				if (!board) refuse('prototype_ideas_unreadable', 'ideas');
				const snapshots = snapshotsOf(board, chosen);
				if (snapshots.missing > 0) refuse('prototype_idea_gone', 'ideas');
				ideas = snapshots.ideas;
			}
			return createPrototype(event.locals.db, access.projectId, prototypeInputFrom(data), user, { ideas });
		});
		if (!result.ok) return fail(result.failure.status, { ...result.failure.data, ideas: chosen.map(String) });
		redirect(303, `/projects/${access.projectId}/prototypes/${result.value.id}?created=1`);
	}
};
