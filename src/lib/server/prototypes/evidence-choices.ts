import type { DB } from '../db/open.ts';
import type { EvidenceChoice } from './decisions.ts';

/**
 * The feedback rounds a decision about `prototypeId` may cite. Feedback rounds belong to the
 * feedback module (migrations/0004_feedback.ts), which fills this in: its rounds attached to
 * the prototype's versions, labelled so the label still reads after the round is gone
 * ("รอบที่ 1 · v2 · 48 ความเห็น"). Until that table exists there are none to cite.
 */
export async function listFeedbackRoundChoices(db: DB, prototypeId: string): Promise<EvidenceChoice[]> {
	void db;
	void prototypeId;
	return [];
}
