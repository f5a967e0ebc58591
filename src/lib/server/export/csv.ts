/**
 * CSV that spreadsheets open safely and correctly: UTF-8 with a byte-order mark (without it,
 * Excel reads Thai as mojibake), RFC 4180 quoting and CRLF line ends, and every text cell that
 * a spreadsheet would run as a formula (= + - @, or a leading tab / carriage return) neutralised
 * with a leading apostrophe (OWASP's advice for CSV injection).
 */

export type CsvValue = string | number | boolean | null | undefined | Date;

export interface CsvColumn<T> {
	header: string;
	value: (row: T) => CsvValue;
}

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: neutralised if it could start a formula, quoted if it needs to be. */
export function csvCell(value: CsvValue): string {
	let text: string;
	if (value === null || value === undefined) text = '';
	else if (value instanceof Date) text = value.toISOString();
	// A number is data, not a formula: -5 stays -5. Only text is neutralised.
	else if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : '';
	else if (typeof value === 'boolean') text = value ? 'true' : 'false';
	else text = FORMULA_START.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document (with BOM, header row, CRLF) from rows and their columns. */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: Iterable<T>): string {
	const lines = [columns.map((c) => csvCell(c.header)).join(',')];
	for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
	return BOM + lines.join('\r\n') + '\r\n';
}

/** A download response for a CSV document; `fileName` may be Thai. */
export function csvResponse(csv: string, fileName: string): Response {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
	return new Response(csv, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
			'X-Content-Type-Options': 'nosniff'
		}
	});
}
