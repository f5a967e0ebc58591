import { Migrator, type MigrationProvider } from 'kysely/migration';
import { migrations } from '../../../../migrations/index.ts';
import { portableMigrations } from '../../../../migrations/portable.ts';
import type { DB } from './open.ts';

// The same migrations on SQLite and PostgreSQL: migrations/portable.ts maps the column types.
const provider: MigrationProvider = { getMigrations: async () => portableMigrations(migrations) };

/** Brings the schema up to the newest migration; throws with the failing migration's cause. */
export async function migrateToLatest(db: DB): Promise<void> {
	const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
	if (error) {
		const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
		throw new Error(`migration ${failed} failed`, { cause: error });
	}
}

/** Rolls every migration back, newest first (used by tests of the migrations themselves). */
export async function migrateDownToEmpty(db: DB): Promise<void> {
	const migrator = new Migrator({ db, provider });
	for (;;) {
		const { error, results } = await migrator.migrateDown();
		if (error) throw new Error('migration down failed', { cause: error });
		if (!results || results.length === 0) return;
	}
}
