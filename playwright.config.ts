import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);
// Per port, so two runs side by side (different E2E_PORT and BUILD_DIR) never share a database.
const DATA_DIR = `tests/e2e/.data/${PORT}`;

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against the production
 * build, served by server/index.ts on a fresh demo database.
 */
export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: /.*\.(test|setup)\.ts/,
	// Runs side by side (another E2E_PORT) keep their own results: each run empties its folder.
	outputDir: PORT === 4173 ? 'test-results' : `test-results-${PORT}`,
	fullyParallel: true,
	workers: 2,
	retries: 0,
	timeout: 45_000,
	expect: { timeout: 10_000 },
	reporter: [['list']],
	use: {
		baseURL: `http://localhost:${PORT}`,
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run']
		}
	},
	projects: [
		{ name: 'setup', testMatch: /global\.setup\.ts/ },
		{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined }, dependencies: ['setup'], testIgnore: /global\.setup\.ts/ }
	],
	webServer: {
		command: `rm -rf ${DATA_DIR} && node server/index.ts`,
		url: `http://localhost:${PORT}/login`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: { PORT: String(PORT), DATABASE_URL: `${DATA_DIR}/e2e.db`, PRACHALAB_QUIET: '1', BUILD_DIR: process.env.BUILD_DIR ?? 'build' }
	}
});
