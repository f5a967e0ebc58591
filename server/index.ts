/**
 * Production entry: one Node process serves the SvelteKit build and the collab WebSocket on one
 * port, over one runtime (database, limits, collab hub). Run `npm run build` first.
 */
import { createServer } from 'node:http';
import { readConfig } from '../src/lib/server/config.ts';
import { startRuntime } from '../src/lib/server/runtime.ts';
import { printBanner } from './banner.ts';

const startedAt = performance.now();
const config = readConfig(process.env);
// The runtime must exist before the SvelteKit handler is loaded, so that hooks.server.ts finds
// this one instead of making its own.
const runtime = await startRuntime(config);

// adapter-node assumes https unless told otherwise. This process speaks plain HTTP, so without
// an ORIGIN (set it behind a TLS proxy) the protocol comes from a header only we write: any
// client-sent value is overwritten, so it cannot be spoofed.
const PROTOCOL_HEADER = 'x-prachalab-protocol';
if (!process.env.ORIGIN && !process.env.PROTOCOL_HEADER) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
const buildDir = new URL(`../${process.env.BUILD_DIR || 'build'}/`, import.meta.url);
// Attachments (several files of up to 10 MB) are the only large bodies; adapter-node's default
// is 512 KB. hooks.server.ts still refuses any other body over 1 MiB.
process.env.BODY_SIZE_LIMIT ??= '25M';
const { handler } = await import(new URL('handler.js', buildDir).href);

const server = createServer((req, res) => {
	if (process.env.PROTOCOL_HEADER === PROTOCOL_HEADER) req.headers[PROTOCOL_HEADER] = 'http';
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});
server.on('upgrade', (request, socket, head) => runtime.handleUpgrade(request, socket, head));

server.listen(config.port, config.host, () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	printBanner(runtime, port, performance.now() - startedAt);
});

let closing = false;
async function shutdown(signal: string): Promise<void> {
	if (closing) return;
	closing = true;
	if (!config.quiet) console.log(`${signal}: closing…`);
	server.close();
	server.closeAllConnections();
	await runtime.close();
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
