import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkInterfaces } from 'node:os';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';

/**
 * The demo's passwords are public (README), so a demo started on a laptop must not be reachable
 * from the room's network unless whoever started it says so with HOST.
 */

/** This machine's address on its network (not loopback): what a neighbour on the Wi-Fi would use. */
function networkAddress(): string {
	const address = Object.values(networkInterfaces())
		.flat()
		.find((entry) => entry && entry.family === 'IPv4' && !entry.internal);
	expect(address, 'this machine needs a non-loopback IPv4 address for this test').toBeDefined();
	return address!.address;
}

async function reachable(host: string, port: number): Promise<boolean> {
	try {
		const response = await fetch(`http://${host}:${port}/login`, { redirect: 'manual' });
		return response.status === 200;
	} catch {
		return false;
	}
}

describe('where npm start listens', () => {
	const servers: AppServer[] = [];
	const start = async (options: Parameters<typeof startAppServer>[0]) => {
		const server = await startAppServer(options);
		servers.push(server);
		return server;
	};
	let lan: string;

	beforeAll(() => {
		lan = networkAddress();
	});

	afterAll(async () => {
		for (const server of servers.reverse()) {
			await server.stop();
			server.cleanup();
		}
	});

	it('serves a new demo to this computer only, and keeps doing so after a restart', async () => {
		const demo = await start({ env: { HOST: '' } });
		expect(await reachable('127.0.0.1', demo.port)).toBe(true);
		expect(await reachable(lan, demo.port)).toBe(false);
		await demo.stop();
		const again = await start({ databasePath: demo.databasePath, env: { HOST: '' } });
		expect(await reachable('127.0.0.1', again.port)).toBe(true);
		expect(await reachable(lan, again.port)).toBe(false);
	});

	it('opens the demo to the network when HOST says so', async () => {
		const demo = await start({ env: { HOST: '0.0.0.0' } });
		expect(await reachable(lan, demo.port)).toBe(true);
	});

	it('listens on every interface, as before, when the first admin came from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
		const real = await start({ env: { HOST: '', ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
		expect(await reachable(lan, real.port)).toBe(true);
		expect(await reachable('127.0.0.1', real.port)).toBe(true);
	});
});
