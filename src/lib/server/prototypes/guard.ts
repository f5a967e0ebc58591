import { error, type RequestEvent } from '@sveltejs/kit';
import { requireProject, type ProjectNeed } from '../http/guards.ts';
import { findPrototypeById, type PrototypeSummary } from './prototypes.ts';
import { m } from '$lib/paraglide/messages.js';

/**
 * The project access and the prototype of a `/projects/[id]/prototypes/[pid]` route, if the
 * user's access covers `need`. A prototype of another project is "not found", like a project
 * the user may not see. Actions call this too: layout loads do not run for them.
 */
export async function requirePrototype(event: Pick<RequestEvent, 'locals' | 'url'> & { params: Partial<Record<string, string>> }, need: ProjectNeed) {
	const { user, access } = await requireProject(event, need);
	const prototype: PrototypeSummary | null = await findPrototypeById(event.locals.db, event.params.pid ?? '');
	if (!prototype || prototype.projectId !== access.projectId) error(404, m.error_not_found());
	return { user, access, prototype };
}
