import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from '../auth/session.ts';
import type { GuestIdentity } from '../auth/identity.ts';
import { getProjectAccess, type ProjectAccess } from '../projects/access.ts';
import { isPublishedProject } from '../projects/published.ts';
import type { Role } from '../../domain/roles.ts';
import { m } from '$lib/paraglide/messages.js';

/** The signed-in user, or a redirect to the login page that comes back here. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = event.locals.user;
	if (!user) {
		const next = event.url.pathname + event.url.search;
		redirect(303, `/login?next=${encodeURIComponent(next)}`);
	}
	return user;
}

/** The guest calling (their cookie, checked by hooks.server.ts), or a redirect to /join. */
export function requireGuest(event: Pick<RequestEvent, 'locals'>): GuestIdentity {
	const guest = event.locals.guest;
	if (!guest) redirect(303, '/join');
	return guest;
}

/** The signed-in user if they hold one of `roles`; 403 otherwise. */
export function requireRole(event: Pick<RequestEvent, 'locals' | 'url'>, roles: readonly Role[]): SessionUser {
	const user = requireUser(event);
	if (!roles.includes(user.role)) error(403, m.error_forbidden());
	return user;
}

export type ProjectNeed = 'view' | 'edit' | 'manage';

/**
 * The user's access to the project in the route, if it covers `need`. A project they may not
 * see answers 404 (its existence is not revealed) — unless it is published: then they are sent
 * to its public page, which is all of it they may see. One they see but may not change, 403.
 */
export async function requireProject(
	event: Pick<RequestEvent, 'locals' | 'url' | 'params'>,
	need: ProjectNeed
): Promise<{ user: SessionUser; access: ProjectAccess }> {
	const user = requireUser(event);
	const projectId = event.params.id ?? '';
	const access = await getProjectAccess(event.locals.db, user, projectId);
	if (!access.canView) {
		if (await isPublishedProject(event.locals.db, projectId)) redirect(303, `/open/${projectId}`);
		error(404, m.error_not_found());
	}
	if (need === 'edit' && !access.canEdit) error(403, m.error_forbidden());
	if (need === 'manage' && !access.canManage) error(403, m.error_forbidden());
	return { user, access };
}
