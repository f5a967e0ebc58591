import { endpoint } from '$lib/server/api/endpoints';
import { serve } from '$lib/server/api/serve';

/** Projects the caller may see, a page at a time. */
export const GET = serve(endpoint('listProjects'));
