import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { componentLog, createLogger } from '../../src/lib/server/ops/logger.ts';
import { createMetrics } from '../../src/lib/server/ops/metrics.ts';

function capture() {
	const lines: Record<string, unknown>[] = [];
	const destination = new Writable({
		write(chunk: Buffer, _encoding, done) {
			for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
			done();
		}
	});
	return { lines, destination };
}

describe('the structured logger', () => {
	it('writes one JSON object a line, with the level by name and an ISO time', () => {
		const { lines, destination } = capture();
		createLogger({ level: 'info', destination }).info({ reqId: 'r1' }, 'request');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatchObject({ level: 'info', reqId: 'r1', msg: 'request' });
		expect(String(lines[0]!.time)).toMatch(/^\d{4}-\d\d-\d\dT/);
	});

	it('censors secrets and contacts wherever a careless call puts them, one level deep', () => {
		const { lines, destination } = capture();
		const log = createLogger({ level: 'info', destination });
		log.info(
			{ password: 'hunter2', user: { token: 'tok-123', email: 'a@b.test' }, headers: { cookie: 'session=abc' }, contact_phone: '0812345678' },
			'oops'
		);
		const text = JSON.stringify(lines);
		for (const secret of ['hunter2', 'tok-123', 'a@b.test', 'session=abc', '0812345678']) expect(text).not.toContain(secret);
		expect(lines[0]).toMatchObject({ password: '[redacted]', user: { token: '[redacted]', email: '[redacted]' }, headers: '[redacted]' });
	});

	it('counts every error line by component in the metrics, and logs an error with its cause', async () => {
		const { lines, destination } = capture();
		const metrics = createMetrics();
		const log = createLogger({ level: 'info', destination, onError: metrics.error });
		const collab = componentLog(log, 'collab');
		collab('board b1: storage failed', new Error('could not store', { cause: new Error('disk full') }));
		collab('a warning without an error');
		log.error('no component');
		expect(lines[0]).toMatchObject({ level: 'error', component: 'collab', msg: 'board b1: storage failed' });
		expect(JSON.stringify(lines[0]!.err)).toContain('disk full');
		expect(lines[1]).toMatchObject({ level: 'warn', component: 'collab' });
		const { body } = await metrics.render();
		expect(body).toContain('prachalab_errors_total{component="collab"} 1');
		expect(body).toContain('prachalab_errors_total{component="app"} 1');
	});
});
