/** What project pages show. */
import type { Stage, Visibility } from './stages.ts';

export interface ProjectSummary {
	id: string;
	title: string;
	/** The English title, when the team gave one (English pages and the catalogue use it). */
	titleEn: string | null;
	challenge: string;
	challengeEn: string | null;
	agency: string;
	stage: Stage;
	visibility: Visibility;
	tags: string[];
	updatedAt: number;
}

/** A project's title in `locale`: the English one on English pages when there is one, else the Thai. */
export function localizedTitle(project: Pick<ProjectSummary, 'title' | 'titleEn'>, locale: string): string {
	return locale === 'en' && project.titleEn ? project.titleEn : project.title;
}

/** A project's challenge in `locale`, as localizedTitle chooses. */
export function localizedChallenge(project: Pick<ProjectSummary, 'challenge' | 'challengeEn'>, locale: string): string {
	return locale === 'en' && project.challengeEn ? project.challengeEn : project.challenge;
}
