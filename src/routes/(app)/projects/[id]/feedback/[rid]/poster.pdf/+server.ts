import { requireRound } from '$lib/server/feedback/guard';
import { findProjectById } from '$lib/server/projects/projects';
import { posterContent } from '$lib/server/feedback/poster-content';
import { renderPosterPdf } from '$lib/server/feedback/poster/poster';
import type { RequestHandler } from './$types';

/** The round's printable A4 poster (PDF): QR code, short link, what it is about. */
export const GET: RequestHandler = async (event) => {
	const { round, access } = await requireRound(event, 'view');
	const project = await findProjectById(event.locals.db, access.projectId);
	const origin = event.locals.runtime.config.origin ?? event.url.origin;
	const pdf = await renderPosterPdf(posterContent(round, { origin, agency: project?.agency ?? '' }));
	return new Response(new Uint8Array(pdf), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `attachment; filename="poster-${round.slug}.pdf"`,
			'Cache-Control': 'private, no-store'
		}
	});
};
