import { endpoint } from '$lib/server/api/endpoints';
import { serve } from '$lib/server/api/serve';

/** The OpenAPI 3.1 document, built from the route table. */
export const GET = serve(endpoint('getOpenApiDocument'));
