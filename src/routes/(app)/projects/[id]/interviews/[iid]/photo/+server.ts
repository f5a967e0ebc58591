import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requireInterviews } from '$lib/server/participation/guard';
import { interviewPhoto } from '$lib/server/participation/interviews';
import { readPhoto } from '$lib/server/participation/photos';
import { attachmentResponse } from '$lib/server/files/serve';
import type { RequestHandler } from './$types';

/** A photo of the interview log: the project's team only. */
export const GET: RequestHandler = async (event) => {
	const { access } = await requireInterviews(event, 'view');
	const photo = await interviewPhoto(event.locals.db, access.projectId, event.params.iid);
	const bytes = photo ? await readPhoto(event.locals.runtime.blobs, photo.key) : null;
	if (!photo || !bytes) error(404, m.error_not_found());
	return attachmentResponse({ bytes, contentType: photo.type, originalName: `interview.${photo.key.split('.').pop()}` });
};
