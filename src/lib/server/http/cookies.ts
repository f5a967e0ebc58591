import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from '../auth/session.ts';

// SvelteKit makes cookies Secure by default, except on http://localhost during development.
export function setSessionCookie(cookies: Cookies, token: string, expires: Date): void {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', expires });
}

export function deleteSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
