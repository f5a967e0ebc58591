import { describe, expect, it } from 'vitest';
import { csvCell, csvResponse, toCsv } from '../../src/lib/server/export/csv.ts';

describe('CSV export', () => {
	it('starts with a UTF-8 byte-order mark so Excel reads Thai', async () => {
		const csv = toCsv([{ header: 'ชื่อ', value: (r: { name: string }) => r.name }], [{ name: 'บัตรคิวล่วงหน้า' }]);
		const bytes = new Uint8Array(await csvResponse(csv, 'ต้นแบบ.csv').arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(new TextDecoder().decode(bytes)).toContain('บัตรคิวล่วงหน้า');
	});

	it('neutralises cells that a spreadsheet would run as a formula', () => {
		expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
		expect(csvCell('+66 81 234 5678')).toBe("'+66 81 234 5678");
		expect(csvCell('-2+3')).toBe("'-2+3");
		expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
		expect(csvCell('\tcmd')).toBe("'\tcmd");
		expect(csvCell('\r=1')).toBe(`"'\r=1"`);
	});

	it('leaves numbers alone, negative ones included', () => {
		expect(csvCell(-5)).toBe('-5');
		expect(csvCell(3.25)).toBe('3.25');
	});

	it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('line 1\nline 2')).toBe('"line 1\nline 2"');
		expect(csvCell(null)).toBe('');
	});

	it('ends every record with CRLF, header first', () => {
		const csv = toCsv(
			[
				{ header: 'a', value: (r: number[]) => r[0] },
				{ header: 'b', value: (r: number[]) => r[1] }
			],
			[
				[1, 2],
				[3, 4]
			]
		);
		expect(csv).toBe('\uFEFFa,b\r\n1,2\r\n3,4\r\n');
	});

	it('offers a Thai file name safely in Content-Disposition', () => {
		const response = csvResponse('\uFEFF', 'พอร์ต "x".csv');
		const disposition = response.headers.get('content-disposition')!;
		expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
		expect(disposition).not.toContain('"x"');
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
	});
});
