import { error, type RequestEvent } from '@sveltejs/kit';
import { requireProject, type ProjectNeed } from '../http/guards.ts';
import { mayReadResponses } from '../feedback/guard.ts';
import { findCallById } from './calls.ts';
import { m } from '$lib/paraglide/messages.js';

type CallEvent = Pick<RequestEvent, 'locals' | 'url'> & { params: Partial<Record<string, string>> };

/**
 * The project access and the call of a `/projects/[id]/participation/[cid]` route, if the user's
 * access covers `need`. A call of another project is "not found". Actions call this too.
 */
export async function requireCall(event: CallEvent, need: ProjectNeed) {
	const { user, access } = await requireProject(event, need);
	const call = await findCallById(event.locals.db, event.params.cid ?? '');
	if (!call || call.projectId !== access.projectId) error(404, m.error_not_found());
	return { user, access, call };
}

/**
 * requireCall for what citizens wrote (stories and ideas one by one, their photos): as for
 * feedback responses (feedback/guard.ts `mayReadResponses`), the project's team and admins only;
 * anyone else who may see the project sees the counts, and the entries are "not found" to them.
 */
export async function requireCallEntries(event: CallEvent, need: ProjectNeed) {
	const found = await requireCall(event, 'view');
	if (!mayReadResponses(found.user, found.access)) error(404, m.error_not_found());
	if (need === 'edit' && !found.access.canEdit) error(403, m.error_forbidden());
	if (need === 'manage' && !found.access.canManage) error(403, m.error_forbidden());
	return found;
}

/** The project's interview log: its team and admins only (officials not on the team: not found). */
export async function requireInterviews(event: CallEvent, need: ProjectNeed) {
	const found = await requireProject(event, 'view');
	if (!mayReadResponses(found.user, found.access)) error(404, m.error_not_found());
	if (need === 'edit' && !found.access.canEdit) error(403, m.error_forbidden());
	if (need === 'manage' && !found.access.canManage) error(403, m.error_forbidden());
	return found;
}
