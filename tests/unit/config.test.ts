import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config.ts';

describe('configuration from the environment', () => {
	it('uses the documented defaults', () => {
		expect(readConfig({})).toMatchObject({ port: 3000, databasePath: 'data/prachalab.db', origin: undefined, collabMaxMessageBytes: 1024 * 1024 });
	});

	it('leaves the interface to the server unless HOST names one, and reads the proxy settings', () => {
		expect(readConfig({}).host).toBeUndefined();
		expect(readConfig({ HOST: ' ' }).host).toBeUndefined();
		expect(readConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
		expect(readConfig({}).address).toEqual({ header: undefined, xffDepth: 1 });
		expect(readConfig({ ADDRESS_HEADER: 'X-Forwarded-For', XFF_DEPTH: '2' }).address).toEqual({ header: 'x-forwarded-for', xffDepth: 2 });
		expect(() => readConfig({ XFF_DEPTH: '-1' })).toThrow(/XFF_DEPTH/);
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

	it('keeps a PostgreSQL URL as it is, with attachments in data/ unless ATTACHMENTS_DIR says where', () => {
		const url = 'postgres://lab:secret@db.example:5432/prachalab';
		expect(readConfig({ DATABASE_URL: url })).toMatchObject({ databasePath: url, attachmentsDir: 'data/attachments' });
		expect(readConfig({ DATABASE_URL: url, ATTACHMENTS_DIR: '/srv/files' }).attachmentsDir).toBe('/srv/files');
		expect(readConfig({ DATABASE_URL: '/srv/lab.db' }).attachmentsDir).toBe('/srv/attachments');
	});

	it('reads the largest board and the socket limits, and keeps room on a board for one largest message', () => {
		expect(readConfig({})).toMatchObject({ collabMaxBoardBytes: 16 * 1024 * 1024, collabSockets: { perUser: 20, perGuest: 8, perAddress: 200 } });
		const tuned = readConfig({ COLLAB_MAX_BOARD_BYTES: '1000', COLLAB_SOCKETS_PER_ADDRESS: '500', COLLAB_SOCKETS_PER_USER: 'many' });
		expect(tuned.collabMaxBoardBytes).toBe(1024 * 1024);
		expect(tuned.collabSockets).toEqual({ perUser: 20, perGuest: 8, perAddress: 500 });
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

	it("reads the public forms' minimum fill time in seconds, three unless set", () => {
		expect(readConfig({}).formMinFillMs).toBe(3000);
		expect(readConfig({ FORM_MIN_FILL_SECONDS: '20' }).formMinFillMs).toBe(20_000);
		expect(readConfig({ FORM_MIN_FILL_SECONDS: '0' }).formMinFillMs).toBe(3000);
		expect(readConfig({ FORM_MIN_FILL_SECONDS: 'soon' }).formMinFillMs).toBe(3000);
	});
});
