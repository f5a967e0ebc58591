import type { DB } from '../db/open.ts';
import { newId, randomString } from '../ids.ts';
import { Checker, refuse } from '../validation.ts';
import { checkNewPassword, hashPassword, verifyPassword } from './password.ts';
import { ROLES, type Role } from '../../domain/roles.ts';
import { invalidateOtherSessions } from './session.ts';

export interface User {
	id: string;
	email: string;
	name: string;
	role: Role;
	disabled: boolean;
	createdAt: number;
	hasPassword: boolean;
}

type UserRow = {
	id: string;
	email: string;
	name: string;
	role: string;
	disabled: number;
	created_at: number;
	password_hash: string | null;
};

function toUser(row: UserRow): User {
	return {
		id: row.id,
		email: row.email,
		name: row.name,
		role: row.role as Role,
		disabled: row.disabled !== 0,
		createdAt: row.created_at,
		hasPassword: row.password_hash !== null
	};
}

export interface NewUser {
	email: string;
	name: string;
	role: Role;
	password: string;
}

/** Creates an account with a password. Refuses a taken email, a weak password, bad fields. */
export async function createUser(db: DB, input: NewUser, now = Date.now()): Promise<User> {
	const check = new Checker();
	const email = check.email('email', input.email);
	const name = check.text('name', input.name, { max: 100 });
	const role = check.oneOf('role', input.role, ROLES);
	const problem = checkNewPassword(input.password, email);
	if (problem) check.add('password', problem);
	check.done();
	if (await findUserByEmail(db, email)) refuse('email_taken', 'email');

	const row = {
		id: newId(),
		email,
		name,
		role,
		password_hash: await hashPassword(input.password),
		created_at: now
	};
	await db.insertInto('users').values(row).execute();
	return toUser({ ...row, disabled: 0 });
}

export async function findUserByEmail(db: DB, email: string): Promise<(User & { passwordHash: string | null }) | null> {
	const row = await db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
	return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
}

export async function findUserById(db: DB, id: string): Promise<User | null> {
	const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? toUser(row) : null;
}

export async function listUsers(db: DB): Promise<User[]> {
	const rows = await db.selectFrom('users').selectAll().orderBy('name').execute();
	return rows.map(toUser);
}

export async function countUsers(db: DB): Promise<number> {
	const row = await db
		.selectFrom('users')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/**
 * Checks an email and password. Returns the user, or null for a wrong pair; the caller decides
 * about throttling. An unknown email still costs a hash verification, so timing tells nothing.
 */
export async function authenticate(db: DB, email: string, password: string): Promise<User | null> {
	const user = await findUserByEmail(db, email);
	if (!user || !user.passwordHash || user.disabled) {
		await verifyPassword(await timingDecoyHash(), password);
		return null;
	}
	return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

// A real hash with our parameters, verified when the account does not exist.
let decoyHash: Promise<string> | undefined;
function timingDecoyHash(): Promise<string> {
	decoyHash ??= hashPassword(randomString(24));
	return decoyHash;
}

/** Changes a password after checking the current one, and ends every other session. */
export async function changePassword(db: DB, userId: string, current: string, next: string, keepSessionId: string): Promise<void> {
	const user = await findUserById(db, userId);
	if (!user) refuse('not_found');
	const full = await findUserByEmail(db, user.email);
	if (!full?.passwordHash || !(await verifyPassword(full.passwordHash, current))) {
		refuse('wrong_current_password', 'current');
	}
	const problem = checkNewPassword(next, user.email);
	if (problem) refuse(problem, 'password');
	await db
		.updateTable('users')
		.set({ password_hash: await hashPassword(next) })
		.where('id', '=', userId)
		.execute();
	await invalidateOtherSessions(db, userId, keepSessionId);
}

/** An admin changes someone's site role. */
export async function setUserRole(db: DB, userId: string, role: string): Promise<void> {
	const check = new Checker();
	const valid = check.oneOf('role', role, ROLES);
	check.done();
	await db.updateTable('users').set({ role: valid }).where('id', '=', userId).execute();
}

/**
 * An admin disables an account (or enables it again): a disabled account cannot sign in, and
 * every session it had ends with the change. Access is the caller's to check (admins only, and
 * never their own account).
 */
export async function setUserDisabled(db: DB, userId: string, disabled: boolean): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const result = await trx
			.updateTable('users')
			.set({ disabled: disabled ? 1 : 0 })
			.where('id', '=', userId)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) refuse('not_found');
		if (disabled) await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
	});
}
