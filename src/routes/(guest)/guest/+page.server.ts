import { redirect } from '@sveltejs/kit';
import { findBoardRow } from '$lib/server/collab/storage';
import { voterSeed } from '$lib/server/collab/voters';
import { endGuestSession, GUEST_COOKIE, listBoardGuests, validateGuestToken } from '$lib/server/guests/guest-session';
import { findProjectById, listMembers } from '$lib/server/projects/projects';
import type { Actions, PageServerLoad } from './$types';

/** A guest's one board. Without a valid guest cookie, back to /join. */
export const load: PageServerLoad = async ({ cookies, locals, setHeaders }) => {
	const token = cookies.get(GUEST_COOKIE);
	const guest = token ? await validateGuestToken(locals.db, token) : null;
	if (!guest) redirect(303, '/join');
	const db = locals.db;
	const [board, project, members, guests] = await Promise.all([
		findBoardRow(db, guest.boardId),
		findProjectById(db, guest.projectId),
		listMembers(db, guest.projectId),
		listBoardGuests(db, guest.boardId)
	]);
	if (!board || !project) redirect(303, '/join');
	// The page carries the guest's voter seed: never kept by a cache.
	setHeaders({ 'cache-control': 'private, no-store' });
	return {
		board: { id: board.id, stage: board.stage },
		project: { title: project.title },
		me: { id: guest.userId, name: guest.name },
		until: guest.expiresAt,
		voterSeed: voterSeed(locals.runtime.voterKey, board.id, guest.userId),
		serverNow: Date.now(),
		authors: [...guests.map((g) => ({ id: g.userId, name: g.name, guest: true })), ...members.map((mb) => ({ id: mb.userId, name: mb.name, guest: false }))]
	};
};

export const actions: Actions = {
	leave: async ({ cookies, locals, url }) => {
		const token = cookies.get(GUEST_COOKIE);
		const guest = token ? await validateGuestToken(locals.db, token) : null;
		if (guest) await endGuestSession(locals.db, guest.id);
		cookies.delete(GUEST_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
		redirect(303, '/join?left');
	}
};
