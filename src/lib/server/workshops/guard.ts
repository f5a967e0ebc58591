import { error, type RequestEvent } from '@sveltejs/kit';
import { requireProject, type ProjectNeed } from '../http/guards.ts';
import { findWorkshop } from './workshops.ts';
import { mayRunWorkshop } from './live.ts';
import type { Workshop } from '../../domain/workshops.ts';
import { m } from '$lib/paraglide/messages.js';

/**
 * The project access and the workshop of a `/projects/[id]/workshops/[wid]` route, if the user's
 * access covers `need`. A workshop of another project is "not found", like a project the user
 * may not see. Actions call this too: layout loads do not run for them.
 */
export async function requireWorkshop(event: Pick<RequestEvent, 'locals' | 'url'> & { params: Partial<Record<string, string>> }, need: ProjectNeed) {
	const { user, access } = await requireProject(event, need);
	const workshop: Workshop | null = await findWorkshop(event.locals.db, access.projectId, event.params.wid ?? '');
	if (!workshop) error(404, m.error_not_found());
	return { user, access, workshop };
}

/** The workshop, for one of its own facilitators (who move the room, open its join code, end it); 403 for anyone else on the team. */
export async function requireWorkshopRunner(event: Pick<RequestEvent, 'locals' | 'url'> & { params: Partial<Record<string, string>> }) {
	const found = await requireWorkshop(event, 'edit');
	if (!mayRunWorkshop(found.workshop, found.user.id)) error(403, m.error_forbidden());
	return found;
}
