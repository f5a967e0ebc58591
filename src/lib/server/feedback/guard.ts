import { error, type RequestEvent } from '@sveltejs/kit';
import { requireProject, type ProjectNeed } from '../http/guards.ts';
import type { SessionUser } from '../auth/session.ts';
import type { ProjectAccess } from '../projects/access.ts';
import { findRoundById, projectOfRound } from './rounds.ts';
import { m } from '$lib/paraglide/messages.js';

type RoundEvent = Pick<RequestEvent, 'locals' | 'url'> & { params: Partial<Record<string, string>> };

/**
 * The project access and the round of a `/projects/[id]/feedback/[rid]` route, if the user's
 * access covers `need`. A round of another project is "not found", like a project the user
 * may not see. Actions call this too: layout loads do not run for them.
 */
export async function requireRound(event: RoundEvent, need: ProjectNeed) {
	const { user, access } = await requireProject(event, need);
	const roundId = event.params.rid ?? '';
	const projectId = await projectOfRound(event.locals.db, roundId);
	if (projectId !== access.projectId) error(404, m.error_not_found());
	const round = (await findRoundById(event.locals.db, roundId))!;
	return { user, access, round };
}

/**
 * Whether `user` may read what citizens wrote in the project's rounds (the responses, one by
 * one, their CSV, the API's list): the project's team and admins. Seeing a project — an
 * official following the portfolio, anyone signed in on a published project — shows its
 * rounds and their counts, never the words themselves.
 */
export function mayReadResponses(user: Pick<SessionUser, 'role'>, access: Pick<ProjectAccess, 'teamRole'>): boolean {
	return user.role === 'admin' || access.teamRole !== null;
}

/**
 * requireRound for the responses: to anyone not on the team they are "not found", like any
 * private thing (even to those who may see the project: they learn nothing from a 403).
 */
export async function requireRoundResponses(event: RoundEvent, need: ProjectNeed) {
	const found = await requireRound(event, 'view');
	if (!mayReadResponses(found.user, found.access)) error(404, m.error_not_found());
	if (need === 'edit' && !found.access.canEdit) error(403, m.error_forbidden());
	if (need === 'manage' && !found.access.canManage) error(403, m.error_forbidden());
	return found;
}
