import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config.ts';

describe('configuration from the environment', () => {
	it('uses the documented defaults', () => {
		expect(readConfig({})).toMatchObject({ port: 3000, databasePath: 'data/prachalab.db', origin: undefined, collabMaxMessageBytes: 1024 * 1024 });
	});

	it('accepts port 0, which lets the system pick a free port', () => {
		expect(readConfig({ PORT: '0' }).port).toBe(0);
	});

	it('refuses a port that is not a port', () => {
		expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
		expect(() => readConfig({ PORT: '70000' })).toThrow(/PORT/);
	});

	it('reads DATABASE_URL as a path or a file: URL', () => {
		expect(readConfig({ DATABASE_URL: 'file:/srv/lab.db' }).databasePath).toBe('/srv/lab.db');
		expect(readConfig({ DATABASE_URL: 'file:///srv/lab.db' }).databasePath).toBe('/srv/lab.db');
		expect(readConfig({ DATABASE_URL: 'x/y.db' }).databasePath).toBe('x/y.db');
	});

	it('reads the collab rate limits, and never lets the byte burst be smaller than the largest message', () => {
		expect(readConfig({}).collabRate).toEqual({
			messagesPerSecond: 100,
			messageBurst: 500,
			bytesPerSecond: 256 * 1024,
			byteBurst: 1024 * 1024
		});
		const tuned = readConfig({
			COLLAB_MESSAGES_PER_SECOND: '50',
			COLLAB_MESSAGE_BURST: '120',
			COLLAB_BYTES_PER_SECOND: '65536',
			COLLAB_BYTE_BURST: '1000',
			COLLAB_MAX_MESSAGE_BYTES: '200000'
		});
		expect(tuned.collabRate).toEqual({ messagesPerSecond: 50, messageBurst: 120, bytesPerSecond: 65536, byteBurst: 200000 });
		expect(readConfig({ COLLAB_MESSAGES_PER_SECOND: 'lots' }).collabRate.messagesPerSecond).toBe(100);
	});
});
