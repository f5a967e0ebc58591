import { json, type RequestHandler } from '@sveltejs/kit';
import { API_ENDPOINTS } from '$lib/server/api/endpoints';

/** The API's own index: every endpoint, what it returns, who may call it. */
export const GET: RequestHandler = () => json({ version: 1, endpoints: API_ENDPOINTS });
