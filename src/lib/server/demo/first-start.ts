import type { Config } from '../config.ts';
import type { DB } from '../db/open.ts';
import { countUsers, createUser } from '../auth/users.ts';
import { seedDemo, DEMO_ACCOUNTS } from './demo.ts';

export interface FirstStartReport {
	/** What happened on this start. */
	kind: 'existing' | 'admin' | 'demo';
	/** Accounts created now, with their passwords, to print once. */
	accounts: { email: string; password: string; role: string }[];
	/** The database holds demo accounts, whose passwords are public (README): now or from an earlier start. */
	demoAccounts: boolean;
}

/** Whether any of the demo accounts is in the database. */
export async function hasDemoAccounts(db: DB): Promise<boolean> {
	const emails = DEMO_ACCOUNTS.map((account) => account.email);
	return (await db.selectFrom('users').select('id').where('email', 'in', emails).limit(1).executeTakeFirst()) !== undefined;
}

/**
 * On an empty database: with ADMIN_EMAIL and ADMIN_PASSWORD, creates that admin and nothing
 * else; without them, creates the demo (accounts and a filled project). Otherwise does nothing.
 */
export async function seedFirstStart(db: DB, config: Config): Promise<FirstStartReport> {
	if ((await countUsers(db)) > 0) return { kind: 'existing', accounts: [], demoAccounts: await hasDemoAccounts(db) };
	if (config.adminEmail && config.adminPassword) {
		await createUser(db, {
			email: config.adminEmail,
			name: 'Administrator',
			role: 'admin',
			password: config.adminPassword
		});
		return { kind: 'admin', accounts: [{ email: config.adminEmail, password: '(ADMIN_PASSWORD)', role: 'admin' }], demoAccounts: false };
	}
	await seedDemo(db);
	return { kind: 'demo', accounts: DEMO_ACCOUNTS.map(({ email, password, role }) => ({ email, password, role })), demoAccounts: true };
}
