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
	/** When a round opened, as the page says it. */
	roundOpened(round: ReportRound): string;
	columns: {
		kind: string;
		number: string;
		step: string;
		place: string;
		note: string;
		dots: string;
		round: string;
		opened: string;
		secret: string;
		voters: string;
		roundDots: string;
		people: string;
		count: string;
		names: string;
	};
	/** What a CSV row is: a note of a step, a note's dots in a voting round, a group of participants. */
	kinds: { note: string; round: string; people: string };
	/** The word in the secret column for a secret round. */
	secret: string;
	/** The groups of participants: the team, those of it in the room, the guests. */
	people: { team: string; present: string; guests: string };
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

type CsvRow =
	| { kind: 'note'; step: ReportStep; note: ReportNote | null }
	| { kind: 'round'; step: ReportStep; round: ReportRound; number: number; result: ReportRound['results'][number] | null }
	| { kind: 'people'; group: keyof ReportWords['people']; count: number; names: string[] };

/**
 * The report as one table, a row of each kind in the report's order: each step's notes (one row per
 * note of its section, a step without notes has one row of its own), then its voting rounds (one row
 * per note that got dots, with the round's number, time, voters and dots on each; a round nobody
 * voted in has one row), then who took part (the team, those of it in the room, the guests): how
 * many, and their names only when the reader sees names (the page's rule, `buildWorkshopReport`).
 */
export function workshopReportCsv(report: WorkshopReport, words: ReportWords): string {
	const rows: CsvRow[] = report.steps.flatMap((step): CsvRow[] => [
		...(step.notes.length > 0 ? step.notes.map((note) => ({ kind: 'note' as const, step, note })) : [{ kind: 'note' as const, step, note: null }]),
		...step.rounds.flatMap((round, i) =>
			(round.results.length > 0 ? round.results : [null]).map((result) => ({ kind: 'round' as const, step, round, number: i + 1, result }))
		)
	]);
	rows.push(
		{ kind: 'people', group: 'team', count: report.counts.team, names: report.team.map((p) => p.name) },
		{ kind: 'people', group: 'present', count: report.counts.present, names: report.present.map((p) => p.name) },
		{ kind: 'people', group: 'guests', count: report.counts.guests, names: report.guests }
	);
	const step = (r: CsvRow) => (r.kind === 'people' ? null : r.step);
	const round = (r: CsvRow) => (r.kind === 'round' ? r.round : null);
	return toCsv<CsvRow>(
		[
			{ header: words.columns.kind, value: (r) => words.kinds[r.kind] },
			{ header: words.columns.number, value: (r) => step(r)?.number },
			{ header: words.columns.step, value: (r) => step(r)?.title },
			{ header: words.columns.place, value: (r) => (r.kind === 'people' ? null : words.place(r.step)) },
			{ header: words.columns.note, value: (r) => (r.kind === 'note' ? r.note?.text : r.kind === 'round' ? r.result?.text : null) },
			{ header: words.columns.dots, value: (r) => (r.kind === 'note' ? r.note?.dots : r.kind === 'round' ? r.result?.count : null) },
			{ header: words.columns.round, value: (r) => (r.kind === 'round' ? r.number : null) },
			{ header: words.columns.opened, value: (r) => (r.kind === 'round' ? words.roundOpened(r.round) : null) },
			{ header: words.columns.secret, value: (r) => (round(r)?.secret ? words.secret : null) },
			{ header: words.columns.voters, value: (r) => round(r)?.voters },
			{ header: words.columns.roundDots, value: (r) => round(r)?.dots },
			{ header: words.columns.people, value: (r) => (r.kind === 'people' ? words.people[r.group] : null) },
			{ header: words.columns.count, value: (r) => (r.kind === 'people' ? r.count : null) },
			{ header: words.columns.names, value: (r) => (r.kind === 'people' ? r.names.join(', ') : null) }
		],
		rows
	);
}
