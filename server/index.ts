/**
 * Production entry: one Node process serves the SvelteKit build and the collab WebSocket on one
 * port, over one runtime (database, limits, collab hub), and stops gracefully on SIGTERM.
 * Run `npm run build` first.
 */
import { createServer, type Server } from 'node:http';
import { readConfig } from '../src/lib/server/config.ts';
import { startRuntime } from '../src/lib/server/runtime.ts';
import { describeStartupFault } from '../src/lib/server/db/storage-faults.ts';
import { handleMetricsPortRequest, handleOpsRequest } from '../src/lib/server/ops/endpoints.ts';
import { drain, RequestTracker } from '../src/lib/server/ops/drain.ts';
import { printBanner } from './banner.ts';

const startedAt = performance.now();
const config = readConfig(process.env);
// The runtime must exist before the SvelteKit handler is loaded, so that hooks.server.ts finds
// this one instead of making its own.
// What the operator must fix — another server on this database, a database that cannot be
// written (read-only, full disk) — is one line saying what and where; anything else is a bug,
// and its stack trace is what helps.
const runtime = await startRuntime(config).catch((error: unknown) => {
	const fault = error instanceof Error && error.name === 'DatabaseInUseError' ? error.message : describeStartupFault(error, config.databasePath);
	if (!fault) throw error;
	console.error(fault);
	process.exit(1);
});
const { log } = runtime;

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

const requests = new RequestTracker();
const ops = { readiness: runtime.readiness, metrics: runtime.metrics, metricsToken: config.ops.metricsToken };
const server = createServer((req, res) => {
	if (handleOpsRequest(req, res, ops)) return;
	if (runtime.handleClusterRequest(req, res)) return;
	requests.track(res);
	if (process.env.PROTOCOL_HEADER === PROTOCOL_HEADER) req.headers[PROTOCOL_HEADER] = 'http';
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});
server.on('upgrade', (request, socket, head) => runtime.handleUpgrade(request, socket, head));

const others: Server[] = [];
if (config.ops.metricsPort !== undefined) {
	const metricsServer = createServer((req, res) => handleMetricsPortRequest(req, res, runtime.metrics));
	metricsServer.listen(config.ops.metricsPort, config.ops.metricsHost, () => {
		const address = metricsServer.address();
		log.info(
			{ port: typeof address === 'object' && address ? address.port : config.ops.metricsPort, host: config.ops.metricsHost },
			'metrics listening'
		);
	});
	others.push(metricsServer);
}

// The demo's passwords are public (README): while its accounts are in the database, only this
// computer may reach the app, unless HOST says otherwise. Anything else listens everywhere.
const host = config.host ?? (runtime.firstStart.demoAccounts ? '127.0.0.1' : '0.0.0.0');
server.listen(config.port, host, () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : config.port;
	runtime.listening(port, host);
	printBanner(runtime, { port, host, hostChosen: config.host !== undefined }, performance.now() - startedAt);
	log.info({ port, host }, 'listening');
});

process.on('uncaughtException', (error) => {
	log.fatal({ err: error }, 'uncaught exception');
	log.flush();
	process.exit(1);
});
process.on('unhandledRejection', (error) => log.error({ err: error }, 'unhandled rejection'));

let stopping = false;
async function shutdown(signal: string): Promise<void> {
	if (stopping) {
		log.warn({ signal }, 'second signal: exiting without waiting');
		log.flush();
		process.exit(1);
	}
	stopping = true;
	const started = performance.now();
	log.info({ signal }, 'shutting down');
	// However the steps below go, the process is gone within its bounds (and a little room to close).
	const bound = config.ops.drainDelayMs + config.ops.shutdownTimeoutMs + 15_000;
	setTimeout(() => {
		log.error({ ms: bound }, 'shutdown overran its bound: exiting');
		log.flush();
		process.exit(1);
	}, bound);
	try {
		const { cutOff } = await drain({
			server,
			others,
			requests,
			readiness: runtime.readiness,
			close: () => runtime.close(),
			log,
			delayMs: config.ops.drainDelayMs,
			timeoutMs: config.ops.shutdownTimeoutMs
		});
		log.info({ ms: Math.round(performance.now() - started), cutOff }, 'stopped');
		process.exitCode = 0;
	} catch (error) {
		log.error({ err: error }, 'shutdown failed');
		process.exitCode = 1;
	}
	log.flush();
	process.exit();
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
