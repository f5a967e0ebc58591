import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** The server's clock, for boards to count the facilitator's timer down together (client/server-clock.ts). */
export const GET: RequestHandler = () => json({ now: Date.now() }, { headers: { 'cache-control': 'no-store' } });
