import { endpoint } from '$lib/server/api/endpoints';
import { serve } from '$lib/server/api/serve';

/** A round's responses, for the team and admins. */
export const GET = serve(endpoint('listFeedbackResponses'));
