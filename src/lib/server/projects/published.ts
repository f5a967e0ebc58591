import type { DB } from '../db/open.ts';
import { listProjects, type ProjectFilter, type ProjectSummary } from './projects.ts';

/** Published projects for the public: no team, no people, only the work. */
export function listPublishedProjects(db: DB, filter: Omit<ProjectFilter, 'mine'> = {}): Promise<ProjectSummary[]> {
	return listProjects(db, null, filter);
}

/** Whether the project exists and is published (its public face is /open/ID). */
export async function isPublishedProject(db: DB, projectId: string): Promise<boolean> {
	const row = await db.selectFrom('projects').select('visibility').where('id', '=', projectId).executeTakeFirst();
	return row?.visibility === 'published';
}
