import type { DB } from '../db/open.ts';
import type { ProjectSummary } from './projects.ts';
import type { Stage, Visibility } from '../../domain/stages.ts';

/** Published projects for the public: no team, no people, only the work. */
export async function listPublishedProjects(db: DB): Promise<ProjectSummary[]> {
	const rows = await db
		.selectFrom('projects')
		.select(['id', 'title', 'challenge', 'agency', 'stage', 'visibility', 'updated_at'])
		.where('visibility', '=', 'published')
		.orderBy('updated_at', 'desc')
		.execute();
	const tags = rows.length
		? await db.selectFrom('project_tags').select(['project_id', 'tag']).where('project_id', 'in', rows.map((r) => r.id)).execute()
		: [];
	return rows.map((r) => ({
		id: r.id,
		title: r.title,
		challenge: r.challenge,
		agency: r.agency,
		stage: r.stage as Stage,
		visibility: r.visibility as Visibility,
		tags: tags.filter((t) => t.project_id === r.id).map((t) => t.tag),
		updatedAt: r.updated_at
	}));
}
