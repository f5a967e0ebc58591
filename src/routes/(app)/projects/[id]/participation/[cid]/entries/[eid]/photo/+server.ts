import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requireCallEntries } from '$lib/server/participation/guard';
import { readPhoto } from '$lib/server/participation/photos';
import { attachmentResponse } from '$lib/server/files/serve';
import type { RequestHandler } from './$types';

/** A story's or idea's photo, for the project's team only (photos are never public). */
export const GET: RequestHandler = async (event) => {
	const { call } = await requireCallEntries(event, 'view');
	const row = await event.locals.db
		.selectFrom('participation_entries')
		.select(['photo_key', 'photo_type'])
		.where('id', '=', event.params.eid)
		.where('call_id', '=', call.id)
		.executeTakeFirst();
	if (!row?.photo_key || !row.photo_type) error(404, m.error_not_found());
	const bytes = await readPhoto(event.locals.runtime.blobs, row.photo_key);
	if (!bytes) error(404, m.error_not_found());
	const extension = row.photo_key.split('.').pop();
	return attachmentResponse({ bytes, contentType: row.photo_type, originalName: `photo.${extension}` });
};
