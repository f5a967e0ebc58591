import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { boardImageCaller } from '$lib/server/board-images/access';
import { readBoardImage } from '$lib/server/board-images/images';
import { attachmentResponse } from '$lib/server/files/serve';
import type { RequestHandler } from './$types';

/** An image of the board, to whoever may see the board (its team and its guests), with headers that keep it inert. */
export const GET: RequestHandler = async (event) => {
	const caller = await boardImageCaller(event);
	const image = await readBoardImage(event.locals.db, event.locals.runtime.blobs, caller.boardId, event.params.imageId);
	if (!image) error(404, m.error_not_found());
	const response = attachmentResponse({
		bytes: image.bytes,
		contentType: image.contentType,
		originalName: `image-${image.id}.${image.contentType.split('/')[1]}`
	});
	// A row's bytes never change: the browser keeps them while the page is open (access is checked again after).
	response.headers.set('ETag', `"${image.sha256}"`);
	return response;
};
