import type { RequestHandler } from '@sveltejs/kit';
import { api, apiProjectAccess } from '$lib/server/api/respond';
import { apiRound } from '$lib/server/api/feedback';
import { listQuestions } from '$lib/server/feedback/questions';
import { analyseRound } from '$lib/server/feedback/analysis';

/** One round: its questions and what the answers add up to (counts, means; no words). */
export const GET: RequestHandler = (event) =>
	api(async () => {
		const access = await apiProjectAccess(event, event.params.id ?? '');
		const round = await apiRound(event.locals.db, access.projectId, event.params.rid ?? '');
		const questions = await listQuestions(event.locals.db, round.id);
		const results = await analyseRound(event.locals.db, round.id, questions);
		return {
			round: { id: round.id, slug: round.slug, title: round.title, purpose: round.purpose, opensAt: round.opensAt, closesAt: round.closesAt, languages: round.languages },
			questions: questions.map(({ id, kind, label, required, options }) => ({ id, kind, label, required, options })),
			results
		};
	});
