import { endpoint } from '$lib/server/api/endpoints';
import { serve } from '$lib/server/api/serve';

/** One project. */
export const GET = serve(endpoint('getProject'));
