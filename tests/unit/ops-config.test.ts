import { describe, expect, it } from 'vitest';
import { readOpsConfig } from '../../src/lib/server/ops/config.ts';

describe('operations configuration', () => {
	it('defaults to info logs, no metrics on the app port, a loopback metrics host, no drain delay and a 10 s bound', () => {
		expect(readOpsConfig({}, false)).toEqual({
			logLevel: 'info',
			metricsToken: undefined,
			metricsPort: undefined,
			metricsHost: '127.0.0.1',
			redisUrl: undefined,
			drainDelayMs: 0,
			shutdownTimeoutMs: 10_000
		});
	});

	it('logs only warnings and errors when quiet, unless LOG_LEVEL says otherwise', () => {
		expect(readOpsConfig({}, true).logLevel).toBe('warn');
		expect(readOpsConfig({ LOG_LEVEL: 'DEBUG' }, true).logLevel).toBe('debug');
	});

	it('refuses an unknown log level, a short metrics token, a metrics port that is not one and a negative delay', () => {
		expect(() => readOpsConfig({ LOG_LEVEL: 'loud' }, false)).toThrow(/LOG_LEVEL/);
		expect(() => readOpsConfig({ METRICS_TOKEN: 'secret' }, false)).toThrow(/METRICS_TOKEN/);
		expect(() => readOpsConfig({ METRICS_PORT: '99999' }, false)).toThrow(/METRICS_PORT/);
		expect(() => readOpsConfig({ DRAIN_DELAY_MS: '-5' }, false)).toThrow(/DRAIN_DELAY_MS/);
	});

	it('reads the metrics token and port, Redis, and the shutdown timings', () => {
		const config = readOpsConfig(
			{
				METRICS_TOKEN: 'a'.repeat(32),
				METRICS_PORT: '9464',
				METRICS_HOST: '10.0.0.5',
				REDIS_URL: 'redis://127.0.0.1:6379',
				DRAIN_DELAY_MS: '5000',
				SHUTDOWN_TIMEOUT_MS: '20000'
			},
			false
		);
		expect(config).toMatchObject({
			metricsToken: 'a'.repeat(32),
			metricsPort: 9464,
			metricsHost: '10.0.0.5',
			redisUrl: 'redis://127.0.0.1:6379',
			drainDelayMs: 5000,
			shutdownTimeoutMs: 20000
		});
	});
});
