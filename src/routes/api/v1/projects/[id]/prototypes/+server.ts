import { endpoint } from '$lib/server/api/endpoints';
import { serve } from '$lib/server/api/serve';

/** A project's prototypes. */
export const GET = serve(endpoint('listPrototypes'));
