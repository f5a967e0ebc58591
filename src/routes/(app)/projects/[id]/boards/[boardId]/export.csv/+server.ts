import { prepareBoardExport } from '$lib/server/board-export/request';
import { boardCsv } from '$lib/server/board-export/csv';
import type { RequestHandler } from './$types';

/** The board's notes and their comments as CSV (whole board, or `?section=ID`), for anyone who may view it. */
export const GET: RequestHandler = async (event) => {
	const exported = await prepareBoardExport(event);
	return exported.download(boardCsv(exported.content, exported.words, exported.names), 'csv');
};
