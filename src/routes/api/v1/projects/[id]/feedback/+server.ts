import { endpoint } from '$lib/server/api/endpoints';
import { serve } from '$lib/server/api/serve';

/** A project's feedback rounds. */
export const GET = serve(endpoint('listFeedbackRounds'));
