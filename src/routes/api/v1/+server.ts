import { endpoint } from '$lib/server/api/endpoints';
import { serve } from '$lib/server/api/serve';

/** The API's index: every endpoint, who gets what from it (api/endpoints.ts). */
export const GET = serve(endpoint('getIndex'));
