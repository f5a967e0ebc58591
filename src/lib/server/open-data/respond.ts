import { json } from '@sveltejs/kit';
import { csvResponse, toCsv } from '../export/csv.ts';
import { datasetJson, type Dataset } from './datasets.ts';

/** A dataset as a download: CSV (UTF-8 with BOM, for Excel and Thai) or JSON. */
export function datasetResponse<T>(dataset: Dataset<T>, format: string, fileStem: string): Response {
	if (format === 'csv') {
		const response = csvResponse(toCsv(dataset.columns, dataset.rows), `${fileStem}.csv`);
		response.headers.set('Access-Control-Allow-Origin', '*');
		return response;
	}
	return json(
		{ dataset: dataset.name, columns: dataset.columns.map((c) => c.header), rows: datasetJson(dataset) },
		{ headers: { 'Access-Control-Allow-Origin': '*', 'Content-Disposition': `inline; filename="${fileStem}.json"` } }
	);
}
