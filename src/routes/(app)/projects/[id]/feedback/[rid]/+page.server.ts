import { requireRound } from '$lib/server/feedback/guard';
import { listQuestions } from '$lib/server/feedback/questions';
import { analyseRound } from '$lib/server/feedback/analysis';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { round } = await requireRound(event, 'view');
	const questions = await listQuestions(event.locals.db, round.id);
	return { questions, analysis: await analyseRound(event.locals.db, round.id, questions) };
};
