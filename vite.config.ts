import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { readConfig } from './src/lib/server/config.ts';
import { startRuntime } from './src/lib/server/runtime.ts';

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
		}
	};
}

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['cookie', 'baseLocale'],
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
					exclude: ['tests/**/*.svelte.test.ts'],
					testTimeout: 20_000,
					hookTimeout: 30_000
				}
			}
		]
	}
});
