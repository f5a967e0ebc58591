import { endpoint } from '$lib/server/api/endpoints';
import { serve } from '$lib/server/api/serve';

/** A board: as it is for the team, as published for everyone else. */
export const GET = serve(endpoint('getBoard'));
