import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { playwright } from '@vitest/browser-playwright';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * A board session asks the server's clock (`/time`, src/routes/time/+server.ts) as it opens.
 * Vitest's server cannot run SvelteKit's server routes (its runtime fails to load there), so this
 * answers the one route as the app does.
 */
function serverClock(): Plugin {
	return {
		name: 'component-tests-server-clock',
		configureServer(server) {
			server.middlewares.use('/time', (_req, res) => {
				res.setHeader('content-type', 'application/json');
				res.setHeader('cache-control', 'no-store');
				res.end(JSON.stringify({ now: Date.now() }));
			});
		}
	};
}

/**
 * The component-test lane: Svelte components rendered in a real Chromium (vitest browser mode,
 * `tests/components/*.svelte.test.ts`), apart from the node lanes of vite.config.ts, which
 * exclude these files. Debian's Chromium, as for the end-to-end tests: no browser is downloaded.
 */
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
		serverClock()
	],
	test: {
		name: 'components',
		include: ['tests/components/**/*.svelte.test.ts'],
		expect: { requireAssertions: true },
		browser: {
			enabled: true,
			headless: true,
			provider: playwright({
				launchOptions: {
					executablePath: '/usr/bin/chromium',
					args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
				}
			}),
			instances: [{ browser: 'chromium', viewport: { width: 1280, height: 800 } }]
		},
		// A loaded 2-core machine (load average 20) starts a browser slowly; waits inside stay short.
		testTimeout: 30_000
	}
});
