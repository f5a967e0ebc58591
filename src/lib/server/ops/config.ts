/** What operations read from the environment: logs, metrics, readiness and shutdown. */
export interface OpsConfig {
	/** pino's level: trace, debug, info, warn, error, fatal or silent. */
	logLevel: LogLevel;
	/** When set, `/metrics` on the app's port answers requests that carry `Authorization: Bearer <token>`. */
	metricsToken: string | undefined;
	/** When set, a second listener serves `/metrics` (no token) on this port of `metricsHost`. */
	metricsPort: number | undefined;
	/** Loopback unless told otherwise: the metrics port is for a scraper on the same machine or network. */
	metricsHost: string;
	/** Redis, when the deployment has one: /readyz then checks it too. */
	redisUrl: string | undefined;
	/** After SIGTERM, how long the server goes on serving while /readyz says 503, so a proxy can take it out first. */
	drainDelayMs: number;
	/** Then how long requests in flight may take to finish before their connections are closed. */
	shutdownTimeoutMs: number;
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

function milliseconds(name: string, value: string | undefined, fallback: number): number {
	if (value === undefined || value.trim() === '') return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number of milliseconds, not "${value}"`);
	return n;
}

function optionalPort(value: string | undefined): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`METRICS_PORT must be a port number, not "${value}"`);
	return n;
}

export function readOpsConfig(env: Record<string, string | undefined>, quiet: boolean): OpsConfig {
	const level = (env.LOG_LEVEL || (quiet ? 'warn' : 'info')).toLowerCase();
	if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${level}"`);
	const metricsToken = env.METRICS_TOKEN || undefined;
	// A scraper's token guards the app's inner workings on its public port: no short guessable ones.
	if (metricsToken !== undefined && metricsToken.length < 24) throw new Error('METRICS_TOKEN must be at least 24 characters long');
	return {
		logLevel: level as LogLevel,
		metricsToken,
		metricsPort: optionalPort(env.METRICS_PORT),
		metricsHost: env.METRICS_HOST || '127.0.0.1',
		redisUrl: env.REDIS_URL || undefined,
		drainDelayMs: milliseconds('DRAIN_DELAY_MS', env.DRAIN_DELAY_MS, 0),
		shutdownTimeoutMs: milliseconds('SHUTDOWN_TIMEOUT_MS', env.SHUTDOWN_TIMEOUT_MS, 10_000)
	};
}
