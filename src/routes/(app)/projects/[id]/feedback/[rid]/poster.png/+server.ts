import { requireRound } from '$lib/server/feedback/guard';
import { findProjectById } from '$lib/server/projects/projects';
import { posterContent } from '$lib/server/feedback/poster-content';
import { renderPosterPng } from '$lib/server/feedback/poster/poster';
import type { RequestHandler } from './$types';

/** The round's poster as a PNG (150 dpi A4), for LINE, social media or a screen at the counter. */
export const GET: RequestHandler = async (event) => {
	const { round, access } = await requireRound(event, 'view');
	const project = await findProjectById(event.locals.db, access.projectId);
	const origin = event.locals.runtime.config.origin ?? event.url.origin;
	const png = renderPosterPng(posterContent(round, { origin, agency: project?.agency ?? '' }));
	return new Response(new Uint8Array(png), {
		headers: {
			'Content-Type': 'image/png',
			'Content-Disposition': `attachment; filename="poster-${round.slug}.png"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
