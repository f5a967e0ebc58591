import { json, type RequestEvent } from '@sveltejs/kit';
import { getProjectAccess, type ProjectAccess } from '../projects/access.ts';
import { InputError } from '../validation.ts';
import { issueMessage } from '$lib/i18n/errors';
import { m } from '$lib/paraglide/messages.js';

/**
 * The JSON API's error: `{ "error": { "code", "message", "issues"? } }` with a matching
 * HTTP status. Codes are stable for programs; messages follow the caller's language.
 */
export class ApiError extends Error {
	readonly status: number;
	readonly code: string;
	constructor(status: number, code: string, message: string) {
		super(message);
		this.name = 'ApiError';
		this.status = status;
		this.code = code;
	}
}

export function notFound(): ApiError {
	return new ApiError(404, 'not_found', m.error_not_found());
}

/** Runs an endpoint; ApiError and InputError become their JSON error, anything else a 500. */
export async function api(work: () => Promise<unknown>): Promise<Response> {
	try {
		const body = await work();
		return json(body, { headers: { 'cache-control': 'no-store' } });
	} catch (err) {
		if (err instanceof ApiError) {
			return json({ error: { code: err.code, message: err.message } }, { status: err.status });
		}
		if (err instanceof InputError) {
			const issues = err.issues.map((issue) => ({ field: issue.field, code: issue.code, message: issueMessage(issue) }));
			return json({ error: { code: 'invalid_input', message: issues[0]?.message ?? '', issues } }, { status: 400 });
		}
		throw err;
	}
}

/**
 * What the caller may see of a project. Signed-in callers (session cookie) get their usual
 * rights; anonymous callers see published projects only, without people. Others: 404.
 */
export async function apiProjectAccess(event: Pick<RequestEvent, 'locals'>, projectId: string): Promise<ProjectAccess & { anonymous: boolean }> {
	const { db, user } = event.locals;
	if (user) {
		const access = await getProjectAccess(db, user, projectId);
		if (!access.canView) throw notFound();
		return { ...access, anonymous: false };
	}
	const project = await db.selectFrom('projects').select('visibility').where('id', '=', projectId).executeTakeFirst();
	if (project?.visibility !== 'published') throw notFound();
	return { projectId, teamRole: null, canView: true, canEdit: false, canManage: false, anonymous: true };
}
