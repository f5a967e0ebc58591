import { endpoint } from '$lib/server/api/endpoints';
import { serve } from '$lib/server/api/serve';

/** One prototype with its versions, decisions and timeline. */
export const GET = serve(endpoint('getPrototype'));
