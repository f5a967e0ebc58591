import type { Runtime } from '../src/lib/server/runtime.ts';

/** Tells whoever started the server where it is and how to log in. */
export function printBanner(runtime: Runtime, port: number, startMs: number): void {
	const { config, firstStart } = runtime;
	const url = config.origin ?? `http://localhost:${port}`;
	// Tests and scripts read the port from this first line.
	const lines = [`Prachalab is listening on port ${port}: ${url} (started in ${Math.round(startMs)} ms)`];
	lines.push(`Database: ${config.databasePath}`);
	if (firstStart.kind === 'demo') {
		lines.push('A demo was created on this empty database. Log in at ' + `${url}/login with:`);
		for (const account of firstStart.accounts) {
			lines.push(`  ${account.role.padEnd(12)} ${account.email.padEnd(30)} ${account.password}`);
		}
	} else if (firstStart.kind === 'admin') {
		lines.push(`The admin ${firstStart.accounts[0]?.email} was created. Log in at ${url}/login.`);
	}
	console.log(lines.join('\n'));
}
