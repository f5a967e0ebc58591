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
