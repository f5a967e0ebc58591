import { json } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { m } from '$lib/paraglide/messages.js';
import { isLocked, readPrivacy } from '$lib/board';
import { issueMessage } from '$lib/i18n/errors';
import { boardImageCaller } from '$lib/server/board-images/access';
import { BOARD_IMAGE_FIELD, storeBoardImage } from '$lib/server/board-images/images';
import { uploadLimits } from '$lib/server/files/attachments';
import { InputError } from '$lib/server/validation';
import type { RequestHandler } from './$types';

/** A refusal the page shows as it is, in the caller's language. */
const refusal = (status: number, message: string, headers?: Record<string, string>) => json({ message }, { status, headers });

/**
 * Uploads one image (`image` in a multipart form) for the board's editors; answers 201 with the
 * signed reference the page then places on the board (board/images.ts). Every refusal is JSON
 * with a message in the caller's language; a refused image leaves nothing stored.
 */
export const POST: RequestHandler = async (event) => {
	const caller = await boardImageCaller(event);
	if (!caller.canEdit) return refusal(403, m.bi_error_forbidden());
	const { runtime, db } = event.locals;
	const board = await runtime.collab.readBoard(caller.boardId, (doc) => ({ locked: isLocked(doc), privacy: readPrivacy(doc) }));
	if (!caller.canFacilitate && board.locked) return refusal(403, m.bi_error_locked());
	if (!caller.canFacilitate && board.privacy.privateNotes) return refusal(409, m.bi_error_private());
	const limit = await runtime.limiters.boardImages.consume(caller.userId);
	if (!limit.allowed) return refusal(429, m.bi_error_rate(), { 'Retry-After': String(Math.ceil(limit.resetMs / 1000)) });
	let form: FormData;
	try {
		form = await event.request.formData();
	} catch {
		return refusal(400, m.error_bi_image_none());
	}
	const value = form.get(BOARD_IMAGE_FIELD);
	try {
		const stored = await storeBoardImage(db, runtime.blobs, runtime.voterKey, {
			boardId: caller.boardId,
			upload: value instanceof File ? value : null,
			// Anonymous mode: the row names nobody either.
			uploadedBy: board.privacy.anonymousNotes ? null : caller.userId,
			limits: uploadLimits(env.BODY_SIZE_LIMIT)
		});
		return json(stored, { status: 201 });
	} catch (err) {
		if (!(err instanceof InputError)) throw err;
		const issue = err.issues[0]!;
		return refusal(issue.code === 'bi_image_too_large' ? 413 : 400, issueMessage(issue));
	}
};
