import type { DB } from '../db/open.ts';
import type { EvidenceChoice } from './decisions.ts';

/**
 * The feedback rounds a decision about `prototypeId` may cite, newest first, each labelled
 * with its title and the version it asked about (the label is kept with the decision, so it
 * still reads if the round is later deleted).
 */
export async function listFeedbackRoundChoices(db: DB, prototypeId: string): Promise<EvidenceChoice[]> {
	const rows = await db
		.selectFrom('feedback_rounds')
		.innerJoin('prototype_versions', 'prototype_versions.id', 'feedback_rounds.version_id')
		.select(['feedback_rounds.id', 'feedback_rounds.title_th', 'prototype_versions.number'])
		.where('feedback_rounds.prototype_id', '=', prototypeId)
		.orderBy('feedback_rounds.created_at', 'desc')
		.execute();
	return rows.map((r) => ({ ref: r.id, label: `${r.title_th} · v${r.number}` }));
}

/**
 * The sections of the project's Test board a decision may cite ("what worked", "what to
 * change", …), each as `boardId:sectionId` with its title and how many notes it held when the
 * page was drawn. Only sections with notes are offered: an empty one is no evidence.
 */
export async function listBoardSectionChoices(
	db: DB,
	projectId: string,
	readSections: (boardId: string) => Promise<{ id: string; title: string; notes: number }[] | null>,
	noteCount: (title: string, notes: number) => string
): Promise<EvidenceChoice[]> {
	const boards = await db
		.selectFrom('boards')
		.select('id')
		.where('project_id', '=', projectId)
		.where('stage', '=', 'test')
		.orderBy('created_at')
		.execute();
	const choices: EvidenceChoice[] = [];
	for (const board of boards) {
		for (const section of (await readSections(board.id)) ?? []) {
			if (section.notes > 0) choices.push({ ref: `${board.id}:${section.id}`, label: noteCount(section.title, section.notes) });
		}
	}
	return choices;
}
