import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '../../src/lib/server/db/open.ts';
import { formatJoinCode, openJoinCode } from '../../src/lib/server/guests/join-codes.ts';
import { LIMIT_RULES } from '../../src/lib/server/limits/limiters.ts';
import { startAppServer, type AppServer } from '../helpers/app-server.ts';
import { makeBoardFixture } from './collab-harness.ts';
import { postForm } from './feedback-helpers.ts';

/** Guests joining a workshop at /join, over real HTTP: a whole room behind one address. */

let server: AppServer;
let db: DB;
let code: string;

beforeAll(async () => {
	server = await startAppServer({ env: { ADMIN_EMAIL: 'root@example.test', ADMIN_PASSWORD: 'bootstrap passphrase' } });
	db = openDatabase(server.databasePath);
	const fx = await makeBoardFixture(db);
	code = (await openJoinCode(db, fx.boards.ideate, fx.facilitator.id, 2 * 60 * 60_000)).code;
});

afterAll(async () => {
	await db?.destroy();
	await server?.stop();
	server?.cleanup();
});

const join = (joinCode: string, name: string, from: string) =>
	postForm(
		server,
		'/join',
		[
			['code', joinCode],
			['name', name]
		],
		{ from }
	);

describe('joining a workshop as a guest', () => {
	it('lets a room of 40 on one Wi-Fi (one address) all join within a minute', async () => {
		const started = Date.now();
		const statuses = await Promise.all(Array.from({ length: 40 }, (_, i) => join(formatJoinCode(code), `ผู้เข้าร่วม ${i + 1}`, '127.0.20.1')));
		expect(statuses.map((response) => response.status)).toEqual(Array(40).fill(303));
		expect(statuses.every((response) => response.headers.location === '/guest')).toBe(true);
		expect(Date.now() - started).toBeLessThan(60_000);
	});

	it('counts only wrong codes toward the guessing limit, then refuses that address', async () => {
		const guesser = '127.0.21.1';
		for (let i = 0; i < LIMIT_RULES.joinFailures.points; i++) {
			expect((await join(`ZZZZ${String(1000 + i).slice(-4)}`, 'เดา', guesser)).status).toBe(400);
		}
		const refused = await join('ZZZZ9999', 'เดา', guesser);
		expect(refused.status).toBe(429);
		// Guessing is over for that address, a right code included; the room next door still joins.
		expect((await join(code, 'เดา', guesser)).status).toBe(429);
		expect((await join(code, 'ห้องข้าง ๆ', '127.0.21.2')).status).toBe(303);
	});
});
