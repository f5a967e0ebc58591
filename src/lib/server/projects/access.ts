import type { DB } from '../db/open.ts';
import type { SessionUser } from '../auth/session.ts';
import { seesAllProjects } from '../../domain/roles.ts';
import type { ProjectRole } from '../../domain/stages.ts';

/** What one user may do on one project. Every project route asks this first. */
export interface ProjectAccess {
	projectId: string;
	/** Their role on the team, if they are on it. */
	teamRole: ProjectRole | null;
	canView: boolean;
	/** Write on boards, prototypes and feedback. */
	canEdit: boolean;
	/** Change the team, the stage, the details and the visibility. */
	canManage: boolean;
}

const NO_ACCESS = { teamRole: null, canView: false, canEdit: false, canManage: false } as const;

/**
 * Decides a user's rights on a project:
 * - admins manage every project;
 * - the project's facilitators manage it, members edit it, viewers read it;
 * - officials read every project (the portfolio is theirs);
 * - anyone signed in reads a published project;
 * - nobody else learns that the project exists (callers answer 404, not 403).
 */
export async function getProjectAccess(
	db: DB,
	user: SessionUser | null,
	projectId: string
): Promise<ProjectAccess> {
	const project = await db
		.selectFrom('projects')
		.select(['id', 'visibility'])
		.where('id', '=', projectId)
		.executeTakeFirst();
	if (!project) return { projectId, ...NO_ACCESS };
	if (!user) return { projectId, ...NO_ACCESS };

	const membership = await db
		.selectFrom('project_members')
		.select('role')
		.where('project_id', '=', projectId)
		.where('user_id', '=', user.id)
		.executeTakeFirst();
	const teamRole = (membership?.role ?? null) as ProjectRole | null;

	if (user.role === 'admin') return { projectId, teamRole, canView: true, canEdit: true, canManage: true };
	if (teamRole === 'facilitator') return { projectId, teamRole, canView: true, canEdit: true, canManage: true };
	if (teamRole === 'member') return { projectId, teamRole, canView: true, canEdit: true, canManage: false };
	const canView = teamRole === 'viewer' || seesAllProjects(user.role) || project.visibility === 'published';
	return { projectId, teamRole, canView, canEdit: false, canManage: false };
}
