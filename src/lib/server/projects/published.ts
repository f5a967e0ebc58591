import type { DB } from '../db/open.ts';
import { listProjects, type ProjectFilter, type ProjectSummary } from './projects.ts';

/** Published projects for the public: no team, no people, only the work. */
export function listPublishedProjects(db: DB, filter: Omit<ProjectFilter, 'mine'> = {}): Promise<ProjectSummary[]> {
	return listProjects(db, null, filter);
}
