import { error, fail } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { m } from '$lib/paraglide/messages.js';
import { requireProject } from '$lib/server/http/guards';
import { findProjectById, listBoards, listMembers } from '$lib/server/projects/projects';
import { findProjectBoard } from '$lib/server/collab/boards';
import { voterSeed } from '$lib/server/collab/voters';
import { currentJoinCode, endGuestAccess, formatJoinCode, openJoinCode, JOIN_CODE_TTLS_HOURS } from '$lib/server/guests/join-codes';
import { listBoardGuests } from '$lib/server/guests/guest-session';
import { restoreFromTrash, restoreVersion } from '$lib/server/collab/restore';
import type { Actions, PageServerLoad } from './$types';

// This page resets to the (app) layout (a board wants the whole screen), so it loads the
// project itself instead of relying on the project layout.
export const load: PageServerLoad = async (event) => {
	const { user, access } = await requireProject(event, 'view');
	const db = event.locals.db;
	const [project, board] = await Promise.all([findProjectById(db, access.projectId), findProjectBoard(db, access.projectId, event.params.boardId)]);
	if (!project || !board) error(404, m.error_not_found());
	const [boards, members, guests, joinCode] = await Promise.all([
		listBoards(db, project.id),
		listMembers(db, project.id),
		listBoardGuests(db, board.id),
		access.canManage ? currentJoinCode(db, board.id) : null
	]);
	return {
		project: { id: project.id, title: project.title, stage: project.stage },
		board,
		boards: boards.map((b) => ({ id: b.id, stage: b.stage })),
		canEdit: access.canEdit,
		// Facilitators and admins run voting, the timer, the lock and focus (the hub enforces it).
		canFacilitate: access.canManage,
		// Only this person and the server know it: their anonymous voter ids come from it.
		voterSeed: access.canEdit ? voterSeed(event.locals.runtime.voterKey, board.id, user.id) : null,
		serverNow: Date.now(),
		me: { id: user.id, name: user.name },
		members: members.map((mb) => ({ id: mb.userId, name: mb.name })),
		// Guests' names, for their notes.
		guests: guests.map((g) => ({ id: g.userId, name: g.name })),
		joinCode: access.canManage ? { openUntil: joinCode?.expiresAt ?? null, hours: JOIN_CODE_TTLS_HOURS } : null,
		// Facilitators see the board's history (versions, deleted notes) and restore from it.
		historyUrl: access.canManage ? `/projects/${project.id}/boards/${board.id}/history` : null
	};
};

export const actions: Actions = {
	/** Opens a join code for guests (facilitators): shown once, stored as a hash. */
	openJoinCode: async (event) => {
		const { user, access } = await requireProject(event, 'manage');
		const board = await findProjectBoard(event.locals.db, access.projectId, event.params.boardId);
		if (!board) error(404, m.error_not_found());
		const hours = Number((await event.request.formData()).get('hours'));
		if (!(JOIN_CODE_TTLS_HOURS as readonly number[]).includes(hours)) return fail(400, { message: m.form_has_errors() });
		const { code, expiresAt } = await openJoinCode(event.locals.db, board.id, user.id, hours * 60 * 60 * 1000);
		const joinUrl = `${event.url.origin}/join?code=${formatJoinCode(code)}`;
		const svg = await QRCode.toString(joinUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
		return {
			joinCode: formatJoinCode(code),
			expiresAt,
			joinPage: `${event.url.origin}/join`,
			qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
		};
	},

	/** Restores a saved version of the board (facilitators), as a change everyone on it receives. */
	restoreVersion: async (event) => {
		const { user, access } = await requireProject(event, 'manage');
		const board = await findProjectBoard(event.locals.db, access.projectId, event.params.boardId);
		if (!board) error(404, m.error_not_found());
		const versionId = String((await event.request.formData()).get('version') ?? '');
		const result = await restoreVersion(event.locals.db, event.locals.runtime.collab, board.id, versionId, { id: user.id, name: user.name });
		if (!result) return fail(404, { message: m.board_history_version_gone() });
		return { restored: { added: result.added, changed: result.changed, removed: result.removed.length } };
	},

	/** Brings notes back from the board's trash (facilitators). */
	restoreNotes: async (event) => {
		const { access } = await requireProject(event, 'manage');
		const board = await findProjectBoard(event.locals.db, access.projectId, event.params.boardId);
		if (!board) error(404, m.error_not_found());
		const ids = (await event.request.formData()).getAll('note').map(String).slice(0, 500);
		if (ids.length === 0) return fail(400, { message: m.board_history_select_some() });
		return { broughtBack: await restoreFromTrash(event.locals.db, event.locals.runtime.collab, board.id, ids) };
	},

	/** Closes the codes and disconnects every guest of the board, open sockets at once. */
	endGuestAccess: async (event) => {
		const { access } = await requireProject(event, 'manage');
		const board = await findProjectBoard(event.locals.db, access.projectId, event.params.boardId);
		if (!board) error(404, m.error_not_found());
		await endGuestAccess(event.locals.db, board.id);
		await event.locals.runtime.events.publish('access-changed', { scope: 'board-guests', boardId: board.id });
		return { ended: true };
	}
};
