import { prepareBoardExport, downloadResponse } from '$lib/server/board-export/request';
import { renderBoardPdf } from '$lib/server/board-export/pdf';
import type { RequestHandler } from './$types';

/** The board (or `?section=ID`) as an A4 landscape PDF with a cover page, for anyone who may view it. */
export const GET: RequestHandler = async (event) => {
	const exported = await prepareBoardExport(event);
	const pdf = await renderBoardPdf(exported.content, exported.words, await exported.imageFiles());
	return downloadResponse(pdf, 'application/pdf', exported.fileName('pdf'));
};
