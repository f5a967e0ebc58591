import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from '../auth/session.ts';
import { GUEST_COOKIE } from '../guests/guest-session.ts';

// Secure whenever the app is served over https (ORIGIN https://… behind a proxy). SvelteKit's
// own default would also mark it Secure on plain-http LAN addresses, where browsers then drop
// it: a workshop run from a laptop at http://192.168.x.x must still be able to log in.
function isSecure(url: URL): boolean {
	return url.protocol === 'https:';
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expires: Date): void {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure(url), expires });
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure(url) });
}

/** A guest's cookie: the same rules, until their time is up. */
export function setGuestCookie(cookies: Cookies, url: URL, token: string, expires: Date): void {
	cookies.set(GUEST_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure(url), expires });
}

export function deleteGuestCookie(cookies: Cookies, url: URL): void {
	cookies.delete(GUEST_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: isSecure(url) });
}
