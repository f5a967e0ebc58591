import { env } from '$env/dynamic/private';
import { error, redirect } from '@sveltejs/kit';
import { readFormBody } from '$lib/server/feedback/public-form';
import type { Actions, PageServerLoad } from './$types';

/**
 * Only for bench/intake-compare.bench.ts, and only when the server was started with
 * PRACHALAB_BENCH_ROUTES=1 (a 404 otherwise, as for any path that does not exist): a form post
 * that goes through everything SvelteKit and our hooks do for the citizen form — the same body
 * reading, a cookie, a 303 — and stores nothing. What the real form costs beyond it is ours.
 */
function enabled(): void {
	if (env.PRACHALAB_BENCH_ROUTES !== '1') error(404);
}

export const load: PageServerLoad = () => enabled();

export const actions: Actions = {
	default: async ({ request, cookies }) => {
		enabled();
		const body = await readFormBody(request);
		if (!body.ok) error(body.status);
		cookies.set('bench_receipt', 'AAAA-BBBB-CCCC', { path: '/bench', httpOnly: true, sameSite: 'lax', secure: false, maxAge: 60 });
		redirect(303, '/bench/no-store');
	}
};
