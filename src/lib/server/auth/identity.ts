import type { DB } from '../db/open.ts';
import { SESSION_COOKIE, validateSessionToken, type Session, type SessionUser } from './session.ts';
import { GUEST_COOKIE, validateGuestToken } from '../guests/guest-session.ts';

/**
 * Who is calling, read from the cookies in one place for every way in: pages and forms
 * (hooks.server.ts puts it in `locals`), the collab upgrade, and the checks an open socket gets
 * later. A caller is a signed-in user (with their session), a guest with a scope, both (one
 * browser may hold both cookies: a facilitator trying the guest link), or nobody.
 */

/** A signed-in user and the session they came with. */
export interface UserIdentity {
	kind: 'user';
	user: SessionUser;
	session: Session;
}

/** What a guest may reach: the one board of a board's join code, or every board of a workshop's. */
export interface GuestScope {
	projectId: string;
	boardIds: readonly string[];
	/** The workshop of a workshop guest (its boards, for its duration); null for a board guest. */
	workshopId: string | null;
}

/** A guest: a display name, what they may reach, and until when. */
export interface GuestIdentity {
	kind: 'guest';
	/** The guest's row id (`board_guests.id` or `workshop_guests.id`). */
	id: string;
	/** What their notes, dots and presence carry (`guestUserId(id)`). */
	userId: string;
	name: string;
	scope: GuestScope;
	expiresAt: number;
}

export interface Caller {
	user: UserIdentity | null;
	guest: GuestIdentity | null;
}

/** The tokens a request carries (the cookies' values, unchecked). */
export interface CallerTokens {
	session: string | null;
	guest: string | null;
}

/**
 * What a connection came in with, kept to check it again later (a socket outlives the request
 * that opened it). The ids are the tokens' public halves, for matching "access changed" events.
 */
export type Credential = { kind: 'session'; token: string; sessionId: string } | { kind: 'guest'; token: string; guestId: string };

/** The tokens in a `Cookie` header (the collab upgrade has no SvelteKit `cookies`). */
export function tokensFromCookieHeader(header: string | undefined): CallerTokens {
	return { session: readCookie(header, SESSION_COOKIE), guest: readCookie(header, GUEST_COOKIE) };
}

/** The tokens in SvelteKit's `cookies`. */
export function tokensFromCookies(cookies: { get(name: string): string | undefined }): CallerTokens {
	return { session: cookies.get(SESSION_COOKIE) ?? null, guest: cookies.get(GUEST_COOKIE) ?? null };
}

/** Checks both tokens: an ended, expired, tampered or malformed one counts as absent. */
export async function identifyCaller(db: DB, tokens: CallerTokens, now = Date.now()): Promise<Caller> {
	const [user, guest] = await Promise.all([
		tokens.session ? identifyUser(db, tokens.session, now) : null,
		tokens.guest ? identifyGuest(db, tokens.guest, now) : null
	]);
	return { user, guest };
}

/** The identity a kept credential stands for now, or null once it ended. */
export function identifyCredential(db: DB, credential: Credential, now = Date.now()): Promise<UserIdentity | GuestIdentity | null> {
	return credential.kind === 'session' ? identifyUser(db, credential.token, now) : identifyGuest(db, credential.token, now);
}

/** The credential to keep for a caller's identity (the token it was read from). */
export function credentialOf(identity: UserIdentity | GuestIdentity, tokens: CallerTokens): Credential {
	return identity.kind === 'user'
		? { kind: 'session', token: tokens.session!, sessionId: identity.session.id }
		: { kind: 'guest', token: tokens.guest!, guestId: identity.id };
}

/** Whether a guest's scope covers this board. */
export function guestReaches(guest: GuestIdentity, boardId: string): boolean {
	return guest.scope.boardIds.includes(boardId);
}

async function identifyUser(db: DB, token: string, now: number): Promise<UserIdentity | null> {
	const result = await validateSessionToken(db, token, now);
	return result ? { kind: 'user', user: result.user, session: result.session } : null;
}

async function identifyGuest(db: DB, token: string, now: number): Promise<GuestIdentity | null> {
	const guest = await validateGuestToken(db, token, now);
	if (!guest) return null;
	return {
		kind: 'guest',
		id: guest.id,
		userId: guest.userId,
		name: guest.name,
		scope: { projectId: guest.projectId, boardIds: guest.boardIds, workshopId: guest.workshopId },
		expiresAt: guest.expiresAt
	};
}

function readCookie(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) {
			try {
				return decodeURIComponent(part.slice(eq + 1).trim());
			} catch {
				return null;
			}
		}
	}
	return null;
}
