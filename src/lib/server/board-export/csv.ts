import { toCsv, type CsvColumn } from '../export/csv.ts';
import type { BoardSection } from '../../board/schema.ts';
import type { BoardContent, ExportComment, ExportNames, ExportNote } from './content.ts';
import type { ExportWords } from './words.ts';

/**
 * The notes of a board as CSV (export/csv.ts: UTF-8 with BOM so Excel reads Thai, CRLF, cells
 * that would run as a formula defused), one row per note in reading order, headers in the
 * reader's language. A note's comments share one cell, a line each ("name: text", a reply after
 * "↳ "), so the table keeps one row per note.
 */
export function boardCsv(content: BoardContent, words: ExportWords, names: ExportNames): string {
	const commentLine = (c: ExportComment) => `${c.reply ? '↳ ' : ''}${names.person(c.author) || words.someone}: ${c.text}`;
	const sections = new Map<string, BoardSection>(content.sections.map((s) => [s.id, s]));
	const columns: CsvColumn<ExportNote>[] = [
		{ header: words.columns.section, value: (n) => (sections.has(n.section) ? words.sectionTitle(sections.get(n.section)!) : '') },
		{ header: words.columns.text, value: (n) => n.text },
		{ header: words.columns.color, value: (n) => words.colorName(n.color) },
		{ header: words.columns.author, value: (n) => names.note(n) },
		{ header: words.columns.dots, value: (n) => n.dots },
		{ header: words.columns.created, value: (n) => (n.created > 0 ? new Date(n.created) : null) },
		{ header: words.columns.comments, value: (n) => n.comments.map(commentLine).join('\n') }
	];
	return toCsv(columns, content.notes);
}
