import { prepareBoardExport } from '$lib/server/board-export/request';
import { layoutBoard } from '$lib/server/board-export/layout';
import { renderScenePng } from '$lib/server/board-export/png';
import { decodePictures } from '$lib/server/board-export/pictures';
import type { RequestHandler } from './$types';

/** The board (or `?section=ID`) as a PNG image with its photos, for anyone who may view it. */
export const GET: RequestHandler = async (event) => {
	const exported = await prepareBoardExport(event);
	return exported.download(renderScenePng(layoutBoard(exported.content, exported.words), decodePictures(await exported.imageFiles())), 'png');
};
