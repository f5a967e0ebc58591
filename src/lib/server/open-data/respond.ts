import { csvResponse, toCsv } from '../export/csv.ts';
import { datasetJson, type Dataset } from './datasets.ts';

/** A dataset's JSON document: its name, its columns, and its rows keyed by column. */
export function datasetJsonText<T>(dataset: Dataset<T>): string {
	return JSON.stringify({ dataset: dataset.name, columns: dataset.columns.map((c) => c.header), rows: datasetJson(dataset) });
}

/** A dataset's file as served, for its size in the catalogue. */
export function datasetFile<T>(dataset: Dataset<T>, format: 'csv' | 'json'): string {
	return format === 'csv' ? toCsv(dataset.columns, dataset.rows) : datasetJsonText(dataset);
}

/** A dataset as a download: CSV (UTF-8 with BOM, for Excel and Thai) or JSON. */
export function datasetResponse<T>(dataset: Dataset<T>, format: string, fileStem: string): Response {
	if (format === 'csv') {
		const response = csvResponse(datasetFile(dataset, 'csv'), `${fileStem}.csv`);
		response.headers.set('Access-Control-Allow-Origin', '*');
		return response;
	}
	return new Response(datasetFile(dataset, 'json'), {
		headers: {
			'Content-Type': 'application/json',
			'Access-Control-Allow-Origin': '*',
			'Content-Disposition': `inline; filename="${fileStem}.json"`
		}
	});
}
