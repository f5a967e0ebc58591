import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);
// Per port, so two runs side by side (different E2E_PORT and BUILD_DIR) never share a database.
const DATA_DIR = `tests/e2e/.data/${PORT}`;
// The end-to-end suite runs on SQLite, as `npm start` does: the app's server below gets its file,
// and servers a test starts itself (tests/helpers/app-server.ts) follow DATABASE_URL, so it must
// not name the PostgreSQL server CI starts for the vitest pass (a test that fills SQLite's disk
// would run its pragmas on PostgreSQL). Workers inherit this.
process.env.DATABASE_URL = '';

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
	// Several browsers per test (a facilitator and participants) on a 2-core CI machine: a test
	// that passes in 15 s alone took over 45 s beside other work, and CI's own machine ran single-
	// browser tests past 75 s. A timeout costs nothing while tests pass. Waits inside stay at 10 s.
	timeout: 150_000,
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
