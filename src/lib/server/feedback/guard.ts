import { error, type RequestEvent } from '@sveltejs/kit';
import { requireProject, type ProjectNeed } from '../http/guards.ts';
import { findRoundById, projectOfRound } from './rounds.ts';
import { m } from '$lib/paraglide/messages.js';

/**
 * The project access and the round of a `/projects/[id]/feedback/[rid]` route, if the user's
 * access covers `need`. A round of another project is "not found", like a project the user
 * may not see. Actions call this too: layout loads do not run for them.
 */
export async function requireRound(
	event: Pick<RequestEvent, 'locals' | 'url'> & { params: Partial<Record<string, string>> },
	need: ProjectNeed
) {
	const { user, access } = await requireProject(event, need);
	const roundId = event.params.rid ?? '';
	const projectId = await projectOfRound(event.locals.db, roundId);
	if (projectId !== access.projectId) error(404, m.error_not_found());
	const round = (await findRoundById(event.locals.db, roundId))!;
	return { user, access, round };
}
