import { prepareBoardExport, downloadResponse } from '$lib/server/board-export/request';
import { boardCsv } from '$lib/server/board-export/csv';
import type { RequestHandler } from './$types';

/** The board's notes as CSV (whole board, or `?section=ID`), for anyone who may view it. */
export const GET: RequestHandler = async (event) => {
	const exported = await prepareBoardExport(event);
	const csv = boardCsv(exported.content, exported.words, exported.author);
	return downloadResponse(csv, 'text/csv; charset=utf-8', exported.fileName('csv'));
};
