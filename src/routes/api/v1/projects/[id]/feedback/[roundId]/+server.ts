import { endpoint } from '$lib/server/api/endpoints';
import { serve } from '$lib/server/api/serve';

/** One round: questions and results. */
export const GET = serve(endpoint('getFeedbackRound'));
