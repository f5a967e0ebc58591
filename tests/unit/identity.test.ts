import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DB } from '../../src/lib/server/db/open.ts';
import { createSession, invalidateSession } from '../../src/lib/server/auth/session.ts';
import { guestReaches, identifyCaller, identifyCredential, tokensFromCookieHeader } from '../../src/lib/server/auth/identity.ts';
import { endGuestSession } from '../../src/lib/server/guests/guest-session.ts';
import { openJoinCode, redeemJoinCode } from '../../src/lib/server/guests/join-codes.ts';
import { createProject, listBoards } from '../../src/lib/server/projects/projects.ts';
import { freshDatabase, makeUser } from '../helpers/db.ts';

let db: DB;
beforeEach(async () => {
	db = await freshDatabase();
});
afterEach(async () => {
	await db.destroy();
});

async function fixture() {
	const facilitator = await makeUser(db, 'facilitator');
	const project = await createProject(db, { title: 'ทดสอบตัวตน', challenge: 'ใครกำลังเรียกใช้งานอยู่', agency: 'ห้องทดลอง', tags: '' }, facilitator);
	const [board, other] = await listBoards(db, project.id);
	const { code } = await openJoinCode(db, board!.id, facilitator.id, 60 * 60_000);
	const guest = (await redeemJoinCode(db, { code, name: 'ป้าแดง' }))!;
	const session = await createSession(db, facilitator.id);
	return { facilitator, project, board: board!, other: other!, guest, session };
}

describe('who is calling', () => {
	it('reads the session and guest tokens from a Cookie header, and nothing from a broken one', () => {
		expect(tokensFromCookieHeader('lang=th; session=abc.def; guest=g%2Eh')).toEqual({ session: 'abc.def', guest: 'g.h' });
		expect(tokensFromCookieHeader('session=%E0%A4%A')).toEqual({ session: null, guest: null });
		expect(tokensFromCookieHeader(undefined)).toEqual({ session: null, guest: null });
	});

	it('knows a user with their session, and a guest with the one board of their code, at once', async () => {
		const fx = await fixture();
		const caller = await identifyCaller(db, { session: fx.session.token, guest: fx.guest.token });
		expect(caller.user).toMatchObject({ kind: 'user', user: { id: fx.facilitator.id }, session: { id: fx.session.session.id } });
		expect(caller.guest).toMatchObject({
			kind: 'guest',
			id: fx.guest.guestId,
			name: 'ป้าแดง',
			scope: { projectId: fx.project.id, boardIds: [fx.board.id], workshopId: null },
			expiresAt: fx.guest.expiresAt
		});
		expect(guestReaches(caller.guest!, fx.board.id)).toBe(true);
		expect(guestReaches(caller.guest!, fx.other.id)).toBe(false);
	});

	it('counts an ended session, a guest who left, or a tampered token as nobody', async () => {
		const fx = await fixture();
		await invalidateSession(db, fx.session.session.id);
		await endGuestSession(db, fx.guest.guestId);
		expect(await identifyCaller(db, { session: fx.session.token, guest: fx.guest.token })).toEqual({ user: null, guest: null });
		expect(await identifyCaller(db, { session: `${fx.session.token}x`, guest: 'nope' })).toEqual({ user: null, guest: null });
		expect(await identifyCredential(db, { kind: 'guest', token: fx.guest.token, guestId: fx.guest.guestId })).toBeNull();
	});
});
