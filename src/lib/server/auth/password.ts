import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

// OWASP's argon2id floor: 19 MiB, 2 passes, 1 lane (the library's default variant is argon2id).
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };

// The list is ordered by frequency; the first ten thousand cover what attackers try first.
const COMMON_PASSWORDS = new Set((dictionary['passwords-common'] as string[]).slice(0, 10_000).map((p) => p.toLowerCase()));

export type PasswordProblem = 'password_too_short' | 'password_too_long' | 'password_too_common';

/** Why a new password is refused, or null when it is acceptable. */
export function checkNewPassword(password: string, email = ''): PasswordProblem | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN_LENGTH) return 'password_too_short';
	if (length > PASSWORD_MAX_LENGTH) return 'password_too_long';
	const lower = password.toLowerCase();
	if (COMMON_PASSWORDS.has(lower)) return 'password_too_common';
	if (email && lower === email.toLowerCase()) return 'password_too_common';
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		// A malformed stored hash is a failed login, not a crash of the login page.
		return false;
	}
}
