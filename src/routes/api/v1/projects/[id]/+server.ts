import type { RequestHandler } from '@sveltejs/kit';
import { api, apiProjectAccess, notFound } from '$lib/server/api/respond';
import { findProjectById, listBoards, listMembers } from '$lib/server/projects/projects';
import { listStageChanges } from '$lib/server/projects/stages';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const access = await apiProjectAccess(event, event.params.id ?? '');
		const db = event.locals.db;
		const project = await findProjectById(db, access.projectId);
		if (!project) throw notFound();
		const [history, boards] = await Promise.all([listStageChanges(db, project.id), listBoards(db, project.id)]);
		const { createdBy, ...details } = project;
		return {
			project: details,
			access: { canEdit: access.canEdit, canManage: access.canManage, role: access.teamRole },
			stageHistory: history.map(({ changedBy, changedByName, ...change }) => (access.anonymous ? change : { ...change, changedBy, changedByName })),
			boards: boards.map(({ id, stage }) => ({ id, stage })),
			team: access.anonymous ? undefined : (await listMembers(db, project.id)).map(({ userId, name, role }) => ({ userId, name, role })),
			createdBy: access.anonymous ? undefined : createdBy
		};
	});
