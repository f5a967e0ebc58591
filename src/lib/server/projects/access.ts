import type { DB } from '../db/open.ts';
import type { SessionUser } from '../auth/session.ts';
import { seesAllProjects, type Role } from '../../domain/roles.ts';
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
 * - nobody else learns that the project exists (callers answer 404, not 403).
 *
 * A published project is no exception: anyone else — signed in or not, on another project's
 * team or on none — sees only what the public sees (publication/, the /open pages), never the
 * team's workspace or its live boards.
 */
export async function getProjectAccess(db: DB, user: SessionUser | null, projectId: string): Promise<ProjectAccess> {
	const project = await db.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst();
	if (!project) return { projectId, ...NO_ACCESS };
	if (!user) return { projectId, ...NO_ACCESS };

	const membership = await db
		.selectFrom('project_members')
		.select('role')
		.where('project_id', '=', projectId)
		.where('user_id', '=', user.id)
		.executeTakeFirst();
	const teamRole = (membership?.role ?? null) as ProjectRole | null;

	return { projectId, teamRole, ...projectRights(user.role, teamRole) };
}

/**
 * The rights of an account with site role `role` and role `teamRole` on a project's team (null:
 * not on it) — the rules getProjectAccess applies, as a pure function the API's audience labels
 * are derived from (api/audience.ts).
 */
export function projectRights(role: Role, teamRole: ProjectRole | null): Pick<ProjectAccess, 'canView' | 'canEdit' | 'canManage'> {
	if (role === 'admin') return { canView: true, canEdit: true, canManage: true };
	if (teamRole === 'facilitator') return { canView: true, canEdit: true, canManage: true };
	if (teamRole === 'member') return { canView: true, canEdit: true, canManage: false };
	return { canView: teamRole === 'viewer' || seesAllProjects(role), canEdit: false, canManage: false };
}
