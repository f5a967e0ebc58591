import { boardPages, coverPage, INK, MARGIN, MUTED, openPdf, PAGE, textBlock, type Cover } from '../board-export/pdf.ts';
import { wrapLines } from '../board-export/layout.ts';
import { lineMetrics } from '../feedback/poster/text-layout.ts';
import { toCsv } from '../export/csv.ts';
import type { BoardContent } from '../board-export/content.ts';
import type { ExportWords } from '../board-export/words.ts';
import type { ReportNote, ReportRound, ReportStep, WorkshopReport } from './report.ts';

/**
 * The workshop report as files to hand on: a PDF (the board export's pipeline: pdfkit, Sarabun
 * shaped by fontkit, so Thai reads as Chromium draws it) with a cover, the agenda as run, each
 * step's notes, then every board of the workshop as pictures; and the notes as CSV. The words
 * come in already in the reader's language (the route builds them), like the board export's.
 */
export interface ReportWords {
	cover: Cover;
	agenda: string;
	steps: string;
	/** "3. Brainstorm" */
	stepTitle(step: ReportStep): string;
	/** Planned and actual minutes, where, done count. */
	stepFacts(step: ReportStep): string;
	note(note: ReportNote): string;
	noNotes: string;
	/** "Round 2, opened …: 5 voted, 15 dots", the n-th of its step. */
	round(round: ReportRound, number: number): string;
	roundResult(result: ReportRound['results'][number]): string;
	roundEmpty: string;
	columns: { number: string; step: string; place: string; note: string; dots: string };
	place(step: ReportStep): string;
}

export interface ReportBoard {
	heading: string;
	content: BoardContent;
	words: ExportWords;
}

const WIDTH = PAGE.width - 2 * MARGIN;

/** Text that flows down the page and onto a new one when the page is full. */
class Flow {
	readonly #doc: PDFKit.PDFDocument;
	#y = PAGE.height;

	constructor(doc: PDFKit.PDFDocument) {
		this.#doc = doc;
	}

	page(): void {
		this.#doc.addPage();
		this.#y = MARGIN - 12;
	}

	write(text: string, style: { size: number; weight: 'regular' | 'bold'; color?: typeof INK; indent?: number; gap?: number }): void {
		const options = { size: style.size, weight: style.weight, maxWidth: WIDTH - (style.indent ?? 0), maxLines: 6 };
		const height = wrapLines(text, options).length * lineMetrics(style.size).lineHeight;
		if (this.#y + (style.gap ?? 0) + height > PAGE.height - MARGIN) this.page();
		else this.#y += style.gap ?? 0;
		this.#y = textBlock(this.#doc, text, MARGIN + (style.indent ?? 0), this.#y, { ...options, color: style.color ?? INK });
	}
}

export function renderWorkshopReportPdf(report: WorkshopReport, boards: readonly ReportBoard[], words: ReportWords): Promise<Buffer> {
	const { doc, done } = openPdf(words.cover.title);
	coverPage(doc, words.cover);
	const flow = new Flow(doc);
	flow.page();
	flow.write(words.agenda, { size: 18, weight: 'bold' });
	for (const step of report.steps) {
		flow.write(words.stepTitle(step), { size: 13, weight: 'bold', gap: 8 });
		flow.write(words.stepFacts(step), { size: 11, weight: 'regular', color: MUTED, indent: 16 });
	}
	flow.page();
	flow.write(words.steps, { size: 18, weight: 'bold' });
	for (const step of report.steps) {
		flow.write(words.stepTitle(step), { size: 14, weight: 'bold', gap: 14 });
		flow.write(words.stepFacts(step), { size: 11, weight: 'regular', color: MUTED, indent: 16 });
		if (step.notes.length === 0) flow.write(words.noNotes, { size: 12, weight: 'regular', color: MUTED, indent: 16, gap: 2 });
		for (const note of step.notes) flow.write(`• ${words.note(note)}`, { size: 12, weight: 'regular', indent: 16, gap: 2 });
		step.rounds.forEach((round, i) => {
			flow.write(words.round(round, i + 1), { size: 12, weight: 'bold', indent: 16, gap: 8 });
			if (round.results.length === 0) flow.write(words.roundEmpty, { size: 11, weight: 'regular', color: MUTED, indent: 32, gap: 2 });
			for (const result of round.results) flow.write(words.roundResult(result), { size: 11, weight: 'regular', indent: 32, gap: 2 });
		});
	}
	for (const board of boards) boardPages(doc, board.content, board.words, board.heading, true);
	doc.end();
	return done;
}

/** One row per note of each step's section (a step without notes has one row of its own). */
export function workshopReportCsv(report: WorkshopReport, words: ReportWords): string {
	const rows = report.steps.flatMap((step) =>
		step.notes.length > 0 ? step.notes.map((note) => ({ step, note: note as ReportNote | null })) : [{ step, note: null }]
	);
	return toCsv(
		[
			{ header: words.columns.number, value: (r) => r.step.number },
			{ header: words.columns.step, value: (r) => r.step.title },
			{ header: words.columns.place, value: (r) => words.place(r.step) },
			{ header: words.columns.note, value: (r) => r.note?.text ?? '' },
			{ header: words.columns.dots, value: (r) => r.note?.dots ?? null }
		],
		rows
	);
}
