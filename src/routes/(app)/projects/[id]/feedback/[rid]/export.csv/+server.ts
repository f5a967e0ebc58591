import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireRoundResponses } from '$lib/server/feedback/guard';
import { listQuestions } from '$lib/server/feedback/questions';
import { exportRoundCsv } from '$lib/server/feedback/export';
import { csvResponse } from '$lib/server/export/csv';
import type { RequestHandler } from './$types';
import { recordAudit } from '$lib/server/audit/record';

/** The round's responses as CSV: what was said, never who said it (see export.ts). */
export const GET: RequestHandler = async (event) => {
	const { round, access } = await requireRoundResponses(event, 'view');
	const lang = getLocale() === 'en' ? 'en' : 'th';
	const questions = await listQuestions(event.locals.db, round.id);
	const csv = await exportRoundCsv(event.locals.db, round.id, questions, {
		lang,
		headers: {
			id: m.fb_csv_id(),
			submittedAt: m.fb_csv_submitted_at(),
			channel: m.fb_csv_channel(),
			locale: m.fb_csv_locale(),
			status: m.fb_csv_status(),
			tags: m.fb_csv_tags()
		},
		yes: m.fb_yes(),
		no: m.fb_no()
	});
	await recordAudit(event.locals, 'feedback.exported', { projectId: access.projectId, target: { kind: 'round', id: round.id } });
	const response = csvResponse(csv, `feedback-${round.slug}.csv`);
	response.headers.set('Cache-Control', 'private, no-store');
	return response;
};
