import { fail, redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { m } from '$lib/paraglide/messages.js';
import { requireRole } from '$lib/server/http/guards';
import { handleForm } from '$lib/server/http/forms';
import { importProject } from '$lib/server/portability/import';
import { recordAudit } from '$lib/server/audit/record';
import { megabytes } from '$lib/server/files/attachments';
import { refuse } from '$lib/server/validation';
import type { Actions, PageServerLoad } from './$types';

const CREATORS = ['admin', 'facilitator'] as const;

/** The largest file the server reads (adapter-node's BODY_SIZE_LIMIT, as server/index.ts sets it), less the form around it. */
function maxBytes(): number {
	const value = (env.BODY_SIZE_LIMIT ?? '25M').trim();
	const unit = { K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[value.slice(-1).toUpperCase()];
	const body = unit ? Number(value.slice(0, -1)) * unit : Number(value);
	return Number.isFinite(body) ? Math.max(0, body - 64 * 1024) : 25 * 1024 * 1024;
}

export const load: PageServerLoad = (event) => {
	requireRole(event, CREATORS);
	return { maxMb: megabytes(maxBytes()) };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireRole(event, CREATORS);
		let data: FormData;
		try {
			data = await event.request.formData();
		} catch (err) {
			if (typeof err === 'object' && err !== null && 'status' in err && err.status === 413) {
				return fail(413, { errors: { file: m.error_trail_import_too_large({ max: megabytes(maxBytes()) }) }, values: {} });
			}
			throw err;
		}
		const { runtime } = event.locals;
		const result = await handleForm(data, async () => {
			const file = data.get('file');
			if (!(file instanceof File) || file.size === 0) refuse('trail_import_file', 'file');
			return importProject(event.locals.db, new Uint8Array(await file.arrayBuffer()), {
				blobs: runtime.blobs,
				voterKey: runtime.voterKey,
				importerId: user.id
			});
		});
		if (!result.ok) return result.failure;
		await recordAudit(event.locals, 'project.imported', { projectId: result.value.projectId, details: { placeholders: result.value.placeholders } });
		redirect(303, `/projects/${result.value.projectId}/trail?imported=${result.value.placeholders}`);
	}
};
