import { toCsv, type CsvColumn } from '../export/csv.ts';
import type { BoardSection } from '../../board/schema.ts';
import type { BoardContent, ExportComment, ExportImage, ExportNames, ExportNote } from './content.ts';
import type { ExportWords } from './words.ts';

type Row = { kind: 'note'; item: ExportNote } | { kind: 'image'; item: ExportImage };

/**
 * The notes of a board as CSV (export/csv.ts: UTF-8 with BOM so Excel reads Thai, CRLF, cells
 * that would run as a formula defused), one row per note in reading order, then one per image
 * (its description as the text, the section its centre is in), headers in the reader's language.
 * A note's comments share one cell, a line each ("name: text", a reply after "↳ "), so the table
 * keeps one row per note. The kind column comes last, so the columns before it read as they
 * always did.
 */
export function boardCsv(content: BoardContent, words: ExportWords, names: ExportNames): string {
	const commentLine = (c: ExportComment) => `${c.reply ? '↳ ' : ''}${names.person(c.author) || words.someone}: ${c.text}`;
	const sections = new Map<string, BoardSection>(content.sections.map((s) => [s.id, s]));
	const columns: CsvColumn<Row>[] = [
		{ header: words.columns.section, value: ({ item }) => (sections.has(item.section) ? words.sectionTitle(sections.get(item.section)!) : '') },
		{ header: words.columns.text, value: (row) => (row.kind === 'note' ? row.item.text : row.item.alt || words.images.undescribed) },
		{ header: words.columns.color, value: (row) => (row.kind === 'note' ? words.colorName(row.item.color) : '') },
		{ header: words.columns.author, value: ({ item }) => names.note(item) },
		{ header: words.columns.dots, value: (row) => (row.kind === 'note' ? row.item.dots : null) },
		{ header: words.columns.created, value: ({ item }) => (item.created > 0 ? new Date(item.created) : null) },
		{ header: words.columns.comments, value: (row) => (row.kind === 'note' ? row.item.comments.map(commentLine).join('\n') : '') },
		{ header: words.images.kind, value: (row) => (row.kind === 'note' ? words.images.note : words.images.image) }
	];
	const rows: Row[] = [
		...content.notes.map((item) => ({ kind: 'note' as const, item })),
		...(content.images ?? []).map((item) => ({ kind: 'image' as const, item }))
	];
	return toCsv(columns, rows);
}
