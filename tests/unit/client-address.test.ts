import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { clientAddress, readAddressConfig, type AddressConfig } from '../../src/lib/server/http/client-address.ts';

/** Real requests on a real socket (port 0), each answered with what clientAddress made of it. */
let server: Server;
let config: AddressConfig;

beforeAll(async () => {
	server = createServer((req: IncomingMessage, res) => {
		try {
			res.end(JSON.stringify({ address: clientAddress(req, config) }));
		} catch (err) {
			res.end(JSON.stringify({ error: (err as Error).message }));
		}
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
});

afterAll(() => {
	server.close();
});

function ask(env: Record<string, string>, headers: Record<string, string> = {}, from = '127.0.0.1'): Promise<{ address?: string; error?: string }> {
	config = readAddressConfig(env);
	return new Promise((resolve, reject) => {
		const req = request({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, localAddress: from, headers }, (res) => {
			let body = '';
			res.on('data', (chunk) => (body += chunk));
			res.on('end', () => resolve(JSON.parse(body)));
		});
		req.on('error', reject);
		req.end();
	});
}

describe('the client address (ADDRESS_HEADER and XFF_DEPTH, as adapter-node reads them)', () => {
	it('is the socket’s peer when no header is configured, whatever the client claims', async () => {
		expect(await ask({}, { 'x-forwarded-for': '203.0.113.1', 'x-real-ip': '203.0.113.2' }, '127.0.0.9')).toEqual({ address: '127.0.0.9' });
	});

	it('behind one proxy, is the address that proxy appended, not what the client wrote before it', async () => {
		const env = { ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '1' };
		expect(await ask(env, { 'x-forwarded-for': '198.51.100.23' })).toEqual({ address: '198.51.100.23' });
		expect(await ask(env, { 'x-forwarded-for': '6.6.6.6, 198.51.100.23' })).toEqual({ address: '198.51.100.23' });
	});

	it('behind two proxies, is the second address from the right', async () => {
		expect(await ask({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '2' }, { 'x-forwarded-for': '6.6.6.6, 198.51.100.23, 10.0.0.2' })).toEqual({
			address: '198.51.100.23'
		});
	});

	it('takes another header (one the proxy sets) as it is', async () => {
		expect(await ask({ ADDRESS_HEADER: 'x-real-ip' }, { 'x-real-ip': '198.51.100.40' })).toEqual({ address: '198.51.100.40' });
	});

	it('refuses, like adapter-node, a request that did not come through the proxy', async () => {
		expect((await ask({ ADDRESS_HEADER: 'x-forwarded-for' })).error).toMatch(/no such header/);
		expect((await ask({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '3' }, { 'x-forwarded-for': '198.51.100.23' })).error).toMatch(
			/XFF_DEPTH is 3/
		);
	});

	it('refuses an XFF_DEPTH that is not a positive whole number at start', () => {
		expect(() => readAddressConfig({ XFF_DEPTH: '0' })).toThrow(/XFF_DEPTH/);
		expect(() => readAddressConfig({ XFF_DEPTH: 'two' })).toThrow(/XFF_DEPTH/);
		expect(readAddressConfig({})).toEqual({ header: undefined, xffDepth: 1 });
	});
});
