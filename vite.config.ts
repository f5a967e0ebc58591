import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { readConfig } from './src/lib/server/config.ts';
import { startRuntime } from './src/lib/server/runtime.ts';
import { handleOpsRequest } from './src/lib/server/ops/endpoints.ts';

/**
 * In development the collab WebSocket shares Vite's HTTP server, exactly as it shares the
 * adapter-node server in production (see server/index.ts): one port, one runtime.
 */
function prachalabDevServer(): Plugin {
	return {
		name: 'prachalab-dev-server',
		// Vitest also starts a Vite server; tests make their own databases and servers.
		apply: (_config, env) => env.command === 'serve' && !process.env.VITEST,
		async configureServer(server) {
			const runtime = await startRuntime(readConfig(process.env));
			server.httpServer?.on('upgrade', (request, socket, head) => {
				runtime.handleUpgrade(request, socket, head);
			});
			// /healthz, /readyz and /metrics, as server/index.ts answers them.
			const ops = { readiness: runtime.readiness, metrics: runtime.metrics, metricsToken: runtime.config.ops.metricsToken };
			server.middlewares.use((req, res, next) => {
				if (!handleOpsRequest(req, res, ops)) next();
			});
		}
	};
}

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// custom-api: the JSON API answers in the language its caller asks for (Accept-Language),
			// then the one chosen on the site; defined on the server only (hooks.server.ts).
			strategy: ['custom-api', 'cookie', 'baseLocale'],
			cookieName: 'lang',
			emitGitIgnore: false
		}),
		sveltekit(),
		prachalabDevServer()
	],
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'server',
					environment: 'node',
					include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
					// Files about PostgreSQL alone (named *postgres.test.ts) run in the PostgreSQL pass; files
					// that need Redis (*redis.test.ts) when REDIS_URL is set; the two-node tests
					// (multinode*.test.ts) when both are.
					exclude: [
						'tests/**/*.svelte.test.ts',
						...(/^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL ?? '') ? [] : ['tests/**/*postgres.test.ts', 'tests/**/multinode*.test.ts']),
						...(process.env.REDIS_URL ? [] : ['tests/**/*redis.test.ts', 'tests/**/multinode*.test.ts'])
					],
					// On PostgreSQL (DATABASE_URL=postgres://…): names the run, drops its databases at the end.
					globalSetup: ['tests/helpers/postgres-setup.ts'],
					// Many integration tests start real servers (several, with restarts): on a loaded 2-core
					// machine (load average 20) one took over 20 s. A timeout costs nothing while tests pass.
					testTimeout: 60_000,
					hookTimeout: 90_000
				}
			}
		]
	}
});
