import { prepareBoardExport } from '$lib/server/board-export/request';
import { renderBoardPdf } from '$lib/server/board-export/pdf';
import type { RequestHandler } from './$types';

/** The board (or `?section=ID`) as an A4 landscape PDF with a cover page and the notes' comments, for anyone who may view it. */
export const GET: RequestHandler = async (event) => {
	const exported = await prepareBoardExport(event);
	return exported.download(await renderBoardPdf(exported.content, exported.words, exported.names, await exported.imageFiles()), 'pdf');
};
