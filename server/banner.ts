import type { Runtime } from '../src/lib/server/runtime.ts';
import { describeDatabase } from '../src/lib/server/db/open.ts';

/** Where the server listens, and whether HOST chose it. */
export interface Listening {
	port: number;
	host: string;
	hostChosen: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Tells whoever started the server where it is and how to log in. */
export function printBanner(runtime: Runtime, listening: Listening, startMs: number): void {
	const { config, firstStart } = runtime;
	const { port, host } = listening;
	const url = config.origin ?? `http://localhost:${port}`;
	// Tests and scripts read the port from this first line.
	const lines = [`Prachalab is listening on port ${port} of ${host}: ${url} (started in ${Math.round(startMs)} ms)`];
	lines.push(`Database: ${describeDatabase(config.databasePath)}`);
	if (firstStart.kind === 'demo') {
		lines.push('A demo was created on this empty database. Log in at ' + `${url}/login with:`);
		for (const account of firstStart.accounts) {
			lines.push(`  ${account.role.padEnd(12)} ${account.email.padEnd(30)} ${account.password}`);
		}
	} else if (firstStart.kind === 'admin') {
		lines.push(`The admin ${firstStart.accounts[0]?.email} was created. Log in at ${url}/login.`);
	}
	if (firstStart.demoAccounts && !listening.hostChosen) {
		lines.push('The demo accounts have public passwords, so only this computer can reach it. To open it to the network, set HOST=0.0.0.0');
		lines.push('after changing those passwords, or start on an empty database with ADMIN_EMAIL and ADMIN_PASSWORD.');
	} else if (firstStart.demoAccounts && !LOOPBACK.has(host)) {
		lines.push(`Warning: HOST=${host} opens the demo to the network, and its accounts' passwords are public (README).`);
	}
	console.log(lines.join('\n'));
}
