import { requireProject } from '$lib/server/http/guards';
import { exportProject } from '$lib/server/portability/export';
import { recordAudit } from '$lib/server/audit/record';
import type { RequestHandler } from './$types';

/** The whole project as a ZIP (portability/format.ts), for those who manage it. */
export const GET: RequestHandler = async (event) => {
	const { access } = await requireProject(event, 'manage');
	const { runtime } = event.locals;
	const { zip, fileName } = await exportProject(event.locals.db, access.projectId, {
		readBoard: runtime.collab.readBoard,
		blobs: runtime.blobs,
		voterKey: runtime.voterKey
	});
	await recordAudit(event.locals, 'project.exported', { projectId: access.projectId });
	return new Response(zip as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="${fileName}"`,
			'cache-control': 'private, no-store'
		}
	});
};
