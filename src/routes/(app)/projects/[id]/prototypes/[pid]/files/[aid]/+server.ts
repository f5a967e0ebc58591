import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { requirePrototype } from '$lib/server/prototypes/guard';
import { findAttachment } from '$lib/server/prototypes/versions';
import { readStoredFile } from '$lib/server/files/attachments';
import { attachmentResponse } from '$lib/server/files/serve';
import type { RequestHandler } from './$types';

/** An attachment's bytes, to whoever may view its project, with headers that keep it inert. */
export const GET: RequestHandler = async (event) => {
	const { prototype } = await requirePrototype(event, 'view');
	const attachment = await findAttachment(event.locals.db, prototype.id, event.params.aid);
	if (!attachment) error(404, m.error_not_found());
	const bytes = await readStoredFile(event.locals.runtime.blobs, attachment.storageName);
	if (!bytes) error(404, m.error_not_found());
	return attachmentResponse(
		{ bytes, contentType: attachment.contentType, originalName: attachment.originalName },
		{ download: event.url.searchParams.has('download') }
	);
};
