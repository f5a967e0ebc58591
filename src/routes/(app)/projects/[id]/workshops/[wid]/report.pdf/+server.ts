import { downloadResponse } from '$lib/server/board-export/request';
import { prepareReportExport } from '$lib/server/workshops/report-request';
import { renderWorkshopReportPdf } from '$lib/server/workshops/report-export';
import type { RequestHandler } from './$types';

/** The workshop report as a PDF: cover, the agenda as run, each step's notes, every board as pictures. */
export const GET: RequestHandler = async (event) => {
	const { report, words, boards, fileName } = await prepareReportExport(event);
	const pdf = await renderWorkshopReportPdf(report, await boards(), words);
	return downloadResponse(pdf, 'application/pdf', fileName('pdf'));
};
