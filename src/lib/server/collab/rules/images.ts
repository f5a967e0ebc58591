import * as Y from 'yjs';
import { guestsEditAll, isLocked } from '../../../board/facilitation.ts';
import { IMAGE_SIZE, MAX_IMAGE_ALT } from '../../../board/images.ts';
import { readPrivacy } from '../../../board/privacy.ts';
import { COORD_LIMIT } from '../../../board/schema.ts';
import { imageFileOfBoard } from '../../board-images/refs.ts';
import type { BoardRule, RuleAuthor, RuleBoard } from './rule.ts';

/** How far ahead of the server's clock a new image's time may be (a device's clock is off). */
const CLOCK_SLACK_MS = 24 * 60 * 60 * 1000;
const FIELDS = new Set(['file', 'alt', 'x', 'y', 'w', 'h', 'author', 'created']);

type Fields = Record<string, unknown>;

/**
 * Images (board/images.ts) show only files uploaded to this board: a new image's `file` is a
 * reference the server signed for this board (board-images/refs.ts), so neither another
 * project's file nor any URL can be put on it, even by a raw y-websocket client. A new image is
 * the sender's (no author in anonymous mode, as the hub writes anonymous notes); nobody changes
 * an image's file, author or time afterwards. Guests move, describe and delete their own images
 * only, unless a facilitator lets them change everything (`meta.guestsEditAll`); on a locked
 * board only facilitators change images; during a private brainstorm only facilitators add them
 * (a photo cannot wait unseen until the reveal). A viewer's writes never get here.
 */
export const imageRules: BoardRule = {
	name: 'images show this board’s files, placed by whoever may',
	check(board, change, author) {
		if (!change.roots.has('images')) return null;
		if (!author.canFacilitate && isLocked(board.doc)) return { scope: ['images'], judge: () => 'locked' };
		const before = readImageFields(board);
		return {
			scope: ['images'],
			judge: () => {
				const after = readImageFields(board);
				const added = [...after.keys()].some((id) => !before.has(id));
				if (added && !author.canFacilitate && readPrivacy(board.doc).privateNotes) return 'private';
				return breaksImageRules(board, before, after, author) ? 'images' : null;
			}
		};
	}
};

/** Every image's fields as plain values (a broken entry as null). */
function readImageFields(board: RuleBoard): Map<string, Fields | null> {
	const out = new Map<string, Fields | null>();
	board.roots.images.forEach((map, id) => out.set(id, map instanceof Y.Map ? (map.toJSON() as Fields) : null));
	return out;
}

function breaksImageRules(board: RuleBoard, before: Map<string, Fields | null>, after: Map<string, Fields | null>, author: RuleAuthor): boolean {
	const me = author.user.id;
	const mayChangeOthers = !author.user.guest || author.canFacilitate || guestsEditAll(board.doc);
	for (const [id, was] of before) {
		const now = after.get(id);
		if (now !== undefined && same(was, now)) continue;
		// A change or a deletion of an image someone else placed.
		if (!mayChangeOthers && was?.author !== me) return true;
		if (now === undefined) continue;
		if (!now || !wellFormed(now)) return true;
		if (now.file !== was?.file || now.author !== was?.author || now.created !== was?.created) return true;
	}
	for (const [id, now] of after) {
		if (before.has(id)) continue;
		if (!now || !wellFormed(now)) return true;
		if (imageFileOfBoard(board.voterKey, board.boardId, now.file) === null) return true;
		const anonymous = readPrivacy(board.doc).anonymousNotes;
		if (anonymous ? now.author !== undefined : now.author !== me) return true;
		if ((now.created as number) > board.now() + CLOCK_SLACK_MS) return true;
	}
	return false;
}

function same(a: Fields | null, b: Fields | null): boolean {
	if (!a || !b) return a === b;
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	for (const key of keys) if (a[key] !== b[key]) return false;
	return true;
}

const coordinate = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= COORD_LIMIT;
const side = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= IMAGE_SIZE.min && v <= IMAGE_SIZE.max;

/** Only the image's fields, each of its type and within its bounds. */
function wellFormed(fields: Fields): boolean {
	if (Object.keys(fields).some((key) => !FIELDS.has(key))) return false;
	if (typeof fields.file !== 'string') return false;
	if (typeof fields.alt !== 'string' || fields.alt.length > MAX_IMAGE_ALT) return false;
	if (!coordinate(fields.x) || !coordinate(fields.y) || !side(fields.w) || !side(fields.h)) return false;
	if (fields.author !== undefined && typeof fields.author !== 'string') return false;
	return typeof fields.created === 'number' && Number.isFinite(fields.created);
}
