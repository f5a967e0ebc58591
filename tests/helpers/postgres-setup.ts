import { dropTestDatabases, newRunId, setRunId, testPostgresUrl } from './postgres.ts';

/**
 * vitest global setup: on PostgreSQL, names this run (the workers inherit the name) and drops
 * its test databases when it ends (unless the server itself is thrown away after the run), and
 * those of runs that died more than six hours ago.
 * Nothing to do on SQLite (`:memory:` databases go with their process).
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
	const base = testPostgresUrl();
	if (!base) return;
	const run = newRunId();
	setRunId(run);
	await dropTestDatabases(base, { olderThanSeconds: 6 * 3600 });
	return async () => {
		// A server started for this run alone (.ci/services.sh) goes whole; dropping hundreds of
		// databases one by one (each a checkpoint) would only slow the run down.
		if (process.env.PRACHALAB_THROWAWAY_DATABASE_SERVER !== '1') await dropTestDatabases(base, { run });
	};
}
