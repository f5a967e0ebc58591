import { downloadResponse } from '$lib/server/board-export/request';
import { prepareReportExport } from '$lib/server/workshops/report-request';
import { workshopReportCsv } from '$lib/server/workshops/report-export';
import type { RequestHandler } from './$types';

/** The notes of each step of the workshop report, as CSV (BOM, formula-like cells defused). */
export const GET: RequestHandler = async (event) => {
	const { report, words, fileName } = await prepareReportExport(event);
	return downloadResponse(workshopReportCsv(report, words), 'text/csv; charset=utf-8', fileName('csv'));
};
