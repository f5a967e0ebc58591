import { json, type RequestEvent } from '@sveltejs/kit';
import { getProjectAccess, type ProjectAccess } from '../projects/access.ts';
import { PROJECT, type Audience } from './audience.ts';
import { m } from '$lib/paraglide/messages.js';

/**
 * The JSON API's error: `{ "error": { "code", "message", "issues"? } }` with a matching
 * HTTP status. Codes are stable for programs; messages follow the caller's language.
 */
export class ApiError extends Error {
	readonly status: number;
	readonly code: string;
	readonly issues: { field: string; code: string; message: string }[] | undefined;
	readonly headers: Record<string, string>;
	constructor(status: number, code: string, message: string, options: { issues?: ApiError['issues']; headers?: Record<string, string> } = {}) {
		super(message);
		this.name = 'ApiError';
		this.status = status;
		this.code = code;
		this.issues = options.issues;
		this.headers = options.headers ?? {};
	}
}

export function notFound(): ApiError {
	return new ApiError(404, 'not_found', m.error_not_found());
}

/** The answer for an error: its JSON body, its status, and headers such as `WWW-Authenticate`. */
export function errorResponse(error: ApiError): Response {
	const body = { error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } };
	return json(body, { status: error.status, headers: { 'cache-control': 'no-store', ...error.headers } });
}

/** What the caller may see of a project, and whether as the public does. */
export type ApiProjectAccess = ProjectAccess & { publicView: boolean };

/**
 * What the caller may see of the project in the path, as the endpoint's audience decides it from
 * the caller's rights (getProjectAccess) and whether the project is published: the team's view
 * (`publicView: false`), the public's (`publicView: true`: no people, boards only as
 * published), or nothing — 404, as for a project that does not exist; 401 when signing in is
 * what would help (a published project's team-only part, asked anonymously).
 */
export async function apiProjectAccess(
	event: Pick<RequestEvent, 'locals'>,
	projectId: string,
	audience: Audience = PROJECT
): Promise<ApiProjectAccess> {
	const { db, user } = event.locals;
	const project = await db.selectFrom('projects').select('visibility').where('id', '=', projectId).executeTakeFirst();
	if (!project) throw notFound();
	const published = project.visibility === 'published';
	const access = await getProjectAccess(db, user, projectId);
	const view = audience.view({ role: user?.role ?? null, teamRole: access.teamRole }, published);
	if (view === 'none') {
		if (!user && published) throw new ApiError(401, 'sign_in_required', m.api_sign_in_required());
		throw notFound();
	}
	if (view === 'public') return { projectId, teamRole: null, canView: true, canEdit: false, canManage: false, publicView: true };
	return { ...access, publicView: false };
}
