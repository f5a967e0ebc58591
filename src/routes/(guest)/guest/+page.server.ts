import { redirect } from '@sveltejs/kit';
import { findBoardRow } from '$lib/server/collab/boards';
import { findGuestWorkshop } from '$lib/server/guests/workshop-guests';
import { voterSeed } from '$lib/server/collab/voters';
import { endGuestSession, listBoardGuests } from '$lib/server/guests/guest-session';
import { deleteGuestCookie } from '$lib/server/http/cookies';
import { requireGuest } from '$lib/server/http/guards';
import { findProjectById, listMembers } from '$lib/server/projects/projects';
import type { Actions, PageServerLoad } from './$types';

/**
 * A guest's board: a board guest's one board; a workshop guest's `?board=` if it is one of the
 * workshop's (else the board of the step the room is on, else its first). Another board is
 * never shown. Without a valid guest cookie, back to /join.
 */
export const load: PageServerLoad = async (event) => {
	const guest = requireGuest(event);
	const db = event.locals.db;
	const asked = event.url.searchParams.get('board');
	const workshop = guest.scope.workshopId ? await findGuestWorkshop(db, guest.scope.workshopId) : null;
	const boardId =
		asked && guest.scope.boardIds.includes(asked)
			? asked
			: workshop?.stepBoardId && guest.scope.boardIds.includes(workshop.stepBoardId)
				? workshop.stepBoardId
				: (guest.scope.boardIds[0] ?? '');
	const [board, project, members, guests] = await Promise.all([
		findBoardRow(db, boardId),
		findProjectById(db, guest.scope.projectId),
		listMembers(db, guest.scope.projectId),
		listBoardGuests(db, boardId)
	]);
	if (!board || !project) redirect(303, '/join');
	// The page carries the guest's voter seed: never kept by a cache.
	event.setHeaders({ 'cache-control': 'private, no-store' });
	return {
		board: { id: board.id, stage: board.stage },
		workshop: workshop ? { title: workshop.title, boards: workshop.boards.filter((b) => guest.scope.boardIds.includes(b.id)) } : null,
		project: { id: project.id, title: project.title },
		me: { id: guest.userId, name: guest.name },
		until: guest.expiresAt,
		voterSeed: voterSeed(event.locals.runtime.voterKey, board.id, guest.userId),
		serverNow: Date.now(),
		authors: [
			...guests.map((g) => ({ id: g.userId, name: g.name, guest: true })),
			...members.map((mb) => ({ id: mb.userId, name: mb.name, guest: false }))
		]
	};
};

export const actions: Actions = {
	leave: async ({ cookies, locals, url }) => {
		const guest = locals.guest;
		if (guest) {
			await endGuestSession(locals.db, guest.id);
			// Their open board sockets close now, not at the next periodic check.
			await locals.runtime.events.publish('access-changed', { scope: 'guest', guestId: guest.id });
		}
		deleteGuestCookie(cookies, url);
		redirect(303, '/join?left');
	}
};
