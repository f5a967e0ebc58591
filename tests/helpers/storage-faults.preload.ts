/**
 * Loaded into a test's app server with `node --import` (never in production): takes orders over
 * the IPC channel to put the server's own database connection into a storage fault, so a test
 * sees what a citizen sees when the disk is full or the database turns read-only.
 *
 * - `full`: SQLite's page limit (`max_page_count`) set to the file's size, and the free pages
 *   filled, so the next write that needs a page fails with SQLITE_FULL — what a full disk gives;
 * - `read-only`: `query_only`, so every write fails with SQLITE_READONLY, as on a file system
 *   remounted read-only;
 * - `heal`: both undone.
 */
import { sql } from 'kysely';
import { currentRuntime } from '../../src/lib/server/runtime.ts';

export type StorageOrder = 'full' | 'read-only' | 'heal';

async function apply(order: StorageOrder): Promise<void> {
	const { db } = await currentRuntime();
	if (order === 'read-only') {
		await sql`pragma query_only = 1`.execute(db);
		return;
	}
	if (order === 'heal') {
		await sql`pragma query_only = 0`.execute(db);
		await sql`drop table if exists storage_fault_filler`.execute(db);
		await sql`pragma max_page_count = 1073741823`.execute(db);
		return;
	}
	const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count);
	await sql`pragma max_page_count = ${sql.raw(String(pages + 4))}`.execute(db);
	await sql`create table if not exists storage_fault_filler (x blob)`.execute(db);
	for (;;) {
		try {
			await sql`insert into storage_fault_filler values (randomblob(512))`.execute(db);
		} catch (error) {
			if ((error as { code?: string }).code === 'SQLITE_FULL') return;
			throw error;
		}
	}
}

process.on('message', (message: { id: number; order: StorageOrder }) => {
	apply(message.order).then(
		() => process.send!({ id: message.id, ok: true }),
		(error: unknown) => process.send!({ id: message.id, ok: false, error: String(error) })
	);
});
