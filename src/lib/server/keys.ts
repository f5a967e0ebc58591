import { randomBytes } from 'node:crypto';
import type { DB } from './db/open.ts';

/**
 * The server key called `name`: 32 random bytes made on first use and kept in the database, so
 * what is derived from it (e.g. anonymous voter ids) stays the same across restarts. Two
 * processes racing to make it both end up with the one that was stored first.
 */
export async function serverKey(db: DB, name: string): Promise<Uint8Array> {
	await db
		.insertInto('server_keys')
		.values({ name, key: randomBytes(32), created_at: Date.now() })
		.onConflict((oc) => oc.column('name').doNothing())
		.execute();
	const row = await db.selectFrom('server_keys').select('key').where('name', '=', name).executeTakeFirstOrThrow();
	return new Uint8Array(row.key);
}
