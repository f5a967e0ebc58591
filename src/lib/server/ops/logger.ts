import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line, wherever they sit in a logged object. Nothing logs
 * request bodies, headers or cookies in the first place (hooks.server.ts logs a request's route,
 * status and timing only); this is the net under that rule.
 */
const SECRET_KEYS = [
	'password',
	'token',
	'secret',
	'cookie',
	'cookies',
	'authorization',
	'session',
	'sessionId',
	'email',
	'phone',
	'line',
	'contact',
	'contact_name',
	'contact_email',
	'contact_phone',
	'contact_line',
	'receipt',
	'joinCode'
];
const REDACT_PATHS = [...SECRET_KEYS, ...SECRET_KEYS.map((key) => `*.${key}`), 'headers', '*.headers', 'body', '*.body'];

export interface LoggerOptions {
	level: LogLevel;
	/** Called for every line at level error or above, with the logger's `component` binding (metrics count them). */
	onError?: (component: string) => void;
	/** Where lines go (stdout unless given; tests pass their own). */
	destination?: DestinationStream;
}

/** The process's structured logger: one JSON object a line, on stdout. */
export function createLogger(options: LoggerOptions): Logger {
	const onError = options.onError;
	return pino(
		{
			level: options.level,
			timestamp: pino.stdTimeFunctions.isoTime,
			// "level":"info" rather than pino's 30: log shippers and people read names.
			formatters: { level: (label) => ({ level: label }) },
			redact: { paths: REDACT_PATHS, censor: '[redacted]' },
			serializers: { err: pino.stdSerializers.errWithCause },
			hooks: {
				logMethod(args, method, level) {
					if (onError && level >= 50) onError(String(this.bindings().component ?? 'app'));
					return method.apply(this, args);
				}
			}
		},
		options.destination ?? pino.destination({ dest: 1, sync: false })
	);
}

/** The `log` callback the collab hub and the feedback jobs take, writing through `logger`. */
export function componentLog(logger: Logger, component: string): (message: string, error?: unknown) => void {
	const child = logger.child({ component });
	return (message, error) => {
		if (error === undefined) child.warn(message);
		else child.error({ err: error }, message);
	};
}
