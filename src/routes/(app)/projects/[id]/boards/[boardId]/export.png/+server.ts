import { prepareBoardExport } from '$lib/server/board-export/request';
import { layoutBoard } from '$lib/server/board-export/layout';
import { renderScenePng } from '$lib/server/board-export/png';
import type { RequestHandler } from './$types';

/** The board (or `?section=ID`) as a PNG image, for anyone who may view it. */
export const GET: RequestHandler = async (event) => {
	const exported = await prepareBoardExport(event);
	return exported.download(renderScenePng(layoutBoard(exported.content, exported.words)), 'png');
};
