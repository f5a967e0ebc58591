import type { IncomingMessage } from 'node:http';
import type { DB } from '../db/open.ts';
import { credentialOf, guestReaches, identifyCaller, identifyCredential, tokensFromCookieHeader, type Credential } from '../auth/identity.ts';
import { getProjectAccess } from '../projects/access.ts';
import { findBoardRow } from './boards.ts';

export type { Credential } from '../auth/identity.ts';

/** Board ids are our own row ids; anything else in the path is refused before touching the DB. */
const COLLAB_PATH = /^\/collab\/([a-z0-9]{1,64})$/;

/** Who is on a board: a signed-in user, or a guest of that board alone. */
export interface CollabUser {
	id: string;
	name: string;
	guest: boolean;
}

export type UpgradeDecision =
	| {
			ok: true;
			boardId: string;
			projectId: string;
			stage: string;
			user: CollabUser;
			canEdit: boolean;
			canFacilitate: boolean;
			credential: Credential;
			/** When a guest's time is up (their socket closes then); null for users. */
			expiresAt: number | null;
	  }
	| { ok: false; status: 400 | 401 | 403 | 404; reason: string };

/**
 * Cross-site WebSocket hijacking defence: browsers send Origin on every WebSocket handshake and
 * attach our cookie whatever page opened it, so only our own pages may connect. With ORIGIN set
 * it must match exactly; without it, the Origin's host must be the Host the request came to.
 */
export function originAllowed(request: IncomingMessage, configuredOrigin: string | undefined): boolean {
	const origin = request.headers.origin;
	if (!origin) return false;
	try {
		if (configuredOrigin) return new URL(origin).origin === new URL(configuredOrigin).origin;
		const url = new URL(origin);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === request.headers.host;
	} catch {
		return false;
	}
}

/** The board id in a collab URL (`/collab/BOARD_ID`), or null. */
export function collabBoardId(requestUrl: string | undefined): string | null {
	const pathname = new URL(requestUrl ?? '/', 'http://localhost').pathname;
	return COLLAB_PATH.exec(pathname)?.[1] ?? null;
}

/**
 * Decides an upgrade to `/collab/BOARD_ID` before any WebSocket exists: the path, the Origin,
 * the session cookie (or a guest cookie for this very board), the board, and the user's right on
 * its project. A project the user may not see answers 404, like the pages do, so board ids
 * reveal nothing; so does another board to a guest.
 */
export async function authorizeUpgrade(db: DB, request: IncomingMessage, configuredOrigin: string | undefined): Promise<UpgradeDecision> {
	const boardId = collabBoardId(request.url);
	if (!boardId) return { ok: false, status: 404, reason: 'not a board address' };
	if (!originAllowed(request, configuredOrigin)) return { ok: false, status: 403, reason: 'foreign origin' };
	const tokens = tokensFromCookieHeader(request.headers.cookie);
	const caller = await identifyCaller(db, tokens);
	if (!caller.user && !caller.guest) return { ok: false, status: 401, reason: 'not signed in' };
	const board = await findBoardRow(db, boardId);
	if (!board) return { ok: false, status: 404, reason: 'no such board' };
	const at = { boardId, projectId: board.projectId, stage: board.stage };
	if (caller.user) {
		const { user } = caller.user;
		const access = await getProjectAccess(db, user, board.projectId);
		if (access.canView) {
			return {
				ok: true,
				...at,
				user: { id: user.id, name: user.name, guest: false },
				canEdit: access.canEdit,
				canFacilitate: access.canManage,
				credential: credentialOf(caller.user, tokens),
				expiresAt: null
			};
		}
	}
	// A guest writes notes and votes on the boards of their scope; they never run one.
	if (caller.guest && guestReaches(caller.guest, boardId)) {
		return {
			ok: true,
			...at,
			user: { id: caller.guest.userId, name: caller.guest.name, guest: true },
			canEdit: true,
			canFacilitate: false,
			credential: credentialOf(caller.guest, tokens),
			expiresAt: caller.guest.expiresAt
		};
	}
	return { ok: false, status: 404, reason: 'no such board' };
}

/**
 * Whether an open connection may stay, and write: the session may have ended (logout, "log out
 * everywhere", expiry) or the user's role on the project changed since the upgrade; a guest's
 * time may be up, or the facilitator ended guest access.
 */
export async function recheckAccess(
	db: DB,
	credential: Credential,
	projectId: string,
	boardId: string
): Promise<{ canView: boolean; canEdit: boolean; canFacilitate: boolean }> {
	const identity = await identifyCredential(db, credential);
	if (!identity) return { canView: false, canEdit: false, canFacilitate: false };
	if (identity.kind === 'guest') {
		const stays = guestReaches(identity, boardId);
		return { canView: stays, canEdit: stays, canFacilitate: false };
	}
	const access = await getProjectAccess(db, identity.user, projectId);
	return { canView: access.canView, canEdit: access.canEdit, canFacilitate: access.canManage };
}
