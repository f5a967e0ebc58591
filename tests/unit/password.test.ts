import { describe, expect, it } from 'vitest';
import { checkNewPassword, hashPassword, verifyPassword } from '../../src/lib/server/auth/password.ts';

describe('passwords', () => {
	it('hashes with argon2id at 19 MiB and two passes', async () => {
		const hash = await hashPassword('correct horse battery staple');
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
	});

	it('verifies the right password and refuses a wrong one', async () => {
		const hash = await hashPassword('รหัสผ่านภาษาไทยยาวๆ');
		expect(await verifyPassword(hash, 'รหัสผ่านภาษาไทยยาวๆ')).toBe(true);
		expect(await verifyPassword(hash, 'รหัสผ่านภาษาไทยยาวๆ ')).toBe(false);
	});

	it('treats a malformed stored hash as a failed check, not a crash', async () => {
		expect(await verifyPassword('not-a-hash', 'whatever')).toBe(false);
	});

	it('refuses passwords shorter than 8 or longer than 256 characters', () => {
		expect(checkNewPassword('Ab3$xyz')).toBe('password_too_short');
		expect(checkNewPassword('x'.repeat(257))).toBe('password_too_long');
		expect(checkNewPassword('x'.repeat(200) + 'Q7!')).toBeNull();
	});

	it('counts Thai characters, not bytes', () => {
		// Seven Thai code points are 21 bytes in UTF-8 but still too short.
		expect(checkNewPassword('กขคงจฉช')).toBe('password_too_short');
		expect(checkNewPassword('กขคงจฉชซ')).toBeNull();
	});

	it('refuses the most common passwords in any letter case, and the email itself', () => {
		for (const common of ['password', '12345678', 'qwertyuiop', 'Password1', 'iloveyou']) {
			expect(checkNewPassword(common)).toBe('password_too_common');
		}
		expect(checkNewPassword('someone@example.test', 'someone@example.test')).toBe('password_too_common');
		expect(checkNewPassword('tangerine-lantern-42')).toBeNull();
	});
});
