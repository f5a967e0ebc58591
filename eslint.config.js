import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Lint: correctness rules, and the import boundaries the layout depends on (ARCHITECTURE.md):
 * browser code never reaches server modules, the board schema is isomorphic, and modules that
 * server/ loads outside SvelteKit use relative `.ts` imports only.
 */
const serverOnly = {
	group: ['$lib/server', '$lib/server/*', '**/lib/server/*', '**/server/**'],
	message: 'server-only code: browser code may not import it (share types through $lib/domain).'
};
const kitAliases = {
	group: ['$lib', '$lib/*', '$app/*', '$env/*'],
	message: 'modules loaded by server/ (outside SvelteKit) import with relative .ts paths, never Kit aliases.'
};

export default ts.config(
	{
		ignores: [
			'build/',
			'build-*/',
			'.svelte-kit/',
			'.svelte-kit-*/',
			'node_modules/',
			'src/lib/paraglide/',
			'data/',
			'test-results*/',
			'.vitest/',
			'tests/e2e/.data/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: false, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
			'no-empty': ['error', { allowEmptyCatch: true }],
			'svelte/no-at-html-tags': 'error',
			// Links go through resolve() only where a base path is set; this app is served at /.
			'svelte/no-navigation-without-resolve': 'off',
			// Yjs data is made reactive with createSubscriber; the plain Maps and Sets in components
			// are scratch space inside one derivation, not state.
			'svelte/prefer-svelte-reactivity': 'off'
		}
	},
	{
		files: ['src/lib/components/**', 'src/lib/client/**', 'src/lib/board/**', 'src/lib/domain/**', 'src/routes/**/*.svelte', 'src/service-worker.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: [serverOnly] }] }
	},
	{
		files: ['src/lib/board/**', 'src/lib/domain/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [serverOnly, kitAliases],
					paths: ['kysely', 'better-sqlite3', 'ws', 'pg'].map((name) => ({
						name,
						message: 'the board schema and the domain are isomorphic: no server packages.'
					}))
				}
			]
		}
	},
	{
		files: [
			'server/**',
			'migrations/**',
			'src/lib/server/collab/**',
			'src/lib/server/db/**',
			'src/lib/server/ops/**',
			'src/lib/server/runtime.ts',
			'src/lib/server/config.ts'
		],
		rules: { 'no-restricted-imports': ['error', { patterns: [kitAliases] }] }
	}
);
