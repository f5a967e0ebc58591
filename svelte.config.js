import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// BUILD_DIR / KIT_OUT_DIR let several builds coexist (parallel e2e runs); the defaults are the norm.
const buildDir = process.env.BUILD_DIR || 'build';
const kitOutDir = process.env.KIT_OUT_DIR || '.svelte-kit';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: buildDir, precompress: true }),
		outDir: kitOutDir,
		// The CSP lives here rather than as a raw header in hooks.server.ts because SvelteKit
		// must add a hash for each inline script it emits; hooks.server.ts adds the other headers.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		csrf: { trustedOrigins: [] },
		alias: { $migrations: 'migrations' },
		typescript: {
			// Type-check the production entry, migrations, benchmarks and tooling configs too.
			config(tsconfig) {
				tsconfig.include.push('../server/**/*.ts', '../migrations/**/*.ts', '../bench/**/*.ts', '../playwright.config.ts');
			}
		}
	}
};

export default config;
