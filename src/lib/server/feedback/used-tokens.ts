import type { DB } from '../db/open.ts';
import { refuse } from '../validation.ts';

/**
 * Each served public form is stored once: its token's id goes into `feedback_used_tokens`
 * (migration 0009) in the same transaction as what it carried — a feedback response, a story, an
 * idea, a support. A second use (a double tap, the back button, a replay) is refused with
 * `fb_form_already_sent` and stores nothing. Rows are kept for the token's lifetime; the
 * retention job deletes them afterwards. Token ids are 16 random bytes, so forms of every kind
 * share the table without meeting.
 */
export async function takeFormToken(trx: DB, token: { id: string; expiresAt: number }): Promise<void> {
	const used = await trx
		.insertInto('feedback_used_tokens')
		.values({ id: token.id, expires_at: token.expiresAt })
		.onConflict((oc) => oc.column('id').doNothing())
		.executeTakeFirst();
	if (Number(used.numInsertedOrUpdatedRows ?? 0) === 0) refuse('fb_form_already_sent');
}
