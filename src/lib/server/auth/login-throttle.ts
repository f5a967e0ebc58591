import type { Limiters } from '../limits/limiters.ts';

/**
 * The login throttle, after OWASP's authentication cheat sheet: a few free attempts, lockouts
 * that end by themselves, and no limit an attacker can turn against the owner. Failures count
 * three ways (limits/limiters.ts has the numbers):
 *
 * - per account and client: the client is the browser when it holds a device token for that
 *   account (login-device.ts), otherwise the address. A typo costs nothing, and failures from
 *   elsewhere never touch the owner's client;
 * - per account, from clients it has not seen before: a guesser spread over many addresses;
 * - per address, over all accounts: one address trying many accounts.
 *
 * A browser with the account's device token is held only to its own limit: an attacker who
 * spends the account-wide one locks out new browsers, never the owner's.
 */

/** Who is trying to sign in, as far as the limits care. */
export interface LoginAttempt {
	/** The account name as typed, normalized (trimmed, lower case). */
	email: string;
	/** The client's address as the adapter sees it (never a header the client chose). */
	address: string;
	/** The id of the device token this browser holds for `email`, if a valid one. */
	device: string | null;
}

function clientKey(attempt: LoginAttempt): string {
	return attempt.device ? `${attempt.email}\ndevice:${attempt.device}` : `${attempt.email}\naddress:${attempt.address}`;
}

/** Milliseconds before this attempt may be checked at all (0: check the password now). */
export async function loginWaitMs(limiters: Limiters, attempt: LoginAttempt): Promise<number> {
	const states = await Promise.all([
		limiters.loginClient.peek(clientKey(attempt)),
		...(attempt.device ? [] : [limiters.loginAccount.peek(attempt.email), limiters.loginAddress.peek(attempt.address)])
	]);
	return Math.max(0, ...states.filter((state) => state.remaining <= 0).map((state) => Math.max(1, state.resetMs)));
}

/** Counts a wrong password (or an unknown account: the same to whoever is guessing). */
export async function recordLoginFailure(limiters: Limiters, attempt: LoginAttempt): Promise<void> {
	await Promise.all([
		limiters.loginClient.penalty(clientKey(attempt)),
		...(attempt.device ? [] : [limiters.loginAccount.penalty(attempt.email), limiters.loginAddress.penalty(attempt.address)])
	]);
}

/** A right password forgets this client's failures (not the account's: the owner signing in says nothing about a guesser elsewhere). */
export async function recordLoginSuccess(limiters: Limiters, attempt: LoginAttempt): Promise<void> {
	await Promise.all([
		limiters.loginClient.reset(clientKey({ ...attempt, device: null })),
		attempt.device && limiters.loginClient.reset(clientKey(attempt))
	]);
}
